#!/usr/bin/env bash
# Saturation figures of the service with wrk on loopback: accepted webhooks/s over a burst, completed
# executions/s (from the service's own webhook_executions_total counter) during the burst and until the backlog is
# drained, the backlog the burst left (webhook_executions_inflight when wrk stopped), and the service's CPU time per
# webhook over the burst and the drain (Linux /proc; accept and completion together).
# Usage: [SCRIPT=post-webhook-keyed.lua] [JARS="a.jar b.jar"] service/bench/run-wrk.sh [runs=3] [duration=10s] [connections=256]
# (SCRIPT: the wrk Lua script in this directory; default post-webhook.lua, no dedup header. JARS: service jars to
# compare side by side, each run alternating between them; default the module's target/webhook-service.jar)
# Needs: wrk (apt-get install -y wrk), curl, a built service/target/webhook-service.jar, JAVA_HOME (JDK 21+).
set -euo pipefail
RUNS=${1:-3}
DURATION=${2:-10s}
CONNECTIONS=${3:-256}
HERE=$(cd "$(dirname "$0")" && pwd)
SCRIPT="$HERE/${SCRIPT:-post-webhook.lua}"
. "$HERE/common.sh"   # JAVA, DEFAULT_JAR, PORT, URL; the service in $PID is killed when the script exits
JARS=${JARS:-"$DEFAULT_JAR"}

for run in $(seq 1 "$RUNS"); do
for JAR in $JARS; do
  echo "machine: $(nproc) CPUs, $(uptime | sed 's/.*load/load/'); jar: $JAR"
  DATA=$(mktemp -d /tmp/webhook-bench.XXXXXX)
  cp "$JAR" "$DATA/service.jar"   # a private copy: rebuilding the module must not pull the jar from under the run
  PORT=$PORT DATA_DIR="$DATA" "$JAVA" -jar "$DATA/service.jar" > "$DATA/out" 2> "$DATA/err" &
  PID=$!
  await_listening "$DATA/out"
  # Warm-up (JIT): 10 s at lower concurrency, then let the backlog drain before the measured burst.
  wrk -t2 -c64 -d10s -s "$SCRIPT" "$URL/webhook" > /dev/null
  await_drained
  sleep 2
  BASE_ACCEPTED=$(metric webhooks_accepted_total)
  BASE_DONE=$(metric 'webhook_executions_total')
  BASE_TICKS=$(cpu_ticks "$PID")
  START=$(date +%s.%N)
  WRK=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" -s "$SCRIPT" "$URL/webhook")
  BURST_END=$(date +%s.%N)
  ACCEPTED=$(( $(metric webhooks_accepted_total) - BASE_ACCEPTED ))
  DONE_IN_BURST=$(( $(metric 'webhook_executions_total') - BASE_DONE ))
  BACKLOG=$(metric webhook_executions_inflight)
  await_drained   # every accepted execution finished
  END=$(date +%s.%N)
  END_TICKS=$(cpu_ticks "$PID")
  DONE=$(( $(metric 'webhook_executions_total') - BASE_DONE ))
  ACCEPTED=$(( $(metric webhooks_accepted_total) - BASE_ACCEPTED ))   # requests in flight when wrk stopped count too
  RPS=$(echo "$WRK" | awk '/Requests\/sec/ {print $2}')
  LAT=$(echo "$WRK" | grep '^p50=')
  NON2XX=$(echo "$WRK" | awk '/Non-2xx/ {print $5}')
  ERRORS=$(echo "$WRK" | awk '/Socket errors/ {print $0}')
  echo "run $run: accepts/s=$RPS ($LAT) non2xx=${NON2XX:-0} ${ERRORS:+($ERRORS)} accepted=$ACCEPTED completed=$DONE" \
       "completed/s: in the burst=$(echo "$DONE_IN_BURST / ($BURST_END - $START)" | bc -l | xargs printf '%.0f')" \
       "burst start to last completion=$(echo "$DONE / ($END - $START)" | bc -l | xargs printf '%.0f')" \
       "backlog at burst end=$BACKLOG drained in $(echo "$END - $BURST_END" | bc -l | xargs printf '%.1f') s" \
       "cpu-us/webhook=$( [ "$BASE_TICKS" -ge 0 ] && [ "$ACCEPTED" -gt 0 ] && echo $(( (END_TICKS - BASE_TICKS) * 10000 / ACCEPTED )) || echo n/a)"
  kill "$PID"; wait "$PID" 2>/dev/null || true
  rm -rf "$DATA"
done
done
