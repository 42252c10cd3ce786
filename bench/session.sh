#!/usr/bin/env bash
# Load benchmark of the session-validation-normalizer: POST /api/v1/session/validate with a Redis
# session (X-Session-ID), with a foreign session of an existing express-session store read in place
# (SESSION_SOURCES; its connect.sid cookie) and with a bearer JWT (HS256, primary-auth style), beside a
# trivial endpoint in the same JVM as the baseline. "reads/req" counts the session reads (GETEX for a
# native session, GET for a foreign one). The service runs on a redis-server of its own (free port, no
# persistence), so that INFO commandstats counts only its commands: the Redis commands per session
# validation are the calls added during the session case divided by the requests wrk made.
# wrk with 2 threads and 64 connections on the same 2 cores; each case runs RUNS times (default 3)
# after a warm-up, and the median is reported with p50/p99 and the ratio to the baseline. On a
# shared machine the throughput ratios move with the neighbours' load; the CPU time the JVM and
# redis-server spent per request (from /proc, over all runs of a case) moves much less.
#   bash bench/session.sh                 (DURATION=10s CONNECTIONS=64 RUNS=3 to change)
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-64}
RUNS=${RUNS:-3}
SESSION_PORT=18226
BASELINE_PORT=18299
work=$(mktemp -d)

command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
command -v redis-server >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null; }
if [ ! -f bench/target/classpath.txt ] || [ ! -f bench/target/classes/authsuite/bench/SessionBenchServer.class ]; then
  # package, not install: the reactor's own modules, nothing written to ~/.m2
  mvn -B -q -ntp -DskipTests -pl bench -am package
fi

redis_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no --dir "$work" --logfile "$work/redis.log" &
redis=$!
server=
trap 'kill $server $redis 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 50); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.1; done

SESSION_SOURCES='[{"name": "web", "format": "express-session", "cookie": "connect.sid", "key_prefix": "bench-web:sess:", "secrets": ["bench express-session secret"]}]' \
REDIS_URL="redis://127.0.0.1:$redis_port" REDIS_KEY_PREFIX="bench-session:" SESSION_IDLE_TIMEOUT_S=3600 \
  java ${BENCH_JAVA_OPTS:--Xms1g -Xmx1g} -cp "bench/target/classes:$(cat bench/target/classpath.txt)" authsuite.bench.SessionBenchServer \
  "$SESSION_PORT" "$BASELINE_PORT" "$work" > "$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 150); do
  [ -f "$work/express.cookie" ] && break
  sleep 0.2
done
[ -f "$work/express.cookie" ] || { echo "the benchmark server did not start:"; tail -20 "$work/server.log"; exit 1; }

cat > "$work/session.lua" <<LUA
wrk.method = "POST"
wrk.headers["X-Session-ID"] = "$(cat "$work/session.id")"
LUA
cat > "$work/express.lua" <<LUA
wrk.method = "POST"
wrk.headers["Cookie"] = "connect.sid=$(cat "$work/express.cookie")"
LUA
cat > "$work/jwt.lua" <<LUA
wrk.method = "POST"
wrk.headers["Authorization"] = "Bearer $(cat "$work/hs256.jwt")"
LUA

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }   # user + system time of a process, in clock ticks
ticks_per_s=$(getconf CLK_TCK)

redis_calls() { # every command Redis has executed so far, and the session reads among them (GETEX, GET)
  redis-cli -p "$redis_port" info commandstats | tr -d '\r' | awk -F'[:=,]' '
    /^cmdstat_/ { total += $3; if ($1 == "cmdstat_getex" || $1 == "cmdstat_get") getex += $3 } END { printf "%d %d\n", total, getex }'
}

# one wrk run -> "rps p50_ms p99_ms requests redis_calls getex_calls jvm_ticks redis_ticks"
run_wrk() {
  local url=$1 script=${2:-}
  local args=(-t2 -c"$CONNECTIONS" -d"$DURATION" --latency)
  [ -n "$script" ] && args+=(-s "$script")
  local before after jvm0 jvm1 red0 red1
  before=$(redis_calls); jvm0=$(cpu_ticks "$server"); red0=$(cpu_ticks "$redis")
  wrk "${args[@]}" "$url" > "$work/wrk.txt"
  after=$(redis_calls); jvm1=$(cpu_ticks "$server"); red1=$(cpu_ticks "$redis")
  awk -v before="$before" -v after="$after" -v jvm=$((jvm1 - jvm0)) -v red=$((red1 - red0)) '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /^ +50%/ { p50 = ms($2) } /^ +99%/ { p99 = ms($2) } /Requests\/sec/ { rps = $2 } / requests in / { n = $1 }
    /Non-2xx/ { bad = $NF }
    END { split(before, b, " "); split(after, a, " ");
          if (bad > 0) { print "non-2xx answers: " bad > "/dev/stderr"; exit 1 }
          printf "%.0f %.2f %.2f %d %d %d %d %d\n", rps, p50, p99, n, a[1] - b[1], a[2] - b[2], jvm, red }' "$work/wrk.txt"
}

session="http://127.0.0.1:$SESSION_PORT/api/v1/session/validate"
cases=("baseline (trivial endpoint)|http://127.0.0.1:$BASELINE_PORT/|"
       "validate redis session|$session|$work/session.lua"
       "validate express session|$session|$work/express.lua"
       "validate bearer jwt|$session|$work/jwt.lua")

for case in "${cases[@]}"; do   # warm-up: JIT, pools, caches
  IFS='|' read -r name url script <<< "$case"
  args=(-t2 -c"$CONNECTIONS" -d8s); [ -n "$script" ] && args+=(-s "$script")
  wrk "${args[@]}" "$url" > /dev/null
done
for round in $(seq 1 "$RUNS"); do   # each round runs every case once, so drift hits all alike
  for i in "${!cases[@]}"; do
    IFS='|' read -r name url script <<< "${cases[$i]}"
    run_wrk "$url" "$script" >> "$work/case-$i.txt"
  done
done

median() { sort -n "$1" | awk -v n="$RUNS" 'NR == int((n + 1) / 2)'; }
read -r base_rps _ <<< "$(median "$work/case-0.txt")"
printf '%-28s %9s %8s %8s %6s %15s %10s %12s %14s\n' "case ($CONNECTIONS conn, median of $RUNS)" "req/s" "p50 ms" "p99 ms" \
  "ratio" "redis cmds/req" "reads/req" "jvm us/req" "redis us/req"
for i in "${!cases[@]}"; do
  IFS='|' read -r name _ _ <<< "${cases[$i]}"
  read -r rps p50 p99 _ <<< "$(median "$work/case-$i.txt")"
  # per request over all runs of the case: background commands (heartbeats) are spread thin
  read -r cmds getex jvm red <<< "$(awk -v t="$ticks_per_s" '{ n += $4; c += $5; g += $6; j += $7; r += $8 }
    END { printf "%.3f %.3f %.1f %.1f", c / n, g / n, j * 1e6 / t / n, r * 1e6 / t / n }' "$work/case-$i.txt")"
  printf '%-28s %9s %8s %8s %6.2f %15s %10s %12s %14s\n' "$name" "$rps" "$p50" "$p99" \
    "$(awk -v a="$rps" -v b="$base_rps" 'BEGIN { print a / b }')" "$cmds" "$getex" "$jvm" "$red"
done
