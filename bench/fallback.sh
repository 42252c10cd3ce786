#!/usr/bin/env bash
# Load benchmark of the fallback-session-provider: does /health keep answering fast while 50
# clients hammer POST /api/v1/fallback/emergency-auth (every request a real bcrypt check, cost
# BENCH_BCRYPT_COST, default 10)? bcrypt runs on the service's own small worker pool, never on the
# event loop. In one run and one JVM it measures GET /health with no load, then with the sign-in
# load running, and the same for a trivial endpoint on the same Vert.x as a control (it shows what
# the machine's CPU contention alone costs). Reports p50/p99 and the loaded/unloaded ratios.
#   bash bench/fallback.sh            (DURATION=10s RUNS=3 LOAD_CONNECTIONS=50 PROBE_CONNECTIONS=4 to change)
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-10s}
RUNS=${RUNS:-3}
LOAD_CONNECTIONS=${LOAD_CONNECTIONS:-50}
PROBE_CONNECTIONS=${PROBE_CONNECTIONS:-4}
SERVICE_PORT=18327
BASELINE_PORT=18399
work=$(mktemp -d)

command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
if [ ! -f bench/target/classpath.txt ] || [ ! -f bench/target/classes/authsuite/bench/FallbackBenchServer.class ]; then
  # package, not install: nothing of ours goes into the shared ~/.m2
  mvn -B -q -ntp -pl bench -am -DskipTests package
fi

java ${BENCH_JAVA_OPTS:--Xms512m -Xmx512m} -cp "bench/target/classes:$(cat bench/target/classpath.txt)" authsuite.bench.FallbackBenchServer \
  "$SERVICE_PORT" "$BASELINE_PORT" "$work" > "$work/server.log" 2>&1 &
server=$!
load=""
trap 'kill $server $load 2>/dev/null || true; wait $server $load 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 150); do
  [ -f "$work/sign-in.json" ] && break
  sleep 0.2
done
[ -f "$work/sign-in.json" ] || { echo "the benchmark server did not start:"; tail -20 "$work/server.log"; exit 1; }

cat > "$work/sign-in.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '$(cat "$work/sign-in.json")'
LUA

# one wrk run -> "rps p50_ms p99_ms"
probe() {
  wrk -t1 -c"$PROBE_CONNECTIONS" -d"$DURATION" --latency "$1" | awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /^ +50%/ { p50 = ms($2) } /^ +99%/ { p99 = ms($2) } /Requests\/sec/ { rps = $2 }
    END { printf "%.0f %.2f %.2f\n", rps, p50, p99 }'
}
health="http://127.0.0.1:$SERVICE_PORT/health"
control="http://127.0.0.1:$BASELINE_PORT/"
signin="http://127.0.0.1:$SERVICE_PORT/api/v1/fallback/emergency-auth"

# warm-up: JIT for both paths, bcrypt included
wrk -t1 -c8 -d5s -s "$work/sign-in.lua" "$signin" > /dev/null
wrk -t1 -c"$PROBE_CONNECTIONS" -d5s "$health" > /dev/null
wrk -t1 -c"$PROBE_CONNECTIONS" -d5s "$control" > /dev/null

seconds=${DURATION%s}
# Rounds: each measures both probes without load, then both under load, so that drift over the run
# (JIT, the other work on the machine) hits every case alike; medians are reported.
for round in $(seq 1 "$RUNS"); do
  probe "$health" >> "$work/health.txt"
  probe "$control" >> "$work/control.txt"
  wrk -t1 -c"$LOAD_CONNECTIONS" -d"$((seconds * 2 + 4))s" --timeout 30s --latency -s "$work/sign-in.lua" "$signin" > "$work/load-$round.txt" &
  load=$!
  sleep 2
  probe "$health" >> "$work/health-loaded.txt"
  probe "$control" >> "$work/control-loaded.txt"
  wait "$load"; load=""
done

median() { # file column -> the median of that column
  awk -v c="$2" '{ print $c }' "$1" | sort -n | awk -v n="$RUNS" 'NR == int((n + 1) / 2)'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
signins=$(cat "$work"/load-*.txt | awk '/Requests\/sec/ { print $2 }' | sort -n | awk -v n="$RUNS" 'NR == int((n + 1) / 2)')
errors=$(cat "$work"/load-*.txt | awk '/Non-2xx|Socket errors/ { print }' | sort | uniq -c | tr -s ' ')
signin_p99=$(cat "$work"/load-*.txt | awk '/^ +99%/ { print $2 }' | tr '\n' ' ')

echo "fallback-session-provider on $(nproc) cores, shared with other work: compare ratios, not absolute numbers"
echo "load: $LOAD_CONNECTIONS clients on POST emergency-auth (bcrypt cost ${BENCH_BCRYPT_COST:-10}): median ${signins} sign-ins/s;" \
  "sign-in p99 per round: ${signin_p99}${errors:+; $errors}"
printf '%-40s %9s %9s %9s\n' "probe ($PROBE_CONNECTIONS conn, $DURATION, median of $RUNS)" "req/s" "p50 ms" "p99 ms"
for case in "health|/health, no load" "health-loaded|/health, under sign-in load" \
            "control|control endpoint, no load" "control-loaded|control endpoint, under sign-in load"; do
  IFS='|' read -r file name <<< "$case"
  printf '%-40s %9s %9s %9s\n' "$name" "$(median "$work/$file.txt" 1)" "$(median "$work/$file.txt" 2)" "$(median "$work/$file.txt" 3)"
done
echo "loaded/unloaded: /health p50 x$(ratio "$(median "$work/health-loaded.txt" 2)" "$(median "$work/health.txt" 2)")," \
  "p99 x$(ratio "$(median "$work/health-loaded.txt" 3)" "$(median "$work/health.txt" 3)");" \
  "control p50 x$(ratio "$(median "$work/control-loaded.txt" 2)" "$(median "$work/control.txt" 2)")," \
  "p99 x$(ratio "$(median "$work/control-loaded.txt" 3)" "$(median "$work/control.txt" 3)")"
