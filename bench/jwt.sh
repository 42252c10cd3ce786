#!/usr/bin/env bash
# Load benchmark of the jwt-token-adapter: POST /api/v1/jwt/validate and GET /api/v1/jwt/verify
# with HS256 (primary-auth style), RS256 and ES256 tokens, beside a trivial endpoint in the same
# JVM as the baseline. wrk with 2 threads and 64 connections on the same 2 cores; each case runs
# RUNS times (default 3) after a warm-up, and the median is reported with p50/p99 and the ratio.
#   bash bench/jwt.sh                 (DURATION=10s CONNECTIONS=64 RUNS=3 to change)
#   PIN=true bash bench/jwt.sh        server on core 0, wrk (one thread) on core 1: steadier numbers for
#                                     comparing two versions of our code; the targets are stated unpinned
#   TRACES=0.01 bash bench/jwt.sh     tracing on (docs/tracing.md), parent-based sampling at that ratio, exported
#                                     over OTLP/HTTP to a sink of this script's that answers 200 and keeps nothing
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-64}
RUNS=${RUNS:-3}
PIN=${PIN:-false}
server_cpu=(); wrk_cmd=(wrk -t2)
if [ "$PIN" = true ]; then server_cpu=(taskset -c 0); wrk_cmd=(taskset -c 1 wrk -t1); fi
ADAPTER_PORT=18125
BASELINE_PORT=18199
SINK_PORT=18198
work=$(mktemp -d)
server=; sink=
trap 'kill ${server:-} ${sink:-} 2>/dev/null || true; rm -rf "$work"' EXIT

command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
if [ ! -f bench/target/classpath.txt ] || [ ! -d bench/target/classes/authsuite/bench ]; then
  # package from the reactor, never install: the classpath points at each module's target/ jar, nothing goes to ~/.m2
  mvn -B -q -ntp -DskipTests -pl bench -am package
fi

if [ -n "${TRACES:-}" ]; then
  python3 -c '
import http.server, sys
class Sink(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(200); self.send_header("Content-Type", "application/x-protobuf"); self.send_header("Content-Length", "0"); self.end_headers()
    def log_message(self, *args):
        pass
http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Sink).serve_forever()' "$SINK_PORT" &
  sink=$!
  export OTEL_EXPORTER_OTLP_ENDPOINT="http://127.0.0.1:$SINK_PORT" OTEL_TRACES_SAMPLER=parentbased_traceidratio OTEL_TRACES_SAMPLER_ARG="$TRACES"
fi
${server_cpu[@]+"${server_cpu[@]}"} java ${BENCH_JAVA_OPTS:--Xms1g -Xmx1g} -cp "bench/target/classes:$(cat bench/target/classpath.txt)" authsuite.bench.TokenBenchServer \
  "$ADAPTER_PORT" "$BASELINE_PORT" "$work" > "$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 150); do
  [ -f "$work/es256.jwt" ] && break
  sleep 0.2
done
[ -f "$work/es256.jwt" ] || { echo "the benchmark server did not start:"; tail -20 "$work/server.log"; exit 1; }

post_script() { # token file -> a wrk script POSTing {"token": ...}
  cat > "$work/post-$1.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"token":"$(cat "$work/$1.jwt")"}'
LUA
}
header_script() { # token file -> a wrk script sending Authorization: Bearer
  cat > "$work/bearer-$1.lua" <<LUA
wrk.headers["Authorization"] = "Bearer $(cat "$work/$1.jwt")"
LUA
}
for alg in hs256 rs256 es256; do post_script "$alg"; header_script "$alg"; done

# one wrk run -> "rps p50_ms p99_ms"
run_wrk() {
  local url=$1 script=${2:-}
  local args=(-c"$CONNECTIONS" -d"$DURATION" --latency)
  [ -n "$script" ] && args+=(-s "$script")
  "${wrk_cmd[@]}" "${args[@]}" "$url" | awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /^ +50%/ { p50 = ms($2) } /^ +99%/ { p99 = ms($2) } /Requests\/sec/ { rps = $2 }
    END { printf "%.0f %.2f %.2f\n", rps, p50, p99 }'
}

adapter="http://127.0.0.1:$ADAPTER_PORT"
cases=("baseline (trivial endpoint)|http://127.0.0.1:$BASELINE_PORT/|"
       "validate hs256|$adapter/api/v1/jwt/validate|$work/post-hs256.lua"
       "verify hs256|$adapter/api/v1/jwt/verify|$work/bearer-hs256.lua"
       "validate rs256|$adapter/api/v1/jwt/validate|$work/post-rs256.lua"
       "verify rs256|$adapter/api/v1/jwt/verify|$work/bearer-rs256.lua"
       "validate es256|$adapter/api/v1/jwt/validate|$work/post-es256.lua"
       "verify es256|$adapter/api/v1/jwt/verify|$work/bearer-es256.lua")

# Warm the whole JVM first (JIT, pools, caches), then measure in rounds: each round runs every
# case once, baseline included, so that drift over the run (JIT, the machine) hits all alike.
for case in "${cases[@]}"; do
  IFS='|' read -r name url script <<< "$case"
  args=(-c"$CONNECTIONS" -d8s); [ -n "$script" ] && args+=(-s "$script")
  "${wrk_cmd[@]}" "${args[@]}" "$url" > /dev/null
done
for round in $(seq 1 "$RUNS"); do
  for i in "${!cases[@]}"; do
    IFS='|' read -r name url script <<< "${cases[$i]}"
    run_wrk "$url" "$script" >> "$work/case-$i.txt"
  done
done

median() { sort -n "$1" | awk -v n="$RUNS" 'NR == int((n + 1) / 2)'; }
read -r base_rps _ _ <<< "$(median "$work/case-0.txt")"
printf '%-28s %10s %9s %9s %7s\n' "case ($CONNECTIONS conn, median of $RUNS)" "req/s" "p50 ms" "p99 ms" "ratio"
for i in "${!cases[@]}"; do
  IFS='|' read -r name _ _ <<< "${cases[$i]}"
  read -r rps p50 p99 <<< "$(median "$work/case-$i.txt")"
  printf '%-28s %10s %9s %9s %7.2f\n' "$name" "$rps" "$p50" "$p99" "$(awk -v a="$rps" -v b="$base_rps" 'BEGIN { print a / b }')"
done
