#!/usr/bin/env bash
# JWT validation micro-benchmarks (JMH): HS256/RS256/ES256 through the real TokenValidator, on the
# verified-token cache hit and on the full signature path, each reported as a ratio to
# baselineParseOnly (parsing the HS256 token, nothing else) measured in the same run.
#   bash bench/jmh.sh                                 (defaults: 1 fork, 3x2s warm-up, 5x2s measured)
#   bash bench/jmh.sh -wi 1 -i 2 -w 1s -r 1s          (any JMH option; a regex narrows the benchmarks)
# Rebuild after changing common or the benchmark: rm bench/target/benchmarks.jar (or mvn package).
set -euo pipefail
cd "$(dirname "$0")/.."

JAR=bench/target/benchmarks.jar
RESULTS=/tmp/authsuite-jmh.json

if [ ! -f "$JAR" ]; then
  mvn -B -q -ntp -DskipTests package -pl bench -am
fi

java -jar "$JAR" TokenValidationBenchmark -rf json -rff "$RESULTS" "$@"

python3 - "$RESULTS" <<'PY'
import json, sys

# JMH reports throughput (ops/<unit>) or time (<unit>/op); both become ops/s
SECONDS = {"s": 1.0, "ms": 1e-3, "us": 1e-6, "ns": 1e-9, "min": 60.0}

def ops_per_second(result):
    metric = result["primaryMetric"]
    score, unit = metric["score"], metric["scoreUnit"]
    if unit.startswith("ops/"):
        return score / SECONDS[unit[4:]]
    if unit.endswith("/op"):
        return 1.0 / (score * SECONDS[unit[:-3]])
    raise SystemExit(f"unexpected JMH unit {unit}")

rows = {}
for result in json.load(open(sys.argv[1])):
    name = result["benchmark"].rsplit(".", 1)[1]
    if result["mode"] not in ("thrpt", "avgt", "sample", "ss"):
        continue
    rows.setdefault(name, ops_per_second(result))

baseline = rows.get("baselineParseOnly")
print()
print(f"{'benchmark':<20} {'ops/s':>14}  {'ratio to baselineParseOnly':>26}")
for name, ops in rows.items():
    ratio = f"{ops / baseline:.4g}" if baseline else "n/a (baseline not run)"
    print(f"{name:<20} {ops:>14,.0f}  {ratio:>26}")
PY
