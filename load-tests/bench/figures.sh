#!/usr/bin/env bash
# The load-tests figures of BENCHMARKS.md: IntakeSimulation at 2,000/s (ack latency beside the /health baseline,
# service CPU and RSS) and EndToEndSimulation at 500/s (service-timed accept→COMPLETED, completions/s), each run
# RUNS times against a fresh local service, then one table per simulation with the median (min–max).
# Usage: load-tests/bench/figures.sh [runs=3] [extra -D options for every run...]
# Needs: a built service/target/webhook-service.jar, JAVA_HOME (JDK 21+), python3.
set -euo pipefail
RUNS=${1:-3}
shift || true
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
OUT="$ROOT/load-tests/target/gatling"
LOGS=$(mktemp -d /tmp/load-figures.XXXXXX)

echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/ {print $2}') GiB," \
     "$("${JAVA_HOME:+$JAVA_HOME/bin/}java" -version 2>&1 | head -1)"
echo "date: $(date -u +%Y-%m-%dT%H:%MZ), commit $(git -C "$ROOT" rev-parse --short HEAD)"

run() { # simulation, label -> prints the run directory
  local sim=$1 before after
  before=$(ls -d "$OUT"/"${sim,,}"-* 2>/dev/null | sort | tail -1 || true)
  echo "  $(uptime | sed 's/.*load/load/') — $sim run $2" >&2
  # -Dassert.*=1000000: never fail the run here; the figures are read from the report whatever they are.
  (cd "$ROOT" && mvn -q -pl load-tests gatling:test -Dgatling.simulationClass="dev.durablehooks.load.$sim" \
      -Dassert.ackP99Ms=1000000 -Dassert.e2eP50Ms=1000000 -Dassert.e2eP99Ms=1000000 "${@:3}" \
      > "$LOGS/$sim-$2.log" 2>&1) || echo "  (run failed, see $LOGS/$sim-$2.log)" >&2
  after=$(ls -d "$OUT"/"${sim,,}"-* 2>/dev/null | sort | tail -1 || true)
  [ "$after" != "$before" ] && echo "$after"
}

intake=(); e2e=()
for i in $(seq 1 "$RUNS"); do
  d=$(run IntakeSimulation "$i" "$@") && intake+=("$d")
  d=$(run EndToEndSimulation "$i" "$@") && e2e+=("$d")
done
if [ ${#intake[@]} -eq 0 ] || [ ${#e2e[@]} -eq 0 ]; then
  echo "no complete run of both simulations: see the logs in $LOGS" >&2
  exit 1
fi
echo
echo "IntakeSimulation (2,000/s unless -Dload.rate; latencies in ms):"
python3 "$HERE/report_table.py" intake "${intake[@]}"
echo
echo "EndToEndSimulation (500/s unless -Dload.rate; latencies in ms, from the service's timestamps):"
python3 "$HERE/report_table.py" e2e "${e2e[@]}"
echo
echo "logs: $LOGS"
