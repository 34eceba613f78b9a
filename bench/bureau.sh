#!/usr/bin/env bash
# Bureau benchmark: a generated county of N enterprises; the overview and ranking computed directly (every request
# before IndicatorSnapshots) and from the shared snapshot, p50/p99 and the ratio; then the first request after an
# edit of one enterprise (only its row recomputed), p50.
# Usage: bench/bureau.sh [enterprises=500] [runs=200]
# Database: embedded PostgreSQL 17 unless TIANGONG_BENCH_DB_URL is set. Figures go to docs/benchmarks.md by hand.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "load before: $(uptime)"
mvn -q -B -o -DskipTests test-compile -pl analytics -am dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
java -Xmx2g -cp "analytics/target/classes:analytics/target/test-classes:$(cat analytics/target/bench.classpath)" \
  -Dlogback.configurationFile=analytics/src/test/resources/logback-test.xml \
  org.tiangong.analytics.upgrade.BureauBenchmark "${1:-500}" "${2:-200}"
echo "load after: $(uptime)"
