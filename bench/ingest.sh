#!/usr/bin/env bash
# Ingest benchmark: simulator → collector → database, then, on the same rows, plain COPY vs the idempotent write
# (before: every row through staging; after: binary COPY above each signal's high-water mark) and a replay.
# Usage: bench/ingest.sh [machines=300] [tickMillis=100] [seconds=30]
# Database: embedded PostgreSQL 17 unless TIANGONG_BENCH_DB_URL is set. Figures go to docs/benchmarks.md by hand.
# Builds through the reactor (never `mvn install`, which would overwrite snapshot jars in ~/.m2).
set -euo pipefail
cd "$(dirname "$0")/.."
echo "load before: $(uptime)"
mvn -q -B -o -DskipTests package -pl collector -am dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
java -Xmx2g -cp "collector/target/classes:collector/target/test-classes:$(cat collector/target/bench.classpath)" \
  -Dlogback.configurationFile=collector/src/test/resources/logback-test.xml \
  org.tiangong.collector.bench.IngestBenchmark "${1:-300}" "${2:-100}" "${3:-30}"
echo "load after: $(uptime)"
