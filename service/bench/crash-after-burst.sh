#!/usr/bin/env bash
# A crash at the worst moment intake-first allows: a 10 s wrk burst at saturation leaves a large backlog of accepted,
# unfinished executions; the service is killed with SIGKILL the moment wrk stops, restarted on the same DATA_DIR,
# and timed until it listens again and until the backlog is drained. Then it checks that every webhook accepted
# before the kill is COMPLETED (webhook_records{status}, counted from the store), and fails if one is not. (There may
# be a few more COMPLETED records than 202s counted: a request still in flight when wrk stopped can be stored
# before the kill without its answer being counted.)
# Usage: service/bench/crash-after-burst.sh [runs=1] [duration=10s] [connections=256]
# Needs: wrk (apt-get install -y wrk), curl, bc, a built service/target/webhook-service.jar, JAVA_HOME (JDK 21+).
set -euo pipefail
RUNS=${1:-1}
DURATION=${2:-10s}
CONNECTIONS=${3:-256}
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/common.sh"   # JAVA, DEFAULT_JAR, PORT, URL; the service in $PID is killed when the script exits
JAR=${JAR:-"$DEFAULT_JAR"}

failed=0
for run in $(seq 1 "$RUNS"); do
  echo "machine: $(nproc) CPUs, $(uptime | sed 's/.*load/load/')"
  DATA=$(mktemp -d /tmp/webhook-crash.XXXXXX)
  cp "$JAR" "$DATA/service.jar"
  PORT=$PORT DATA_DIR="$DATA" "$JAVA" -jar "$DATA/service.jar" > "$DATA/first.out" 2>&1 &
  PID=$!
  await_listening "$DATA/first.out"
  wrk -t2 -c64 -d10s -s "$HERE/post-webhook.lua" "$URL/webhook" > /dev/null   # warm-up (JIT)
  await_drained
  RPS=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" -s "$HERE/post-webhook.lua" "$URL/webhook" | awk '/Requests\/sec/ {print $2}')
  ACCEPTED=$(metric webhooks_accepted_total)
  BACKLOG=$(metric webhook_executions_inflight)
  kill -9 "$PID"; wait "$PID" 2>/dev/null || true

  START=$(date +%s.%N)
  PORT=$PORT DATA_DIR="$DATA" "$JAVA" -jar "$DATA/service.jar" > "$DATA/second.out" 2>&1 &
  PID=$!
  await_listening "$DATA/second.out"
  LISTENING=$(date +%s.%N)
  await_drained
  DRAINED=$(date +%s.%N)
  sleep 1.5   # webhook_records is counted at most once a second
  COMPLETED=$(curl -s "$URL/metrics" | awk '/^webhook_records\{status="COMPLETED"/ {printf "%d", $2}')
  echo "run $run: burst accepts/s=$RPS; killed with accepted=$ACCEPTED backlog=$BACKLOG;" \
       "after restart: listening in $(echo "$LISTENING - $START" | bc | xargs printf '%.1f') s," \
       "backlog drained in $(echo "$DRAINED - $START" | bc | xargs printf '%.1f') s; COMPLETED records=$COMPLETED" \
       "($(grep -o 'Recovered [0-9]* unfinished' "$DATA/second.out" || echo 'nothing recovered'))"
  if [ "$COMPLETED" -lt "$ACCEPTED" ]; then
    echo "run $run: FAILED: $ACCEPTED webhooks were accepted before the kill, $COMPLETED records are COMPLETED" >&2
    failed=1
  fi
  kill "$PID"; wait "$PID" 2>/dev/null || true
  rm -rf "$DATA"
done
exit $failed
