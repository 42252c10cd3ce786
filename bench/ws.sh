#!/usr/bin/env bash
# WebSocket benchmark of the websocket-auth-gateway: CONNECTIONS authenticated sockets (each its own user and HS256
# token, Authorization: Bearer) held by ONE gateway process relaying to an echo upstream in a second process, opened
# by a load client in a third. Reports the gateway's live heap after a full GC (jcmd GC.class_histogram's total) and RSS,
# before and after the sockets open, per proxied connection; then the round-trip latency of a 64-byte message
# through the gateway and directly to the same upstream, interleaved in the same run.
#   bash bench/ws.sh                       (CONNECTIONS=9800 GATEWAY_HEAP=1g; HISTOGRAM=true adds the gateway's top classes)
# Each proxied connection costs the gateway two file descriptors (client side and upstream side). The open-files
# limit is raised to the hard limit; where that is 20000 (this container), 10,000 connections cannot fit in one
# process, and the default is 9,800.
set -euo pipefail
cd "$(dirname "$0")/.."

GATEWAY_PORT=18428
UPSTREAM_PORT=18499
GATEWAY_HEAP=${GATEWAY_HEAP:-1g}
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
limit=$(ulimit -n)
default_connections=10000
[ "$limit" != unlimited ] && [ $((limit / 2 - 150)) -lt $default_connections ] && default_connections=$(( (limit / 2 - 150) / 100 * 100 ))
CONNECTIONS=${CONNECTIONS:-$default_connections}
work=$(mktemp -d)

if [ ! -f bench/target/classpath.txt ] || [ ! -f bench/target/classes/authsuite/bench/WsLoadClient.class ]; then
  mvn -B -q -ntp -o -pl bench -am package -DskipTests
fi
cp="bench/target/classes:$(cat bench/target/classpath.txt)"

export JWT_SECRET_KEY=${JWT_SECRET_KEY:-bench-jwt-secret-0123456789abcdef-0123456789}
export SERVICE_SECRET=${SERVICE_SECRET:-bench-service-secret-0123456789abcdef-012345}
export EMERGENCY_SIGNING_KEY=${EMERGENCY_SIGNING_KEY:-bench-emergency-key-0123456789abcdef-01234}
export WS_MAX_CONNECTIONS_PER_USER=5 WS_MAX_MESSAGES_PER_S=100000
if redis-cli -h 127.0.0.1 ping >/dev/null 2>&1; then
  export REDIS_URL=redis://127.0.0.1:6379 REDIS_KEY_PREFIX="authsuite-bench-ws-$$:"
fi

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  if [ -n "${REDIS_KEY_PREFIX:-}" ]; then
    redis-cli -h 127.0.0.1 --scan --pattern "${REDIS_KEY_PREFIX}*" | xargs -r -n 500 redis-cli -h 127.0.0.1 DEL >/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

wait_for() { # file, what
  for _ in $(seq 1 300); do [ -s "$1" ] && grep -q ready "$1" && return 0; sleep 0.2; done
  echo "$2 did not start:"; tail -20 "$1"; exit 1
}
java -Xms256m -Xmx512m -cp "$cp" authsuite.bench.WsEchoUpstream "$UPSTREAM_PORT" > "$work/upstream.log" 2>&1 &
pids+=($!)
wait_for "$work/upstream.log" "the echo upstream"
java -Xms"$GATEWAY_HEAP" -Xmx"$GATEWAY_HEAP" -cp "$cp" authsuite.bench.WsGatewayBenchServer "$GATEWAY_PORT" "$UPSTREAM_PORT" > "$work/gateway.log" 2>&1 &
gateway=$!
pids+=($gateway)
wait_for "$work/gateway.log" "the gateway"

live_heap_kib() { # the live objects counted by a full GC (class histogram total), in KiB
  # GC.run followed by GC.heap_info would also count what the gateway allocates between the two
  # commands (a registry heartbeat of ~10,000 sockets is tens of MiB): the histogram is taken inside the GC.
  jcmd "$gateway" GC.class_histogram | awk '/^Total/ { printf "%d\n", $3 / 1024 }'
}
rss_kib() { awk '/VmRSS/ { print $2 }' "/proc/$gateway/status"; }

heap_idle=$(live_heap_kib); rss_idle=$(rss_kib)
java -Xms512m -Xmx1g -cp "$cp" authsuite.bench.WsLoadClient "$GATEWAY_PORT" "$UPSTREAM_PORT" "$CONNECTIONS" "$work" > "$work/client.log" 2>&1 &
client=$!
pids+=($client)
for _ in $(seq 1 900); do [ -f "$work/held" ] && break; kill -0 "$client" 2>/dev/null || break; sleep 0.2; done
[ -f "$work/held" ] || { echo "the load client failed:"; tail -20 "$work/client.log"; tail -20 "$work/gateway.log"; exit 1; }
sleep 2
heap_held=$(live_heap_kib); rss_held=$(rss_kib)
fds=$(ls "/proc/$gateway/fd" | wc -l)
registered=none
[ -n "${REDIS_KEY_PREFIX:-}" ] && registered=$(redis-cli -h 127.0.0.1 --scan --pattern "${REDIS_KEY_PREFIX}ws:conn:*" | wc -l)
[ "${HISTOGRAM:-false}" = true ] && jcmd "$gateway" GC.class_histogram | head -25 > "$work/histogram.txt"
touch "$work/measured"
wait "$client" || { echo "the load client failed:"; tail -20 "$work/client.log"; exit 1; }

held=$(cat "$work/held")
read -r gw_p50 gw_p99 direct_p50 direct_p99 overhead < "$work/latency" || true  # one line, no newline
echo "websocket-auth-gateway, $held authenticated sockets held by one gateway process (each with its upstream socket)"
echo "open files limit $limit; the gateway held $fds file descriptors; registry entries in Redis: $registered"
echo "gateway log: $(grep -c '"level":"\(WARN\|ERROR\)"' "$work/gateway.log" || true) warnings/errors"
grep '"level":"\(WARN\|ERROR\)"' "$work/gateway.log" | cut -c1-400 | sort | uniq -c | sort -rn | head -3 || true
grep -E "^opened|still open" "$work/client.log"
awk -v hi="$heap_idle" -v hh="$heap_held" -v ri="$rss_idle" -v rh="$rss_held" -v n="$held" 'BEGIN {
  printf "live heap after full GC: idle %.1f MiB, holding %.1f MiB -> %.1f KiB per proxied connection (%.0f MiB for 10,000)\n",
    hi / 1024, hh / 1024, (hh - hi) / n, hi / 1024 + (hh - hi) / n * 10000 / 1024
  printf "RSS: idle %.1f MiB, holding %.1f MiB -> %.1f KiB per proxied connection (heap reserved up front: -Xms)\n",
    ri / 1024, rh / 1024, (rh - ri) / n }'
grep -E "through gateway|direct upstream|overhead" "$work/client.log"
[ -f "$work/histogram.txt" ] && cat "$work/histogram.txt"
echo "(machine shared with other builds: compare the two latency rows of this run, not absolute numbers across runs)"
