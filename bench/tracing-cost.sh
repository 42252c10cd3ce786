#!/usr/bin/env bash
# What tracing costs the jwt-token-adapter, A/B/C in one run: the adapter of another checkout (PREV, built with
# mvn -q -DskipTests package, e.g. git worktree add /tmp/prev <commit>), of this one with tracing off, and of this one
# with tracing on (parentbased_traceidratio TRACES, default 0.01, to a local OTLP/HTTP sink that keeps nothing).
# Three JVMs pinned to core 0, wrk (one thread) on core 1; every round measures each case of each build in turn, so
# drift of the machine hits all alike. Prints req/s, p50/p99 and the server's CPU time per request (utime + stime
# around each wrk run), the steadier number on a shared machine.
#   PREV=/tmp/prev bash bench/tracing-cost.sh        (DURATION=10s CONNECTIONS=64 RUNS=3 TRACES=0.01 to change)
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-10s}; CONNECTIONS=${CONNECTIONS:-64}; RUNS=${RUNS:-3}; TRACES=${TRACES:-0.01}
PREV=${PREV:?the directory of the build to compare with (see the head of this script)}
here=$(pwd)
source bench/lib.sh
need_wrk
for dir in "$PREV" "$here"; do
  [ -f "$dir/bench/target/classpath.txt" ] || { echo "$dir is not built: mvn -q -DskipTests package there"; exit 1; }
done
work=$(mktemp -d); pids=()
trap 'kill ${pids[@]+"${pids[@]}"} 2>/dev/null || true; rm -rf "$work"' EXIT
python3 -c '
import http.server, sys
class Sink(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(200); self.send_header("Content-Length", "0"); self.end_headers()
    def log_message(self, *args):
        pass
http.server.ThreadingHTTPServer(("127.0.0.1", 18398), Sink).serve_forever()' &
pids+=($!)
start() { # name dir adapterPort baselinePort [env...]
  local name=$1 dir=$2 a=$3 b=$4; shift 4
  mkdir -p "$work/$name"
  (cd "$dir" && exec env "$@" taskset -c 0 java -Xms1g -Xmx1g -cp "bench/target/classes:$(cat bench/target/classpath.txt)" \
    authsuite.bench.TokenBenchServer "$a" "$b" "$work/$name" > "$work/$name.log" 2>&1) &
  pids+=($!)
}
start prev "$PREV" 18125 18199
start off "$here" 18225 18299
start on "$here" 18325 18399 OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:18398 OTEL_TRACES_SAMPLER=parentbased_traceidratio \
  OTEL_TRACES_SAMPLER_ARG="$TRACES"
for name in prev off on; do
  for _ in $(seq 1 200); do [ -f "$work/$name/es256.jwt" ] && break; sleep 0.2; done
  [ -f "$work/$name/es256.jwt" ] || { echo "$name did not start"; tail "$work/$name.log"; exit 1; }
  printf 'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\nwrk.body = %s\n' "'{\"token\":\"$(cat "$work/$name/hs256.jwt")\"}'" > "$work/$name/post-hs.lua"
  printf 'wrk.headers["Authorization"] = "Bearer %s"\n' "$(cat "$work/$name/hs256.jwt")" > "$work/$name/bearer-hs.lua"
  printf 'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\nwrk.body = %s\n' "'{\"token\":\"$(cat "$work/$name/rs256.jwt")\"}'" > "$work/$name/post-rs.lua"
done
port() { case $1 in prev) echo 18125;; off) echo 18225;; on) echo 18325;; esac; }
declare -A jpid
for v in prev off on; do jpid[$v]=$(ss -ltnpH "sport = :$(port "$v")" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2); done
TICK=$(getconf CLK_TCK)
bport() { case $1 in prev) echo 18199;; off) echo 18299;; on) echo 18399;; esac; }
cases=("baseline" "validate hs256" "verify hs256" "validate rs256")
url_of() { # variant case -> url|script
  local v=$1 c=$2
  case $c in
    baseline) echo "http://127.0.0.1:$(bport "$v")/|";;
    "validate hs256") echo "http://127.0.0.1:$(port "$v")/api/v1/jwt/validate|$work/$v/post-hs.lua";;
    "verify hs256") echo "http://127.0.0.1:$(port "$v")/api/v1/jwt/verify|$work/$v/bearer-hs.lua";;
    "validate rs256") echo "http://127.0.0.1:$(port "$v")/api/v1/jwt/validate|$work/$v/post-rs.lua";;
  esac
}
run_wrk() { # url script duration pid -> "rps p50_ms p99_ms cpu_us_per_request"
  local url=$1 script=$2 d=$3 pid=$4
  local args=(-c"$CONNECTIONS" -d"$d" --latency); [ -n "$script" ] && args+=(-s "$script")
  local before after rps p50 p99 n
  before=$(cpu_ticks "$pid")
  taskset -c 1 wrk -t1 "${args[@]}" "$url" > "$work/wrk.out"
  after=$(cpu_ticks "$pid")
  read -r rps p50 p99 n _ < <(wrk_summary < "$work/wrk.out")
  echo "$rps $p50 $p99 $(awk -v ticks=$((after - before)) -v hz="$TICK" -v n="$n" 'BEGIN { printf "%.1f", ticks / hz * 1e6 / n }')"
}
for v in prev off on; do for c in "${cases[@]}"; do IFS='|' read -r u s <<< "$(url_of "$v" "$c")"; run_wrk "$u" "$s" 6s "${jpid[$v]}" > /dev/null; done; done
for round in $(seq 1 "$RUNS"); do
  for c in "${!cases[@]}"; do for v in prev off on; do
    IFS='|' read -r u s <<< "$(url_of "$v" "${cases[$c]}")"
    run_wrk "$u" "$s" "$DURATION" "${jpid[$v]}" >> "$work/$v-$c.txt"
  done; done
done
median() { sort -n -k"$2" "$1" | awk -v n="$RUNS" 'NR == int((n + 1) / 2)'; }
printf '%-16s %-6s %9s %8s %8s %9s %14s\n' "case" "build" "req/s" "p50 ms" "p99 ms" "CPU us/req" "CPU vs prev"
for c in "${!cases[@]}"; do
  prev_cpu=$(median "$work/prev-$c.txt" 4 | cut -d' ' -f4)
  for v in prev off on; do
    read -r rps p50 p99 _ <<< "$(median "$work/$v-$c.txt" 1)"
    cpu=$(median "$work/$v-$c.txt" 4 | cut -d' ' -f4)
    printf '%-16s %-6s %9s %8s %8s %9s %14.2f\n' "${cases[$c]}" "$v" "$rps" "$p50" "$p99" "$cpu" "$(awk -v a="$cpu" -v b="$prev_cpu" 'BEGIN { print a / b }')"
  done
done
echo "rounds (CPU us/req per round, prev/off/on):"
for c in "${!cases[@]}"; do echo "  ${cases[$c]}: $(paste -d/ <(cut -d' ' -f4 "$work/prev-$c.txt") <(cut -d' ' -f4 "$work/off-$c.txt") <(cut -d' ' -f4 "$work/on-$c.txt") | tr '\n' ' ')"; done
