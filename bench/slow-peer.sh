#!/usr/bin/env bash
# What a slow peer costs the websocket-auth-gateway's heap: one JVM (-Xmx512m) with the gateway, a client that reads
# nothing under a flooding upstream, then an upstream that reads nothing under a flooding client, 6 s each; prints
# the bytes the flooding side got rid of and the heap growth after GC (bench/src/main/java/authsuite/bench/SlowPeerHeap.java).
#   bash bench/slow-peer.sh
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -f bench/target/classpath.txt ] || [ ! -f bench/target/classes/authsuite/bench/SlowPeerHeap.class ]; then
  mvn -B -q -ntp -o -pl bench -am package -DskipTests
fi
cp="bench/target/classes:$(cat bench/target/classpath.txt)"

export JWT_SECRET_KEY=${JWT_SECRET_KEY:-bench-jwt-secret-0123456789abcdef-0123456789}
export SERVICE_SECRET=${SERVICE_SECRET:-bench-service-secret-0123456789abcdef-012345}
export EMERGENCY_SIGNING_KEY=${EMERGENCY_SIGNING_KEY:-bench-emergency-key-0123456789abcdef-01234}
export WS_MAX_MESSAGES_PER_S=1000000
java -Xms512m -Xmx512m -cp "$cp" authsuite.bench.SlowPeerHeap 18438
