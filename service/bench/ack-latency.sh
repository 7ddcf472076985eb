#!/usr/bin/env bash
# Ack latency at a fixed arrival rate, from a load generator lighter than Gatling: wrk sends signed, never
# repeated webhooks (paced-signed.lua), arrivals evenly spaced, and times each answer from the moment its request was
# due, as an open model does (a stall counts against every request it held back). Beside it: the service's own view
# of the same window (POST /webhook and COMMIT histograms from /metrics; bucket upper bounds), its CPU and its commits
# per webhook, and the generator's own part (latency from sending; requests it sent late with their connection free).
# Each run starts a fresh service, warms it up for 40 s at half the rate (as IntakeSimulation does), then runs 10 s at
# the full rate (printed, not counted: the first seconds after the step up had the longer tails, while the JIT and the
# collector adjust), then measures. At the end, the median (min–max) of the measured windows per jar. A
# measured window with any answer other than 202 makes the script fail.
# Usage: [JARS="a.jar b.jar"] [RATE=2000] [JVM_ARGS="..."] service/bench/ack-latency.sh [runs=3] [duration=15s]
#        [connections=16]
# (JARS: service jars to compare side by side, alternating run by run; default the module's target/webhook-service.jar.
# connections: wrk threads, one connection each; each sends every connections/RATE seconds.)
# Needs: wrk (apt-get install -y wrk), curl, python3, a built service/target/webhook-service.jar, JAVA_HOME (JDK 21+).
set -euo pipefail
RUNS=${1:-3}
DURATION=${2:-15s}
CONNECTIONS=${3:-16}
RATE=${RATE:-2000}
WARMUP=40s
SETTLE=10s
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/common.sh"   # JAVA, DEFAULT_JAR, PORT, URL; the service in $PID is killed when the script exits
JARS=${JARS:-"$DEFAULT_JAR"}

SECONDS_MEASURED=${DURATION%s}
RESULTS=$(mktemp /tmp/ack-latency.XXXXXX)
echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $RATE/s for $DURATION" \
     "over $CONNECTIONS connections after $WARMUP at $((RATE / 2))/s and $SETTLE at $RATE/s;" \
     "commit $(git -C "$HERE" rev-parse --short HEAD 2>/dev/null || echo '?')"

paced() { # rate duration requests-file -> the script's two summary lines (answers, generator)
  REQUESTS=$3 RATE=$1 THREADS=$CONNECTIONS wrk -t"$CONNECTIONS" -c"$CONNECTIONS" -d"$2" -s "$HERE/paced-signed.lua" \
      "$URL/webhook" | grep -E '^(answers|generator)'
}

requests() { # rate duration file: signed with this run's $SECRET, a tenth more than the duration needs
  python3 "$HERE/make-signed-requests.py" "$SECRET" $(($1 * ${2%s} * 11 / 10)) "$3"
}

failed=0
for run in $(seq 1 "$RUNS"); do
for JAR in $JARS; do
  DATA=$(mktemp -d /tmp/webhook-ack.XXXXXX)
  cp "$JAR" "$DATA/service.jar"   # a private copy: rebuilding the module must not pull the jar from under the run
  SECRET="whsec_$(head -c 24 /dev/urandom | base64)"
  # shellcheck disable=SC2086 # JVM_ARGS is a list of options
  PORT=$PORT DATA_DIR="$DATA/data" WEBHOOK_SECRET=$SECRET "$JAVA" ${JVM_ARGS:-} -jar "$DATA/service.jar" \
      > "$DATA/out" 2> "$DATA/err" &
  PID=$!
  await_listening "$DATA/out"
  requests $((RATE / 2)) "$WARMUP" "$DATA/warmup.txt"
  paced $((RATE / 2)) "$WARMUP" "$DATA/warmup.txt" > /dev/null
  # Made now: their timestamps must be within the service's 300 s tolerance when sent.
  requests "$RATE" "$SETTLE" "$DATA/settle.txt"
  requests "$RATE" "$DURATION" "$DATA/measured.txt"
  echo "run $run $(basename "$JAR"), not counted: $(paced "$RATE" "$SETTLE" "$DATA/settle.txt" | grep "^answers")"
  curl -s --max-time 10 "$URL/metrics" > "$DATA/metrics.before"
  BASE_TICKS=$(cpu_ticks "$PID")
  SUMMARY=$(paced "$RATE" "$DURATION" "$DATA/measured.txt")
  LINE=$(echo "$SUMMARY" | grep '^answers')
  GENERATOR=$(echo "$SUMMARY" | grep '^generator')
  if ! echo "$LINE" | grep -qE '\(202=[0-9]+\)'; then
    # A latency of refusals is no ack latency: a 401 (signature, clock) or a 503 (a bound) makes the run not count.
    echo "FAILED: run $run $(basename "$JAR") had answers other than 202: $LINE" >&2
    failed=1
  fi
  END_TICKS=$(cpu_ticks "$PID")
  curl -s --max-time 10 "$URL/metrics" > "$DATA/metrics.after"
  SERVICE=$(python3 - "$DATA/metrics.before" "$DATA/metrics.after" <<'EOF'
import re, sys
def histograms(path):
    found = {}
    for line in open(path):
        m = re.match(r'(\w+)_bucket\{.*le="([^"]+)".*\} (\S+)', line)
        if m:
            found.setdefault(m.group(1), {})[float(m.group(2))] = float(m.group(3))
    return found
before, after = histograms(sys.argv[1]), histograms(sys.argv[2])
def upper_bound_ms(name, p):
    buckets = sorted((le, n - before.get(name, {}).get(le, 0)) for le, n in after.get(name, {}).items())
    total = buckets[-1][1] if buckets else 0
    return next((le * 1000 for le, n in buckets if total and n >= total * p / 100), float("nan")), total
intake99, accepted = upper_bound_ms("webhooks_intake_duration_seconds", 99)
commit99, commits = upper_bound_ms("webhook_store_commit_duration_seconds", 99)
print(f"{intake99:.2f} {commit99:.2f} {commits / accepted if accepted else float('nan'):.2f}")
EOF
)
  read -r INTAKE99 COMMIT99 COMMITS_PER <<< "$SERVICE"
  CPU=$(( (END_TICKS - BASE_TICKS) / SECONDS_MEASURED ))
  echo "run $run $(basename "$JAR"): $LINE"
  echo "    $GENERATOR"
  echo "    service: POST /webhook p99 <= $INTAKE99 ms, COMMIT p99 <= $COMMIT99 ms, $COMMITS_PER commits/webhook," \
       "CPU $CPU % of a core; $(uptime | sed 's/.*load/load/')"
  PERCENTILES=$(echo "$LINE" | grep -oE '(p50|p90|p99|p99\.9|max) [0-9.]+' | awk '{printf "%s ", $2}')
  SENT99=$(echo "$GENERATOR" | grep -oE 'p99 [0-9.]+' | head -1 | cut -d' ' -f2)
  echo "$JAR $PERCENTILES $INTAKE99 ${SENT99:-nan} $CPU" >> "$RESULTS"
  stop_service
  rm -rf "$DATA"
done
done

echo
echo "median (min–max) of $RUNS runs, ms from the due time; service p99 from its own histogram; p99 from sending:"
python3 - "$RESULTS" <<'EOF'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    jar, *values = line.split()
    rows.setdefault(jar, []).append([float(v) for v in values])
print("| jar | p50 | p90 | p99 | p99.9 | max | service p99 | p99 from sending | service CPU % |")
print("|---|---|---|---|---|---|---|---|---|")
for jar, runs in rows.items():
    cells = []
    for column in zip(*runs):
        cells.append(f"{statistics.median(column):.2f} ({min(column):.2f}–{max(column):.2f})")
    print(f"| {jar.rsplit('/', 1)[-1]} | " + " | ".join(cells) + " |")
EOF
rm -f "$RESULTS"
exit "$failed"
