#!/usr/bin/env bash
# Storage footprint: bytes per stored sample (raw table with its indexes) and per machine-minute of rollups, and how far
# the raw rows compress (gzip of a binary COPY), for docs/deployment.md. One-second data of QueryBenchmark.
# Usage: bench/storage.sh [machines=10] [days=3]
# Database: embedded PostgreSQL 17 unless TIANGONG_BENCH_DB_URL is set. Builds through the reactor (no install).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -o -pl analytics test-compile
mvn -q -B -o -pl analytics dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
java -Xmx2g -cp "analytics/target/classes:analytics/target/test-classes:$(cat analytics/target/bench.classpath)" \
  -Dlogback.configurationFile=analytics/src/test/resources/logback-test.xml \
  org.tiangong.analytics.bench.StorageFootprint "${1:-10}" "${2:-3}"
