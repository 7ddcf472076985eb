#!/usr/bin/env bash
# Sustained overload in a given heap: wrk sends unsigned webhooks at 256 connections, as fast as the service answers,
# for the whole duration (wrk ignores Retry-After), so the backlog of accepted, unfinished executions grows until
# intake's bounds (MAX_BACKLOG, MAX_BACKLOG_BYTES, MAX_INTAKE_BYTES) refuse with 503. Every 10 s it prints the
# backlog, its estimated heap, the refusals so far (all reasons; under this load they are 503s) and the process's
# RSS. At the end: wrk's figures, the longest GC pauses, and the checks that make the run fail: an OutOfMemoryError
# in the service's output, a service that stopped answering, or a backlog that does not drain to every accepted
# webhook COMPLETED.
# Usage: service/bench/overload.sh [heap=256m] [duration=60s] [connections=256]
#        LUA=service/bench/post-webhook-large.lua service/bench/overload.sh 256m 30s   (~240 KB bodies)
#        SHAPE=objects LUA=service/bench/post-webhook-large.lua ...   (~240 KB of empty objects: the most heap per
#                                                             byte once parsed)
#        FORWARD_DELAY=3 ...   (forwards to slow-downstream.py answering after 3 s: executions stay running, at up to
#                               MAX_CONCURRENT_EXECUTIONS = 512 at once, until MAX_RUNNING_HEAP_BYTES holds them back)
# Needs: wrk (apt-get install -y wrk), curl, a built service/target/webhook-service.jar, JAVA_HOME (JDK 21+).
set -euo pipefail
HEAP=${1:-256m}
DURATION=${2:-60s}
CONNECTIONS=${3:-256}
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/common.sh"   # JAVA, DEFAULT_JAR, PORT, URL; the service in $PID is killed when the script exits
JAR=${JAR:-"$DEFAULT_JAR"}
if [ -n "${LUA:-}" ] && [ ! -f "$LUA" ]; then
  echo "LUA=$LUA: no such file (wrk would send plain GETs instead)" >&2
  exit 2
fi
FORWARD=()
if [ -n "${FORWARD_DELAY:-}" ]; then
  python3 "$HERE/slow-downstream.py" $((PORT + 1)) "$FORWARD_DELAY" &
  HELPER=$!
  FORWARD=(FORWARD_URL="http://127.0.0.1:$((PORT + 1))/hook" FORWARD_TIMEOUT_MS=60000)
fi

FORWARDING=${FORWARD_DELAY:+, forwarding to a downstream that takes $FORWARD_DELAY s}
echo "machine: $(nproc) CPUs, $(uptime | sed 's/.*load/load/'); heap -Xmx$HEAP, $DURATION at $CONNECTIONS connections," \
     "$(basename "${LUA:-post-webhook.lua}")${SHAPE:+ (SHAPE=$SHAPE)}$FORWARDING"
DATA=$(mktemp -d /tmp/webhook-overload.XXXXXX)
env "${FORWARD[@]}" PORT=$PORT DATA_DIR="$DATA/data" "$JAVA" "-Xmx$HEAP" -Xlog:gc:file="$DATA/gc.log" -jar "$JAR" \
    > "$DATA/service.out" 2>&1 &
PID=$!
await_listening "$DATA/service.out"

rss_mib() { echo $(( $(awk '/VmRSS/ {print $2}' "/proc/$PID/status") / 1024 )); }
(
  elapsed=0
  while sleep 10; do
    elapsed=$((elapsed + 10))
    echo "t=${elapsed}s accepted=$(metric webhooks_accepted_total) backlog=$(metric webhook_executions_inflight)" \
         "backlog-heap=$(( $(metric webhook_executions_inflight_heap_bytes) / 1048576 ))MiB" \
         "running-heap=$(( $(metric webhook_executions_running_heap_bytes) / 1048576 ))MiB" \
         "refused=$(metric webhooks_rejected_total) rss=$(rss_mib)MiB"
  done
) &
MONITOR=$!
wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --timeout 10s -s "${LUA:-$HERE/post-webhook.lua}" "$URL/webhook" \
  | grep -E "Requests/sec|Non-2xx|p50|Socket errors"
kill "$MONITOR" 2>/dev/null || true

failed=0
if ! curl -sf -o /dev/null --max-time 10 "$URL/health"; then
  echo "FAILED: the service does not answer /health after the overload" >&2
  failed=1
else
  START=$(date +%s)
  await_drained || failed=1
  sleep 1.5   # webhook_records is counted at most once a second
  ACCEPTED=$(metric webhooks_accepted_total)
  COMPLETED=$(curl -s "$URL/metrics" | awk '/^webhook_records\{status="COMPLETED"/ {printf "%d", $2}')
  echo "drained in $(( $(date +%s) - START )) s: accepted=$ACCEPTED completed=$COMPLETED" \
       "refused=$(metric webhooks_rejected_total) rss=$(rss_mib)MiB"
  if [ "$COMPLETED" -lt "$ACCEPTED" ]; then
    echo "FAILED: $ACCEPTED webhooks were accepted, $COMPLETED records are COMPLETED" >&2
    failed=1
  fi
fi
stop_service
echo "longest GC pauses: $(grep -o 'Pause.* [0-9.]*ms' "$DATA/gc.log" | awk '{print $NF}' | sort -n | tail -3 | xargs)"
if grep -q "OutOfMemoryError" "$DATA/service.out"; then
  echo "FAILED: the service ran out of heap: $(grep -c OutOfMemoryError "$DATA/service.out") OutOfMemoryError lines in its output" >&2
  failed=1
fi
rm -rf "$DATA"
exit $failed
