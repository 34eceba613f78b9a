#!/usr/bin/env bash
# Series benchmark: DAYS of one-second data of one signal, series rollups caught up, then the whole span as a trend
# (1 h and 1 d buckets) from rollups and from raw data: p50/p95, raw ÷ rollup, and whether both gave the same answer.
# Usage: bench/series.sh [days=90] [rawRuns=2]
# Database: embedded PostgreSQL 17 unless TIANGONG_BENCH_DB_URL is set. Figures go to docs/benchmarks.md by hand.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "load before: $(uptime)"
mvn -q -B -o -DskipTests test-compile -pl analytics -am dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
java -Xmx2g -cp "analytics/target/classes:analytics/target/test-classes:$(cat analytics/target/bench.classpath)" \
  -Dlogback.configurationFile=analytics/src/test/resources/logback-test.xml \
  org.tiangong.analytics.bench.SeriesBenchmark "${1:-90}" "${2:-2}"
echo "load after: $(uptime)"
