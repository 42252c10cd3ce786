#!/usr/bin/env bash
# Graceful drain under load: launcher B, and launcher A started anew for each scenario, on a redis-server of the
# script's own; a closed-loop load client (bench/drain-load.mjs, keep-alive, CONNECTIONS loops) validates JWTs while A
# gets SIGTERM a third of the way in. Two scenarios:
#   balancer  the client spreads over A and B as a Service or the edge would: only to targets whose /health/ready
#             answered 200 at its last poll (every 1 s, shorter than SHUTDOWN_DELAY_S as a probe period must be)
#   direct    the client keeps hammering A alone whatever its readiness says (no load balancer would): the worst case
# It prints what the client saw: accepted (answered) and, among them, failed (5xx or not "valid":true); refused (A no
# longer listening: never accepted) and cut (a connection error after the kernel took the connection: reset, closed,
# timeout). A graceful drain means failed = 0 in both, and cut = 0 behind a balancer. It also prints how long A took
# to leave B's coordinator listing and to exit after SIGTERM, and A's exit code.
#   bash bench/drain.sh            (DURATION=15 CONNECTIONS=16 SHUTDOWN_DELAY_S=2 SHUTDOWN_TIMEOUT_S=20 to change)
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-15}
CONNECTIONS=${CONNECTIONS:-16}
SHUTDOWN_DELAY_S=${SHUTDOWN_DELAY_S:-2}
SHUTDOWN_TIMEOUT_S=${SHUTDOWN_TIMEOUT_S:-20}
JWT_SECRET_KEY="drain-jwt-secret-0123456789abcdef-0123456789a"
SERVICE_SECRET="drain-service-secret-0123456789abcdef-0123456"
EMERGENCY_SIGNING_KEY="drain-emergency-key-0123456789abcdef-0123456"
SERVICES=(jwt-token-adapter session-validation-normalizer fallback-session-provider websocket-auth-gateway service-boundary-coordinator)
work=$(mktemp -d)
pids=()

cleanup() {
  for pid in "${pids[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

command -v node >/dev/null || { echo "drain.sh needs node (18 or later)"; exit 1; }
command -v redis-server >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null; }
# package, not install: the reactor's own modules, nothing written to ~/.m2
mvn -B -q -ntp -DskipTests -pl launcher -am package

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
now() { date +%s.%N; }
since() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.2f}')" "$1" "$(now)"; }

redis_port=$(free_port)
redis-server --port "$redis_port" --bind 127.0.0.1 --dir "$work" --save "" --appendonly no --logfile "$work/redis.log" &
pids+=("$!")
for _ in $(seq 1 100); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.05; done

# $1: name. Sets <name>_<service> to its port, and <name>_pid.
start_launcher() {
  local name=$1
  local env=()
  for service in "${SERVICES[@]}"; do
    local port; port=$(free_port)
    env+=("$(echo "$service" | tr 'a-z-' 'A-Z_')_PORT=$port")
    printf -v "${name}_$(echo "$service" | tr '-' '_')" '%s' "$port"
  done
  env -i PATH="$PATH" HOME="$HOME" JWT_SECRET_KEY="$JWT_SECRET_KEY" SERVICE_SECRET="$SERVICE_SECRET" \
    EMERGENCY_SIGNING_KEY="$EMERGENCY_SIGNING_KEY" BIND_HOST=127.0.0.1 ADVERTISED_HOST=127.0.0.1 \
    REDIS_URL="redis://127.0.0.1:$redis_port" REDIS_KEY_PREFIX="drain:" REGISTRY_HEARTBEAT_MS=5000 \
    COORDINATOR_PROBE_INTERVAL_MS=1000 SHUTDOWN_DELAY_S="$SHUTDOWN_DELAY_S" SHUTDOWN_TIMEOUT_S="$SHUTDOWN_TIMEOUT_S" \
    FALLBACK_AUDIT_FILE="$work/$name-audit.jsonl" \
    "${env[@]}" java -Xms256m -Xmx512m -jar launcher/target/authsuite.jar > "$work/$name.log" 2>&1 &
  local pid=$!
  pids+=("$pid")
  printf -v "${name}_pid" '%s' "$pid"
}

await_ready() { # $1: name
  local var port
  for service in "${SERVICES[@]}"; do
    var="${1}_$(echo "$service" | tr '-' '_')"; port=${!var}
    for _ in $(seq 1 600); do
      curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && continue 2
      sleep 0.2
    done
    echo "launcher $1 did not start ($service on $port):"; tail -20 "$work/$1.log"; exit 1
  done
}

jwt() { # a primary-auth access token (HS256), 15 minutes
  python3 - "$JWT_SECRET_KEY" <<'PY'
import base64, hashlib, hmac, json, sys, time
b64 = lambda b: base64.urlsafe_b64encode(b).rstrip(b"=").decode()
now = int(time.time())
head = b64(json.dumps({"alg": "HS256", "typ": "JWT"}, separators=(",", ":")).encode())
body = b64(json.dumps({"sub": "drain-user", "type": "access", "jti": f"drain-{now}", "iat": now, "exp": now + 900},
                      separators=(",", ":")).encode())
sig = b64(hmac.new(sys.argv[1].encode(), f"{head}.{body}".encode(), hashlib.sha256).digest())
print(f"{head}.{body}.{sig}")
PY
}


# $1: label, $2: targets (PORT_A stands for A's adapter port, known once A runs), $3: readiness poll (ms; 0: ignore readiness). Runs the load, SIGTERMs A a third of the way
# in, and appends a result row.
rows=()
scenario() {
  start_launcher a
  await_ready a
  node bench/drain-load.mjs "${2//PORT_A/$a_jwt_token_adapter}" /api/v1/jwt/validate "{\"token\":\"$(jwt)\"}" "$CONNECTIONS" "$DURATION" "$3" > "$work/load.json" &
  local load_pid=$!
  pids+=("$load_pid")
  sleep $((DURATION / 3))
  kill -TERM "$a_pid"
  local terminated; terminated=$(now)
  local a_ports="$a_jwt_token_adapter|$a_session_validation_normalizer|$a_fallback_session_provider|$a_websocket_auth_gateway|$a_service_boundary_coordinator"
  local left=timeout
  for _ in $(seq 1 600); do
    if ! curl -s "http://127.0.0.1:$b_service_boundary_coordinator/api/v1/coordinator/services" | grep -Eq "127.0.0.1:($a_ports)\""; then
      left=$(since "$terminated"); break
    fi
    sleep 0.02
  done
  set +e
  wait "$a_pid"; local exit_code=$?
  set -e
  local exited; exited=$(since "$terminated")
  wait "$load_pid"
  rows+=("$(python3 - "$work/load.json" "$1" "$left" "$exited" "$exit_code" <<'PY'
import json, sys
counts = json.load(open(sys.argv[1]))
label, left, exited, code = sys.argv[2:]
cut = str(counts["cut"]) + (f" {counts['cut_reasons']}" if counts["cut"] else "")
print(f"| {label} | {counts['accepted']} | {counts['failed']} | {counts['refused']} | {cut} | {left} | {exited} | {code} |")
PY
)")
}

start_launcher b
await_ready b
scenario "through a balancer (readiness polled every 1 s), A and B" \
  "http://127.0.0.1:PORT_A,http://127.0.0.1:$b_jwt_token_adapter" 1000
scenario "straight at A, readiness ignored" "http://127.0.0.1:PORT_A" 0

echo "drain: $CONNECTIONS keep-alive loops validating JWTs for $DURATION s; SIGTERM to A at $((DURATION / 3)) s;" \
  "SHUTDOWN_DELAY_S=$SHUTDOWN_DELAY_S SHUTDOWN_TIMEOUT_S=$SHUTDOWN_TIMEOUT_S, COORDINATOR_PROBE_INTERVAL_MS=1000, REGISTRY_HEARTBEAT_MS=5000"
echo
echo "| load | accepted | failed (of accepted) | refused (never accepted) | cut (connection errors) | A left B's listing (s) | A exited after (s) | exit code |"
echo "|---|---|---|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
