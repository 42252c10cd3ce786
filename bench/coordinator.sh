#!/usr/bin/env bash
# Load benchmark of the service-boundary-coordinator: GET /api/v1/health/integration (served from
# the last probe round's pre-encoded snapshot) beside a trivial endpoint in the same JVM as the
# baseline, first with every peer up, then with one peer (a second adapter instance) accepting
# connections and never answering. wrk with 2 threads and 64 connections on the same 2 cores;
# after a warm-up, each round measures the baseline and the report back to back, RUNS rounds
# (default 5); the table shows medians, and the ratio is the median of the rounds' own ratios,
# which keeps the load of anything else on the machine out of it as far as it can.
#   bash bench/coordinator.sh         (DURATION=5s CONNECTIONS=64 RUNS=5 to change)
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-5s}
CONNECTIONS=${CONNECTIONS:-64}
RUNS=${RUNS:-5}
COORDINATOR_PORT=18529
BASELINE_PORT=18599
work=$(mktemp -d)

command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
if [ ! -f bench/target/classpath.txt ] || [ ! -f bench/target/classes/authsuite/bench/CoordinatorBenchServer.class ]; then
  # package from the reactor (never install): the classpath then points at each module's target/ jar
  mvn -B -q -ntp -pl bench -am -DskipTests package
fi

COORDINATOR_PROBE_INTERVAL_MS=${COORDINATOR_PROBE_INTERVAL_MS:-1000} \
  java ${BENCH_JAVA_OPTS:--Xms512m -Xmx512m} -cp "bench/target/classes:$(cat bench/target/classpath.txt)" \
  authsuite.bench.CoordinatorBenchServer "$COORDINATOR_PORT" "$BASELINE_PORT" > "$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 150); do
  grep -q '^ready' "$work/server.log" 2>/dev/null && break
  sleep 0.2
done
grep -q '^ready' "$work/server.log" || { echo "the benchmark server did not start:"; tail -20 "$work/server.log"; exit 1; }

run_wrk() { # url -> "rps p50_ms p99_ms"
  wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "$1" | awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /^ +50%/ { p50 = ms($2) } /^ +99%/ { p99 = ms($2) } /Requests\/sec/ { rps = $2 }
    END { printf "%.0f %.2f %.2f\n", rps, p50, p99 }'
}

baseline="http://127.0.0.1:$BASELINE_PORT/"
integration="http://127.0.0.1:$COORDINATOR_PORT/api/v1/health/integration"
measure_phase() { # phase name -> rows in $work/<phase>-<case>.txt, baseline and integration alternating
  for url in "$baseline" "$integration"; do wrk -t2 -c"$CONNECTIONS" -d5s "$url" > /dev/null; done
  for _ in $(seq 1 "$RUNS"); do
    read -r b _ _ <<< "$(run_wrk "$baseline" | tee -a "$work/$1-baseline.txt")"
    read -r i _ _ <<< "$(run_wrk "$integration" | tee -a "$work/$1-integration.txt")"
    awk -v a="$i" -v b="$b" 'BEGIN { printf "%.3f\n", a / b }' >> "$work/$1-ratio.txt"
  done
}

measure_phase up
curl -fsS -X POST "http://127.0.0.1:$BASELINE_PORT/hang" > /dev/null
for _ in $(seq 1 60); do   # until the hanging instance's circuit has opened (a few probe timeouts)
  hanging=$(curl -fsS "$integration" | grep -o '"summary":"[^"]*"' || true)
  case "$hanging" in *"1 of 2 open"*) break ;; esac
  sleep 0.5
done
measure_phase hanging

median() { sort -n "$1" | awk -v n="$RUNS" 'NR == int((n + 1) / 2)'; }
printf '%-40s %10s %9s %9s %7s\n' "case ($CONNECTIONS conn, median of $RUNS)" "req/s" "p50 ms" "p99 ms" "ratio"
for phase in up hanging; do
  read -r base_rps base_p50 base_p99 <<< "$(median "$work/$phase-baseline.txt")"
  read -r rps p50 p99 <<< "$(median "$work/$phase-integration.txt")"
  ratio=$(median "$work/$phase-ratio.txt")
  label=$([ "$phase" = up ] && echo "all peers up" || echo "one peer hanging")
  printf '%-40s %10s %9s %9s %7s\n' "baseline ($label)" "$base_rps" "$base_p50" "$base_p99" "1.00"
  printf '%-40s %10s %9s %9s %7.2f   (rounds: %s)\n' "integration ($label)" "$rps" "$p50" "$p99" "$ratio" "$(paste -sd' ' "$work/$phase-ratio.txt")"
done
echo "jwt_token_adapter while hanging: ${hanging:-?}"
