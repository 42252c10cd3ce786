#!/usr/bin/env bash
# Real faults under load, against launcher processes on a redis-server of the script's own:
#   kill-9    two launcher processes on one Redis; wrk on the survivor (B) while the other (A) is killed with SIGKILL
#   redis     two launcher processes; wrk on A while its redis-server is killed with SIGKILL and, after OUTAGE_S,
#             started again on the same port (append-only file fsynced on every write, so what Redis held survives)
# Per scenario and path it prints what wrk sent and what came back: requests served, 5xx, connection errors (wrk's
# connect/read/write/timeout), wrong answers (2xx without "valid":true), the time to recover (kill-9: until A has
# left B's registry and integration report; redis: from Redis' return until the first valid session answer) and the
# records lost (sessions and revocations made through A before the fault that B no longer knows after it).
# During the Redis outage session validation answers 503 session_store_unavailable with Retry-After by design (an
# outage of ours never logs anyone out): the table counts those apart; any other 5xx, anywhere, is a failure.
#   bash bench/faults.sh            (DURATION=15 CONNECTIONS=8 OUTAGE_S=3 RECORDS=20 to change)
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-15}
CONNECTIONS=${CONNECTIONS:-8}
OUTAGE_S=${OUTAGE_S:-3}
RECORDS=${RECORDS:-20}
JWT_SECRET_KEY="faults-jwt-secret-0123456789abcdef-0123456789"
SERVICE_SECRET="faults-service-secret-0123456789abcdef-012345"
EMERGENCY_SIGNING_KEY="faults-emergency-key-0123456789abcdef-012345"
SERVICES=(jwt-token-adapter session-validation-normalizer fallback-session-provider websocket-auth-gateway service-boundary-coordinator)
work=$(mktemp -d)
pids=()
redis_pid=

cleanup() {
  for pid in "${pids[@]}" $redis_pid; do kill -9 "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
command -v redis-server >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null; }
# package, not install: the reactor's own modules, nothing written to ~/.m2
mvn -B -q -ntp -DskipTests -pl launcher -am package

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
now() { date +%s.%N; }
since() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.2f}')" "$1" "$(now)"; }

start_redis() { # $1: port, $2: its directory (kept across a restart)
  redis-server --port "$1" --bind 127.0.0.1 --dir "$2" --save "" --appendonly yes --appendfsync always \
    --logfile "$2/redis.log" &
  redis_pid=$!
  for _ in $(seq 1 100); do redis-cli -p "$1" ping >/dev/null 2>&1 && return; sleep 0.05; done
  echo "redis-server did not start on $1"; exit 1
}

# $1: name; the rest: env assignments. Sets <name>_<service> to its port, and <name>_pid.
start_launcher() {
  local name=$1; shift
  local env=()
  for service in "${SERVICES[@]}"; do
    local port; port=$(free_port)
    local var; var=$(echo "$service" | tr 'a-z-' 'A-Z_')_PORT
    env+=("$var=$port")
    printf -v "${name}_$(echo "$service" | tr '-' '_')" '%s' "$port"
  done
  env -i PATH="$PATH" HOME="$HOME" JWT_SECRET_KEY="$JWT_SECRET_KEY" SERVICE_SECRET="$SERVICE_SECRET" \
    EMERGENCY_SIGNING_KEY="$EMERGENCY_SIGNING_KEY" BIND_HOST=127.0.0.1 ADVERTISED_HOST=127.0.0.1 \
    REGISTRY_HEARTBEAT_MS=1000 COORDINATOR_PROBE_INTERVAL_MS=300 FALLBACK_AUDIT_FILE="$work/$name-audit.jsonl" \
    "${env[@]}" "$@" java -Xms256m -Xmx512m -jar launcher/target/authsuite.jar > "$work/$name.log" 2>&1 &
  local pid=$!
  pids+=("$pid")
  printf -v "${name}_pid" '%s' "$pid"
}

await_ready() { # $1: name
  local var port
  for service in "${SERVICES[@]}"; do
    var="${1}_$(echo "$service" | tr '-' '_')"; port=${!var}
    for _ in $(seq 1 600); do
      curl -fs "http://127.0.0.1:$port/health/live" >/dev/null 2>&1 && continue 2
      sleep 0.2
    done
    echo "launcher $1 did not start ($service on $port):"; tail -20 "$work/$1.log"; exit 1
  done
}

jwt() { # $1: jti: a primary-auth access token (HS256) for user faults-user, 15 minutes
  python3 - "$JWT_SECRET_KEY" "$1" <<'PY'
import base64, hashlib, hmac, json, sys, time
b64 = lambda b: base64.urlsafe_b64encode(b).rstrip(b"=").decode()
now = int(time.time())
head = b64(json.dumps({"alg": "HS256", "typ": "JWT"}, separators=(",", ":")).encode())
body = b64(json.dumps({"sub": "faults-user", "type": "access", "jti": sys.argv[2], "iat": now, "exp": now + 900},
                      separators=(",", ":")).encode())
sig = b64(hmac.new(sys.argv[1].encode(), f"{head}.{body}".encode(), hashlib.sha256).digest())
print(f"{head}.{body}.{sig}")
PY
}

internal_token() { SERVICE_SECRET="$SERVICE_SECRET" java -jar launcher/target/authsuite.jar internal-token --subject faults --ttl 300 2>/dev/null | tail -1; }

make_records() { # $1: session port, $2: adapter port; writes $work/sessions and $work/revoked
  local token; token=$(internal_token)
  : > "$work/sessions"; : > "$work/revoked"
  for i in $(seq 1 "$RECORDS"); do
    curl -fs -X POST -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
      -d "{\"user_id\":\"faults-$i\"}" "http://127.0.0.1:$1/api/v1/session/create" \
      | python3 -c 'import json, sys; print(json.load(sys.stdin)["session_id"])' >> "$work/sessions"
    local jti="revoked-$RANDOM-$i"
    curl -fs -X POST -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
      -d "{\"jti\":\"$jti\"}" "http://127.0.0.1:$2/api/v1/jwt/revoke" >/dev/null
    echo "$jti" >> "$work/revoked"
  done
}

records_lost() { # $1: session port, $2: adapter port (of the instance asked after the fault)
  local lost=0 sid jti
  while read -r sid; do
    curl -s -X POST -H "X-Session-ID: $sid" "http://127.0.0.1:$1/api/v1/session/validate" | grep -q '"valid":true' || lost=$((lost + 1))
  done < "$work/sessions"
  while read -r jti; do
    curl -s -X POST -H 'Content-Type: application/json' -d "{\"token\":\"$(jwt "$jti")\"}" \
      "http://127.0.0.1:$2/api/v1/jwt/validate" | grep -q '"reason":"revoked"' || lost=$((lost + 1))
  done < "$work/revoked"
  echo "$lost"
}

# wrk script: POST with the given header/body; counts 2xx with "valid":true, 5xx and other answers in every thread
write_lua() { # $1: file, $2: header name or "", $3: header value, $4: body or ""
  cat > "$1" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
$( [ -n "$2" ] && echo "wrk.headers[\"$2\"] = \"$3\"" )
$( [ -n "$4" ] && echo "wrk.body = '$4'" )
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) ok = 0; s5xx = 0; wrong = 0; unavailable = 0 end
function response(status, headers, body)
  if status == 503 and headers["Retry-After"] and string.find(body, '"code":"session_store_unavailable"', 1, true) then
    s5xx = s5xx + 1; unavailable = unavailable + 1
  elseif status >= 500 then s5xx = s5xx + 1
  elseif status == 200 and string.find(body, '"valid":true', 1, true) then ok = ok + 1
  else wrong = wrong + 1 end
end
function done(summary, latency, requests)
  local s5xx_, wrong_, unavailable_ = 0, 0, 0
  for _, t in ipairs(threads) do
    s5xx_ = s5xx_ + t:get("s5xx"); wrong_ = wrong_ + t:get("wrong"); unavailable_ = unavailable_ + t:get("unavailable")
  end
  local e = summary.errors
  io.write(string.format("RESULT %d %d %d %d %d\n", summary.requests, s5xx_, e.connect + e.read + e.write + e.timeout, wrong_,
    unavailable_))
end
LUA
}

wrk_pids=()
run_wrk() { # $1: lua, $2: url, $3: output file
  wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" --timeout 5s -s "$1" "$2" > "$3" 2>&1 &
  wrk_pids+=("$!"); pids+=("$!")
}

await_wrk() {
  wait "${wrk_pids[@]}" || true
  wrk_pids=()
}

rows=()
row() { # $1: scenario, $2: path, $3: wrk output, $4: recover, $5: lost
  local r; r=$(grep '^RESULT' "$3" | awk '{ print $2" | "$3 ($6 > 0 ? " (" $6 " of them 503 session_store_unavailable + Retry-After)" : "") " | "$4" | "$5 }')
  [ -n "$r" ] || { echo "wrk gave no result:"; cat "$3"; exit 1; }
  rows+=("| $1 | $2 | $r | $4 | $5 |")
}

scenario_kill() {
  local redis_port; redis_port=$(free_port); mkdir -p "$work/redis-kill"
  start_redis "$redis_port" "$work/redis-kill"
  local shared=(REDIS_URL="redis://127.0.0.1:$redis_port" REDIS_KEY_PREFIX="faults-kill:")
  start_launcher a "${shared[@]}"; start_launcher b "${shared[@]}"
  await_ready a; await_ready b
  make_records "$a_session_validation_normalizer" "$a_jwt_token_adapter"
  write_lua "$work/kill-session.lua" X-Session-ID "$(head -1 "$work/sessions")" ""
  write_lua "$work/kill-jwt.lua" "" "" "{\"token\":\"$(jwt live-kill)\"}"
  run_wrk "$work/kill-session.lua" "http://127.0.0.1:$b_session_validation_normalizer/api/v1/session/validate" "$work/kill-session.out"
  run_wrk "$work/kill-jwt.lua" "http://127.0.0.1:$b_jwt_token_adapter/api/v1/jwt/validate" "$work/kill-jwt.out"
  sleep $((DURATION / 3))
  kill -9 "$a_pid"
  local killed; killed=$(now)
  wait "$a_pid" 2>/dev/null || true
  local a_ports="$a_jwt_token_adapter|$a_session_validation_normalizer|$a_fallback_session_provider|$a_websocket_auth_gateway|$a_service_boundary_coordinator"
  local recover=timeout
  for _ in $(seq 1 300); do
    if ! curl -s "http://127.0.0.1:$b_service_boundary_coordinator/api/v1/coordinator/services" | grep -Eq "127.0.0.1:($a_ports)\"" \
      && ! curl -s "http://127.0.0.1:$b_service_boundary_coordinator/api/v1/health/integration" | grep -Eq "127.0.0.1:($a_ports)\""; then
      recover=$(since "$killed"); break
    fi
    sleep 0.05
  done
  await_wrk
  local lost; lost=$(records_lost "$b_session_validation_normalizer" "$b_jwt_token_adapter")
  row "kill -9 of A (of 2 processes)" "session validate on B" "$work/kill-session.out" "$recover (A left B's registry and report)" "$lost"
  row "kill -9 of A (of 2 processes)" "JWT validate on B" "$work/kill-jwt.out" "-" "$lost"
  kill -9 "$b_pid" "$redis_pid" 2>/dev/null || true
  wait "$b_pid" "$redis_pid" 2>/dev/null || true
}

scenario_redis() {
  local redis_port; redis_port=$(free_port); mkdir -p "$work/redis-restart"
  start_redis "$redis_port" "$work/redis-restart"
  local shared=(REDIS_URL="redis://127.0.0.1:$redis_port" REDIS_KEY_PREFIX="faults-redis:")
  start_launcher a "${shared[@]}"; start_launcher b "${shared[@]}"
  await_ready a; await_ready b
  make_records "$a_session_validation_normalizer" "$a_jwt_token_adapter"
  write_lua "$work/redis-session.lua" X-Session-ID "$(head -1 "$work/sessions")" ""
  write_lua "$work/redis-jwt.lua" "" "" "{\"token\":\"$(jwt live-redis)\"}"
  run_wrk "$work/redis-session.lua" "http://127.0.0.1:$a_session_validation_normalizer/api/v1/session/validate" "$work/redis-session.out"
  run_wrk "$work/redis-jwt.lua" "http://127.0.0.1:$a_jwt_token_adapter/api/v1/jwt/validate" "$work/redis-jwt.out"
  sleep $((DURATION / 3))
  kill -9 "$redis_pid"; wait "$redis_pid" 2>/dev/null || true
  sleep "$OUTAGE_S"
  start_redis "$redis_port" "$work/redis-restart"
  local back; back=$(now)
  local recover=timeout sid; sid=$(head -1 "$work/sessions")
  for _ in $(seq 1 300); do
    if curl -s -X POST -H "X-Session-ID: $sid" "http://127.0.0.1:$a_session_validation_normalizer/api/v1/session/validate" \
      | grep -q '"valid":true'; then recover=$(since "$back"); break; fi
    sleep 0.05
  done
  # a revocation made through A once Redis is back reaches B (its subscription and mirror came back)
  local token jti reached=no; token=$(internal_token); jti="after-$RANDOM"
  curl -fs -X POST -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d "{\"jti\":\"$jti\"}" \
    "http://127.0.0.1:$a_jwt_token_adapter/api/v1/jwt/revoke" >/dev/null || true
  for _ in $(seq 1 200); do
    curl -s -X POST -H 'Content-Type: application/json' -d "{\"token\":\"$(jwt "$jti")\"}" \
      "http://127.0.0.1:$b_jwt_token_adapter/api/v1/jwt/validate" | grep -q '"reason":"revoked"' && { reached=yes; break; }
    sleep 0.05
  done
  await_wrk
  local lost; lost=$(records_lost "$b_session_validation_normalizer" "$b_jwt_token_adapter")
  row "Redis kill -9, back after ${OUTAGE_S} s" "session validate on A (503 by design while down)" "$work/redis-session.out" "$recover (after Redis' return)" "$lost"
  row "Redis kill -9, back after ${OUTAGE_S} s" "JWT validate on A" "$work/redis-jwt.out" "- (revocation after return reached B: $reached)" "$lost"
  kill -9 "$a_pid" "$b_pid" "$redis_pid" 2>/dev/null || true
  wait "$a_pid" "$b_pid" "$redis_pid" 2>/dev/null || true
}

scenario_kill
scenario_redis

echo "faults: wrk -t1 -c$CONNECTIONS for ${DURATION}s per path, fault at $((DURATION / 3)) s; $RECORDS sessions and $RECORDS revocations made through A before each fault"
echo
echo "| scenario | path | requests | 5xx | connection errors | wrong answers | recover (s) | records lost |"
echo "|---|---|---|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
