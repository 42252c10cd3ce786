#!/usr/bin/env bash
# Platform overhead under load: requests/s of GET /health/live on a real service (what every request
# passes: correlation id, access log and response counter, request checks, Vert.x HTTP metrics, the
# connection deadlines and strict framing; the probe's answer itself is encoded once) against a bare
# Vert.x server answering the same body, measured one after the other in the same run. Reports the ratio.
#   bash bench/platform.sh            (DURATION=20s CONNECTIONS=64 to change the load)
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-15s}
CONNECTIONS=${CONNECTIONS:-32}
SERVICE_PORT=18025
BARE_PORT=18099

command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
if [ ! -f launcher/target/authsuite.jar ] || [ ! -f bench/target/classpath.txt ]; then
  mvn -B -q -ntp -DskipTests package
fi

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT

wait_for() {
  for _ in $(seq 1 100); do
    curl -fs "http://127.0.0.1:$1/" -o /dev/null -w '' 2>/dev/null && return 0
    curl -s -o /dev/null "http://127.0.0.1:$1/health/live" && return 0
    sleep 0.2
  done
  echo "nothing answered on port $1" >&2
  return 1
}

measure() {
  local port=$1
  wrk -t2 -c"$CONNECTIONS" -d5s "http://127.0.0.1:$port/health/live" >/dev/null   # warm-up: JIT, pools
  wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "http://127.0.0.1:$port/health/live" > "/tmp/authsuite-bench-$port.txt"
  awk '/Requests\/sec/ {print $2}' "/tmp/authsuite-bench-$port.txt"
}

java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" authsuite.bench.BareServer "$BARE_PORT" >/dev/null &
pids+=($!)
wait_for "$BARE_PORT"
bare=$(measure "$BARE_PORT")
kill "${pids[0]}"; wait "${pids[0]}" 2>/dev/null || true

JWT_TOKEN_ADAPTER_PORT=$SERVICE_PORT java -jar launcher/target/authsuite.jar jwt-token-adapter >/dev/null 2>&1 &
pids+=($!)
wait_for "$SERVICE_PORT"
service=$(measure "$SERVICE_PORT")

p99() { awk '/ 99%/ {print $2}' "/tmp/authsuite-bench-$1.txt"; }
echo "GET /health/live, $CONNECTIONS connections, $DURATION each, wrk -t2 on $(nproc) cores"
printf '  bare Vert.x baseline : %10.0f req/s  p99 %s\n' "$bare" "$(p99 $BARE_PORT)"
printf '  jwt-token-adapter    : %10.0f req/s  p99 %s\n' "$service" "$(p99 $SERVICE_PORT)"
awk -v s="$service" -v b="$bare" 'BEGIN { printf "  ratio service/baseline: %.2f\n", s / b }'
