# Sourced by the scripts in this directory: the JVM and jar to run the service with, the port it listens on
# (BENCH_PORT, default 18089) and how to watch and stop it.
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
DEFAULT_JAR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/../target/webhook-service.jar"
PORT=${BENCH_PORT:-18089}
URL="http://127.0.0.1:$PORT"

# The sourcing script keeps the service it started in PID (and empties it once stopped), and a helper process it
# started, if any, in HELPER: whatever way the script ends, even a failing step under `set -e`, neither is left
# running.
PID=
HELPER=
trap '[ -n "$PID" ] && kill "$PID" 2>/dev/null; [ -n "$HELPER" ] && kill "$HELPER" 2>/dev/null; true' EXIT

# Stops the service in $PID and empties PID. SIGTERM first; a JVM that ran out of heap may never finish its shutdown,
# so SIGKILL after 10 s.
stop_service() {
  kill "$PID" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$PID" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$PID" 2>/dev/null || true
  wait "$PID" 2>/dev/null || true
  PID=
}

# The sum of metric $1's samples in /metrics (all its label sets; not other metrics whose names it begins), as a
# whole number; 0 when absent.
metric() {
  curl -s --max-time 10 "$URL/metrics" | awk -v m="$1" '$1 == m || index($1, m "{") == 1 {s += $2} END {printf "%d", s}'
}

# Waits (at most 120 s) for the service writing to log file $1 to print its "Listening on" line; gives up at once
# when the service (process $PID, where the script set it) has exited.
await_listening() {
  for _ in $(seq 1 1200); do
    grep -q "Listening on" "$1" 2>/dev/null && return 0
    if [ -n "${PID:-}" ] && ! kill -0 "$PID" 2>/dev/null; then
      echo "the service exited before listening: see $1 and the error output beside it" >&2
      return 1
    fi
    sleep 0.1
  done
  echo "the service did not start listening within 120 s: see $1" >&2
  return 1
}

# Waits (at most 180 s) until no accepted execution is unfinished.
await_drained() {
  for _ in $(seq 1 1800); do [ "$(metric webhook_executions_inflight)" -eq 0 ] && return 0; sleep 0.1; done
  echo "the backlog did not drain within 180 s ($(metric webhook_executions_inflight) unfinished)" >&2
  return 1
}

# User + system CPU time of process $1 in 1/100 s (Linux /proc); -1 where there is no /proc.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo -1; }
