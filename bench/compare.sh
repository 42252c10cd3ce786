#!/usr/bin/env bash
# Side by side, in one interleaved run on this machine: the jwt-token-adapter against HAProxy 2.6's jwt_verify
# (bench/haproxy/compare.cfg, which lists the checks it does), against what a user would write by hand with
# vertx-auth-jwt (a Router with JWTAuthHandler, authsuite.bench.CompareBenchServer) and against the bare Vert.x
# ceiling (TokenBenchServer's baseline endpoint), on the token shapes real traffic has:
#   hs replay   one HS256 token, replayed                    hs 100k   100,000 distinct HS256 tokens, cycled
#   hs zipf     a Zipf sequence over those 100,000 users (s = 1.0: a few very active, most rare)
#   rs 10k      10,000 distinct RS256 tokens, cycled         rs 100k   100,000 distinct RS256 tokens, cycled
# HS256 tokens are the primary issuer's (the shared secret), RS256 ones an external issuer's whose JWKS the
# ceiling's server serves (JWT_ISSUERS); HAProxy and the vertx-auth-jwt router get the same secret and public key
# (PEM). For each shape: HAProxy and vertx-auth-jwt with the bearer, the adapter's GET /api/v1/jwt/verify (bearer)
# and POST /api/v1/jwt/validate ({"token": ...}); besides them the ceiling and the adapter's /health/live.
# One JVM (CompareBenchServer: ceiling, adapter, vertx-auth-jwt router) and HAProxy (one thread) on core 0; wrk
# (one thread, bench/ab-rotate.lua over a token file) and the adapter's redis-server on core 1. After one warm-up
# of every case, RUNS rounds run every case once (the order reversed every other round, so drift of the machine
# hits all alike); medians are printed. Per case: req/s, p50, p99, the ratio to HAProxy on the same shape and
# algorithm (validate too is held against HAProxy's bearer check) and to the ceiling, the server's CPU time per
# request, bytes allocated per request and GC pauses (count, longest, total ms) from the JVM's -Xlog:gc file, as
# bench/ab.sh measures them (bench/lib.sh); "-" for HAProxy. Tokens are made once (CompareTokens, 100,000 RS256
# signatures take a minute or two) and kept in bench/target/compare/ for 20 days.
#   bash bench/compare.sh        about 11 minutes with the defaults (2 minutes more the first time)
# Knobs (environment):
#   DURATION=8s WARMUP=3s RUNS=3 CONNECTIONS=64   per measured run, per warm-up, rounds, wrk connections
#   USERS=100000 RS_SMALL=10000 ZIPF_REQUESTS=200000 ZIPF_S=1.0   token sets (a change makes them anew)
#   JVM_OPTS="-Xmx576m"   the server JVM's options (-Xlog:gc is added). The default is the heap the image ships:
#                         the Dockerfile's JAVA_OPTS (-XX:MaxRAMPercentage=75) under deploy/k8s' 768Mi limit
#   JAVA_HOME=...         the JDK that runs the server (and its jstat), e.g. G1 against generational ZGC on 25:
#     JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 JVM_OPTS="-Xmx576m -XX:+UseZGC" bash bench/compare.sh
#                         (generational by default on 25; with ZGC allocation per request is a lower bound, see lib.sh)
#   CASES=regex           only the cases whose name matches (e.g. CASES='ceiling|hs 100k'), for a quick look
#   JWT_VERIFIED_CACHE_MB=256   the adapter's verified-token cache (as every adapter setting, passed through)
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-8s}; WARMUP=${WARMUP:-3s}; RUNS=${RUNS:-3}; CONNECTIONS=${CONNECTIONS:-64}
USERS=${USERS:-100000}; RS_SMALL=${RS_SMALL:-10000}; ZIPF_REQUESTS=${ZIPF_REQUESTS:-200000}; ZIPF_S=${ZIPF_S:-1.0}
JVM_OPTS=${JVM_OPTS:--Xmx576m}; CASES=${CASES:-.}
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
source bench/lib.sh
need_wrk
command -v haproxy >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq haproxy >/dev/null; }
command -v redis-server >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null; }
# package from the reactor, never install; after changing code, rebuild (mvn -B -q -ntp -DskipTests -pl bench -am package)
[ -f bench/target/classpath.txt ] && [ -f bench/target/classes/authsuite/bench/CompareBenchServer.class ] \
  || mvn -B -q -ntp -DskipTests -pl bench -am package
classpath="bench/target/classes:$(cat bench/target/classpath.txt)"

export JWT_SECRET_KEY=bench-compare-jwt-secret-0123456789abcdef-0123 JWT_PRIMARY_ISSUER=bench-primary
export JWT_AUDIENCE=authsuite-bench COMPARE_RS_ISSUER=https://issuer.bench.example
CEILING_PORT=18381; ADAPTER_PORT=18382; VERTX_JWT_PORT=18383; HAPROXY_PORT=18384

tokens=bench/target/compare
stamp="$USERS $RS_SMALL $ZIPF_REQUESTS $ZIPF_S $JWT_SECRET_KEY $JWT_PRIMARY_ISSUER $JWT_AUDIENCE $COMPARE_RS_ISSUER"
if [ "$(cat "$tokens/stamp" 2>/dev/null)" != "$stamp" ] || [ -n "$(find "$tokens/stamp" -mtime +20)" ]; then
  echo "making the tokens in $tokens (once)"
  rm -rf "$tokens"; mkdir -p "$tokens"
  "$java" -cp "$classpath" authsuite.bench.CompareTokens "$tokens" "$USERS" "$USERS" "$ZIPF_REQUESTS" "$ZIPF_S"
  head -1 "$tokens/hs256.tokens" > "$tokens/hs256-replay.tokens"
  head -"$RS_SMALL" "$tokens/rs256.tokens" > "$tokens/rs256-small.tokens"
  for f in "$tokens"/*.tokens; do sed 's/.*/{"token":"&"}/' "$f" > "${f%.tokens}.bodies"; done
  echo "$stamp" > "$tokens/stamp"
fi

work=$(mktemp -d); pids=()
trap 'kill ${pids[@]+"${pids[@]}"} 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT
redis_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
taskset -c 1 redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no --dir "$work" --logfile "$work/redis.log" &
pids+=($!)
issuers="[{\"issuer\":\"$COMPARE_RS_ISSUER\",\"jwks_uri\":\"http://127.0.0.1:$CEILING_PORT/jwks\",\"audiences\":[\"$JWT_AUDIENCE\"],\"algorithms\":[\"RS256\"]}]"
gclog=gc; [[ $JVM_OPTS == *UseZGC* ]] && gclog=gc,gc+phases   # ZGC logs its pauses there
env REDIS_URL="redis://127.0.0.1:$redis_port" REDIS_KEY_PREFIX=compare: JWT_ISSUERS="$issuers" AUTHSUITE_LOG_FORMAT=json \
  taskset -c 0 "$java" $JVM_OPTS -Xlog:$gclog:file="$work/gc.log" -cp "$classpath" \
  authsuite.bench.CompareBenchServer "$CEILING_PORT" "$ADAPTER_PORT" "$VERTX_JWT_PORT" "$tokens" > "$work/server.log" 2>&1 &
jvm=$!; pids+=($jvm)
HAPROXY_PORT=$HAPROXY_PORT HAPROXY_JWT_SECRET=$JWT_SECRET_KEY HAPROXY_RSA_PEM="$(pwd)/$tokens/rsa-public.pem" \
  HAPROXY_PRIMARY_ISSUER=$JWT_PRIMARY_ISSUER HAPROXY_RS_ISSUER=$COMPARE_RS_ISSUER HAPROXY_AUDIENCE=$JWT_AUDIENCE \
  taskset -c 0 haproxy -f bench/haproxy/compare.cfg -db > "$work/haproxy.log" 2>&1 &
haproxy=$!; pids+=($haproxy)
for _ in $(seq 1 300); do grep -qs '^ready' "$work/server.log" && break; sleep 0.2; done
grep -qs '^ready' "$work/server.log" || { echo "the server did not start:"; tail -20 "$work/server.log"; exit 1; }
kill -0 "$haproxy" 2>/dev/null || { echo "haproxy did not start:"; cat "$work/haproxy.log"; exit 1; }

# name|port|method|path|style|tokens (hs256-replay, hs256, zipf, rs256-small, rs256)|shape (its HAProxy case)
cases=("ceiling|$CEILING_PORT|GET|/|none||" "health live|$ADAPTER_PORT|GET|/health/live|none||")
for shape in "hs replay|hs256|hs256-replay" "hs 100k|hs256|hs256" "hs zipf|hs256|zipf" "rs 10k|rs256|rs256-small" "rs 100k|rs256|rs256"; do
  IFS='|' read -r name alg file <<< "$shape"
  cases+=("haproxy $name|$HAPROXY_PORT|GET|/$alg|bearer|$file|$name" "vertx-auth-jwt $name|$VERTX_JWT_PORT|GET|/$alg|bearer|$file|$name"
          "verify $name|$ADAPTER_PORT|GET|/api/v1/jwt/verify|bearer|$file|$name"
          "validate $name|$ADAPTER_PORT|POST|/api/v1/jwt/validate|body|$file|$name")
done
selected=(); for c in "${!cases[@]}"; do [[ ${cases[$c]%%|*} =~ $CASES ]] && selected+=("$c"); done
load() { # case index, duration -> wrk's output
  local name port method path style file shape args
  IFS='|' read -r name port method path style file shape <<< "${cases[$1]}"
  args=(-t1 -c"$CONNECTIONS" -d"$2" --latency)
  [ "$style" != none ] && args+=(-s bench/ab-rotate.lua)
  AB_METHOD=$method AB_STYLE=$style AB_CREDENTIALS="$tokens/$file.$([ "$style" = body ] && echo bodies || echo tokens)" taskset -c 1 wrk "${args[@]}" "http://127.0.0.1:$port$path"
}
check() { # case index: the first and the last token (or the bare path) answer 200, validate's with "valid":true
  local name port method path style file shape line answer
  IFS='|' read -r name port method path style file shape <<< "${cases[$1]}"
  for line in "$(head -1 "$tokens/$file.tokens" 2>/dev/null)" "$(tail -1 "$tokens/$file.tokens" 2>/dev/null)"; do
    local curl_args=(-s -w ' %{http_code}' -X "$method")
    case $style in
      body) curl_args+=(-H 'Content-Type: application/json' --data-binary "{\"token\":\"$line\"}");;
      bearer) curl_args+=(-H "Authorization: Bearer $line");;
    esac
    answer=$(curl "${curl_args[@]}" "http://127.0.0.1:$port$path")
    [[ $answer == *' 200' ]] && { [ "$style" != body ] || [[ $answer == *'"valid":true'* ]]; } \
      || { echo "$name: unexpected answer: ${answer:0:400}"; exit 1; }
  done
}
measure() { # case index -> a line of $work/<case>.txt
  local name port method path style file shape pid=$jvm log="$work/gc.log"
  IFS='|' read -r name port method path style file shape <<< "${cases[$1]}"
  [ "$port" = "$HAPROXY_PORT" ] && { pid=$haproxy; log=; }
  measure_load "$pid" "$log" "$work/wrk.out" load "$1" "$DURATION" >> "$work/$1.txt"
}

echo "$(git log -1 --format='%h %s' | cut -c1-80)$(git diff --quiet HEAD -- . ':!bench' || echo ', with uncommitted changes')"
echo "$("$java" -version 2>&1 | sed -n 2p); JVM_OPTS=$JVM_OPTS; $(haproxy -v | head -1 | cut -d' ' -f1-3); $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2)"
echo "$(nproc) cores ($(sed -n "s/^model name[[:space:]]*: //p" /proc/cpuinfo | head -1), $(sed -n "s/^cpu MHz[[:space:]]*: //p" /proc/cpuinfo | head -1) MHz), load average at start: $(cut -d' ' -f1-3 /proc/loadavg); $CONNECTIONS connections; $RUNS rounds of $DURATION"
for c in "${selected[@]}"; do check "$c"; load "$c" "$WARMUP" > /dev/null; done
for round in $(seq 1 "$RUNS"); do
  order=("${selected[@]}"); [ $((round % 2)) = 0 ] && order=($(printf '%s\n' "${selected[@]}" | tac))
  for c in "${order[@]}"; do measure "$c"; done
done

row() { local f=$1 k; for k in 1 2 3 4 5 6 8 7; do printf '%s ' "$(median "$f" "$k")"; done; }
ceiling=$( [ -f "$work/0.txt" ] && median "$work/0.txt" 1 || echo 0)
declare -A haproxy_rps
printf '%-26s %8s %7s %7s %8s %8s %7s %7s %4s %6s %7s\n' "case (median of $RUNS)" "req/s" "p50 ms" "p99 ms" "/haproxy" "/ceiling" "CPU us" "alloc B" GCs "max ms" "GC ms"
for c in "${selected[@]}"; do
  IFS='|' read -r name port method path style file shape <<< "${cases[$c]}"
  read -r rps p50 p99 cpu alloc gcs max ms <<< "$(row "$work/$c.txt")"
  [ "$port" = "$HAPROXY_PORT" ] && haproxy_rps[$shape]=$rps
  errors=$(awk '{ n += $9 } END { print n }' "$work/$c.txt")
  printf '%-26s %8s %7s %7s %8s %8s %7s %7s %4s %6s %7s%s\n' "$name" "$rps" "$p50" "$p99" "$(ratio "${shape:+${haproxy_rps[$shape]:-}}" "$rps")" \
    "$(ratio "$ceiling" "$rps")" "$cpu" "$alloc" "$gcs" "$max" "$ms" "$([ "$errors" = 0 ] || echo "  ($errors errors)")"
done
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
