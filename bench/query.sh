#!/usr/bin/env bash
# Query benchmark: days of one-second data for many machines, rolled up; then the line OEE by shift over the whole
# span and the line's Andon board, each from rollups and from raw data (p50/p95, raw ÷ rollup).
# Usage: bench/query.sh [machines=50] [days=30] [machinesPerLine=10] [rawRuns=3]
# Database: embedded PostgreSQL 17 unless TIANGONG_BENCH_DB_URL is set. Figures go to docs/benchmarks.md by hand.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -pl analytics -am -DskipTests install
mvn -q -pl analytics dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
java -Xmx6g -cp "analytics/target/classes:analytics/target/test-classes:$(cat analytics/target/bench.classpath)" \
  -Dlogback.configurationFile=analytics/src/test/resources/logback-test.xml \
  org.tiangong.analytics.bench.QueryBenchmark "${1:-50}" "${2:-30}" "${3:-10}" "${4:-3}"
