#!/usr/bin/env bash
# How soon a revocation closes a socket held by another instance: two websocket-auth-gateway instances (each in a
# Vert.x of its own) on one Redis, an echo upstream; ROUNDS times per event type (revoke_token, revoke_session,
# revoke_user), a socket opened on A is revoked through B's event channel, timed from the publish until A's 4003 close
# reaches the client (bench/src/main/java/authsuite/bench/RevocationLatency.java). Prints p50, p99 and max per type.
# The tests (ExpiryAndRevocationTest, ScaleOutTest, SyncAuthRevocationTest, RedisRestartTest) assert which sockets
# close and how, not this number.
#   bash bench/revocation.sh            (ROUNDS=100 to change; needs a Redis at 127.0.0.1:6379)
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS=${ROUNDS:-100}
if [ ! -f bench/target/classpath.txt ] || [ ! -f bench/target/classes/authsuite/bench/RevocationLatency.class ]; then
  # package from the reactor (never install): the classpath then points at each module's target/ jar
  mvn -B -q -ntp -pl bench -am -DskipTests package
fi
cp="bench/target/classes:$(cat bench/target/classpath.txt)"

export JWT_SECRET_KEY=${JWT_SECRET_KEY:-bench-jwt-secret-0123456789abcdef-0123456789}
export SERVICE_SECRET=${SERVICE_SECRET:-bench-service-secret-0123456789abcdef-012345}
export EMERGENCY_SIGNING_KEY=${EMERGENCY_SIGNING_KEY:-bench-emergency-key-0123456789abcdef-01234}
export REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379} REDIS_KEY_PREFIX="authsuite-bench-revocation-$$:"
cleanup() {
  redis-cli -h 127.0.0.1 --scan --pattern "${REDIS_KEY_PREFIX}*" | xargs -r -n 500 redis-cli -h 127.0.0.1 DEL >/dev/null || true
}
trap cleanup EXIT
java -Xms256m -Xmx256m -cp "$cp" authsuite.bench.RevocationLatency 18651 18652 18653 "$ROUNDS"
