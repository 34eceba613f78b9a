#!/usr/bin/env bash
# Ingest benchmark: simulator → collector → database, then plain COPY vs the idempotent write on the same rows.
# Usage: bench/ingest.sh [machines=300] [tickMillis=100] [seconds=30]
# Database: embedded PostgreSQL 17 unless TIANGONG_BENCH_DB_URL is set. Figures go to docs/benchmarks.md by hand.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -pl collector -am -DskipTests install
mvn -q -pl collector dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
java -Xmx2g -cp "collector/target/classes:collector/target/test-classes:$(cat collector/target/bench.classpath)" \
  -Dlogback.configurationFile=collector/src/test/resources/logback-test.xml \
  org.tiangong.collector.bench.IngestBenchmark "${1:-300}" "${2:-100}" "${3:-30}"
