#!/usr/bin/env bash
# County benchmark: N light plant publishers (Sparkplug B over MQTT 5, QoS 1) → HiveMQ CE (own process) → K ingest
# instances (own processes, one shared subscription) → PostgreSQL; samples/s end to end and per instance, CPU of
# broker, ingest and database.
# Usage: bench/county.sh [plants=200] [samplesPerPlantPerSecond=50] [seconds=60] [ingestInstances=2] [machinesPerPlant=10]
# Database: embedded PostgreSQL 17 unless TIANGONG_BENCH_DB_URL is set. All traffic on 127.0.0.1.
# Figures go to docs/benchmarks.md ("County scale over MQTT") by hand.
set -euo pipefail
cd "$(dirname "$0")/.."
# compiled through the reactor (no install): the class path points at the modules' target/classes
mvn -B -q -o -pl collector -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/county.classpath -Dmdep.includeScope=test
CP="collector/target/classes:collector/target/test-classes:analytics/target/classes:analytics/target/test-classes"
CP="$CP:$(cat collector/target/county.classpath)"
java -Xmx1g -cp "$CP" -Dlogback.configurationFile=collector/src/test/resources/logback-test.xml \
  org.tiangong.collector.bench.CountyBenchmark "${1:-200}" "${2:-50}" "${3:-60}" "${4:-2}" "${5:-10}"
