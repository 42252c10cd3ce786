#!/usr/bin/env bash
# Redesign A/B: the hot endpoints of all five services, build A (another checkout, PREV) against build B (this
# one), in one run. Each build runs its own launcher jar (launcher/target/authsuite.jar, all five services in one
# JVM, -Xms1g -Xmx1g), so nothing here depends on class names that moved; both on one redis-server of this
# script's (free port, no persistence) under their own REDIS_KEY_PREFIX, without PostgreSQL (the fallback provider
# then signs in break-glass users and audits to a file). Both JVMs pinned to core 0, wrk (one thread) and
# redis-server to core 1.
# Cases, USERS distinct users each (default 10,000): adapter POST /api/v1/jwt/validate and GET /api/v1/jwt/verify
# with HS256 tokens; normalizer POST /api/v1/session/validate with X-Session-ID (sessions made by each build's
# own /api/v1/session/create); fallback POST /api/v1/fallback/validate with emergency tokens, and
# POST /api/v1/fallback/emergency-auth (what bench/fallback.sh loads; bcrypt cost 5 here, so that our code and
# not bcrypt is most of it; 100 accounts); gateway POST /api/v1/ws-auth/validate (the ticket; bench/ws.sh's
# 10,000 held sockets do not fit a short interleaved run); coordinator GET /api/v1/health/integration.
# After a warm-up of every case on both builds, RUNS rounds measure every case on A and B back to back (order
# A, B in odd rounds, B, A in even ones), so drift of the machine hits both alike; medians are printed.
# Per run: req/s, p99, the server's CPU time per request (utime + stime from /proc/<pid>/stat around the wrk
# run), bytes allocated per request and GC pauses. Allocation: the heap in use from jstat -gc (S0U + S1U + EU +
# OU) before and after the wrk run, plus what every GC in between freed (before -> after in the -Xlog:gc file),
# over the requests made; rounding of the log's MB figures makes it good to a fraction of a percent. GC: the
# pauses the -Xlog:gc file logged during the run, count and total ms. B/A: B's median over A's.
#   PREV=/tmp/prev bash bench/ab.sh     (PREV built with mvn -B -q -ntp -DskipTests package, e.g. after
#                                        git worktree add --detach /tmp/prev <commit>)
#   DURATION=10s WARMUP=5s CONNECTIONS=64 RUNS=3 USERS=10000 to change
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-10s}; WARMUP=${WARMUP:-5s}; CONNECTIONS=${CONNECTIONS:-64}; RUNS=${RUNS:-3}; USERS=${USERS:-10000}
PREV=${PREV:?the directory of the build to compare with (see the head of this script)}
PREV=$(cd "$PREV" && pwd); here=$(pwd)
source bench/lib.sh
need_wrk
command -v redis-server >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null; }
# package, never install; after changing code, rebuild (this script only builds a checkout that has no jar yet)
[ -f launcher/target/authsuite.jar ] || mvn -B -q -ntp -DskipTests -pl launcher -am package
[ -f "$PREV/launcher/target/authsuite.jar" ] || { echo "$PREV is not built: mvn -B -q -ntp -DskipTests package there"; exit 1; }
export JWT_SECRET_KEY=bench-ab-jwt-secret-0123456789abcdef-0123456789
export SERVICE_SECRET=bench-ab-service-secret-0123456789abcdef-01234
export EMERGENCY_SIGNING_KEY=bench-ab-emergency-key-0123456789abcdef-012345
# the OpenBSD bcrypt test vector: "U*U" at cost 5
PASSWORD='U*U'; HASH='$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW'
builds=(A B); declare -A dir=([A]="$PREV" [B]="$here") base=([A]=18600 [B]=18700) jpid=()
port() { echo $((base[$1] + $2)); }   # build, 25..29 as the services' default ports 8025..8029

work=$(mktemp -d); pids=()
trap 'kill ${pids[@]+"${pids[@]}"} 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT
redis_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
taskset -c 1 redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no --dir "$work" --logfile "$work/redis.log" &
pids+=($!)
python3 bench/ab-credentials.py tokens "$work" "$USERS"
python3 bench/ab-credentials.py sign-in "$work" 100 "$PASSWORD" "$HASH"

start() { # build
  local b=$1
  mkdir -p "$work/$b"
  (cd "$work/$b" && exec env -u DATABASE_URL -u OTEL_EXPORTER_OTLP_ENDPOINT DEMO_STAND_INS=off \
    REDIS_URL="redis://127.0.0.1:$redis_port" REDIS_KEY_PREFIX="ab-$b:" \
    JWT_TOKEN_ADAPTER_PORT="$(port "$b" 25)" SESSION_VALIDATION_NORMALIZER_PORT="$(port "$b" 26)" \
    FALLBACK_SESSION_PROVIDER_PORT="$(port "$b" 27)" WEBSOCKET_AUTH_GATEWAY_PORT="$(port "$b" 28)" \
    SERVICE_BOUNDARY_COORDINATOR_PORT="$(port "$b" 29)" PRIMARY_AUTH_URL="http://127.0.0.1:$(port "$b" 29)" \
    CHAT_UPSTREAM_URL=ws://127.0.0.1:9/ws FALLBACK_ENABLED=true FALLBACK_BREAK_GLASS_FILE="$work/break-glass.json" \
    FALLBACK_AUDIT_FILE="$work/$b/audit.jsonl" FALLBACK_BCRYPT_COST=5 FALLBACK_USER_ATTEMPTS_PER_MIN=10000 \
    FALLBACK_ADDRESS_ATTEMPTS_PER_MIN=1000000 AUTHSUITE_LOG_FORMAT=json \
    taskset -c 0 java -Xms1g -Xmx1g -Xlog:gc:file="$work/$b/gc.log" -jar "${dir[$b]}/launcher/target/authsuite.jar" \
    > "$work/$b/server.log" 2>&1) &
  pids+=($!); jpid[$b]=$!
}
for b in "${builds[@]}"; do start "$b"; done
for b in "${builds[@]}"; do
  for _ in $(seq 1 300); do grep -qs 'authsuite ready' "$work/$b/server.log" && break; sleep 0.2; done
  grep -qs 'authsuite ready' "$work/$b/server.log" || { echo "build $b (${dir[$b]}) did not start:"; tail -20 "$work/$b/server.log"; exit 1; }
  python3 bench/ab-credentials.py sessions "$work/$b/sessions" "http://127.0.0.1:$(port "$b" 26)" "$USERS"
done

# name|service|method|path|style|credentials (in $work; $b/ is the build's own)|what a good answer holds
cases=("adapter validate|25|POST|/api/v1/jwt/validate|body|hs256.bodies|\"valid\":true"
       "adapter verify|25|GET|/api/v1/jwt/verify|bearer|hs256.tokens|^200"
       "normalizer session|26|POST|/api/v1/session/validate|session|\$b/sessions|\"valid\":true"
       "fallback validate|27|POST|/api/v1/fallback/validate|body|emergency.bodies|\"valid\":true"
       "fallback sign-in|27|POST|/api/v1/fallback/emergency-auth|body|sign-in.bodies|access_token"
       "gateway ticket|28|POST|/api/v1/ws-auth/validate|bearer|hs256.tokens|\"ticket\""
       "coordinator report|29|GET|/api/v1/health/integration|none||^200")
load() { # case index, build, duration -> wrk's output
  local name service method path style file expect
  IFS='|' read -r name service method path style file expect <<< "${cases[$1]}"
  local url="http://127.0.0.1:$(port "$2" "$service")$path" args=(-t1 -c"$CONNECTIONS" -d"$3" --latency)
  [ "$style" != none ] && args+=(-s bench/ab-rotate.lua)
  AB_METHOD=$method AB_STYLE=$style AB_CREDENTIALS="$work/${file/\$b/$2}" taskset -c 1 wrk "${args[@]}" "$url"
}
check() { # case index, build: one request by curl, its answer must hold what the case expects
  local name service method path style file expect line answer
  IFS='|' read -r name service method path style file expect <<< "${cases[$1]}"
  local curl_args=(-s -o "$work/answer" -w '%{http_code}' -X "$method")
  [ "$style" != none ] && line=$(head -1 "$work/${file/\$b/$2}")
  case $style in
    body) curl_args+=(-H 'Content-Type: application/json' --data-binary "$line");;
    bearer) curl_args+=(-H "Authorization: Bearer $line");;
    session) curl_args+=(-H "X-Session-ID: $line");;
  esac
  answer="$(curl "${curl_args[@]}" "http://127.0.0.1:$(port "$2" "$service")$path") $(cat "$work/answer")"
  grep -q -- "$expect" <<< "$answer" || { echo "$name on build $2: unexpected answer: ${answer:0:400}"; exit 1; }
}
measure() { # case index, build -> a line of $work/<build>-<case>.txt: "rps p99_ms cpu_us_per_req alloc_b_per_req gcs gc_ms errors"
  local rps p50 p99 cpu alloc gcs ms max bad
  read -r rps p50 p99 cpu alloc gcs ms max bad < <(measure_load "${jpid[$2]}" "$work/$2/gc.log" "$work/wrk.out" load "$1" "$2" "$DURATION")
  echo "$rps $p99 $cpu $alloc $gcs $ms $bad" >> "$work/$2-$1.txt"
}

echo "A: $PREV ($(git -C "$PREV" log -1 --format='%h %s' | cut -c1-70))"
echo "B: $here ($(git log -1 --format='%h %s' | cut -c1-70)$(git diff --quiet HEAD -- . ':!bench' || echo ', with uncommitted changes'))"
echo "$(nproc) cores, load average at start: $(cut -d' ' -f1-3 /proc/loadavg); $USERS users; $CONNECTIONS connections; $RUNS rounds of $DURATION"
python3 bench/ab-credentials.py emergency "$work" "$USERS"
for c in "${!cases[@]}"; do for b in "${builds[@]}"; do check "$c" "$b"; load "$c" "$b" "$WARMUP" > /dev/null; done; done
for round in $(seq 1 "$RUNS"); do
  python3 bench/ab-credentials.py emergency "$work" "$USERS"   # they live 15 minutes at most
  order=(A B); [ $((round % 2)) = 0 ] && order=(B A)
  for c in "${!cases[@]}"; do for b in "${order[@]}"; do measure "$c" "$b"; done; done
done

printf '%-20s %-5s %8s %8s %10s %11s %5s %7s %9s %9s\n' "case (median of $RUNS)" build "req/s" "p99 ms" "CPU us/req" "alloc B/req" GCs "GC ms" "B/A req/s" "B/A CPU"
for c in "${!cases[@]}"; do
  name=${cases[$c]%%|*}
  for b in "${builds[@]}"; do
    f="$work/$b-$c.txt"
    row=("$(median "$f" 1)" "$(median "$f" 2)" "$(median "$f" 3)" "$(median "$f" 4)" "$(median "$f" 5)" "$(median "$f" 6)")
    if [ "$b" = A ]; then rps_a=${row[0]}; cpu_a=${row[2]}; ratios=("" ""); else ratios=("$(ratio "$rps_a" "${row[0]}")" "$(ratio "$cpu_a" "${row[2]}")"); fi
    errors=$(awk '{ n += $7 } END { print n }' "$f")
    printf '%-20s %-5s %8s %8s %10s %11s %5s %7s %9s %9s%s\n' "$name" "$b" "${row[@]}" "${ratios[@]}" "$([ "$errors" = 0 ] || echo "  ($errors errors)")" \
      | sed 's/ *$//'
  done
done
echo "CPU us/req per round, A/B:"
for c in "${!cases[@]}"; do
  echo "  ${cases[$c]%%|*}: $(paste -d/ <(cut -d' ' -f3 "$work/A-$c.txt") <(cut -d' ' -f3 "$work/B-$c.txt") | paste -sd' ')"
done
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
