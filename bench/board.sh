#!/usr/bin/env bash
# Board benchmark: the demo (simulator → collector → database → API) in its own JVM, then 100 and 1 000 concurrent
# SSE viewers of one line's live Andon board: delay from a state change written to the database to its arrival at a
# viewer (p50/p99/max; the simulator's own changes apart, from the machine), server CPU and RSS (from /proc), and time
# to first paint of /lines/{id}/board in headless Chromium.
# Usage: bench/board.sh [viewers=100,1000] [secondsPerRun=60]. Figures go to docs/benchmarks.md by hand.
set -euo pipefail
cd "$(dirname "$0")/.."
VIEWERS="${1:-100,1000}"
SECONDS_PER_RUN="${2:-60}"
mvn -q -B -DskipTests package -pl platform-api -am dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
OPCUA=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
DATA=$(mktemp -d)
LOG="$DATA/demo.log"
java -Xmx1g -jar platform-api/target/tiangong.jar demo --host 127.0.0.1 --port "$PORT" --opcua-port "$OPCUA" \
  --data-dir "$DATA/data" --history-days 2 > "$LOG" 2>&1 &
DEMO=$!
trap 'kill $DEMO 2>/dev/null; wait $DEMO 2>/dev/null; rm -rf "$DATA"; true' EXIT
for _ in $(seq 1 180); do
  grep -q "Stop with Ctrl+C" "$LOG" && break
  kill -0 $DEMO 2>/dev/null || { cat "$LOG"; exit 1; }
  sleep 1
done
PASSWORD=$(grep -E '^\s+manager\s' "$LOG" | sed -E 's/.*password: //')
PGPORT=$(grep -oE 'embedded PostgreSQL listening on port [0-9]+' "$LOG" | grep -oE '[0-9]+$')
sleep 20   # the collector's first samples and the rollups of the back-filled history
java -Xmx1g -cp "platform-api/target/test-classes:platform-api/target/classes:$(cat platform-api/target/bench.classpath)" \
  -Dlogback.configurationFile=platform-api/src/test/resources/logback-test.xml \
  org.tiangong.api.bench.BoardBenchmark "http://127.0.0.1:$PORT" manager "$PASSWORD" "$DEMO" "$VIEWERS" "$SECONDS_PER_RUN" \
  "jdbc:postgresql://localhost:$PGPORT/tiangong?user=postgres"
