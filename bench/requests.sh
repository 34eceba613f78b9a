#!/usr/bin/env bash
# Request cost: the demo (embedded PostgreSQL, simulator, collector, API) with a day of history; then, with wrk at
# CONNS connections for SECONDS each, on the same server: a bare 404, the authenticated Andon board
# (GET /lines/{id}/status) and a 7-day line OEE by day (GET /lines/{id}/oee). Prints req/s, p50/p99 and each rate ÷
# the 404 rate, the load average with each figure, and the demo JVM's RSS after the runs.
# Usage: bench/requests.sh [conns=50] [seconds=20]. Traffic stays on 127.0.0.1. Figures go to docs/benchmarks.md by hand.
set -euo pipefail
cd "$(dirname "$0")/.."
CONNS=${1:-50}; SECS=${2:-20}
command -v wrk > /dev/null || { echo "wrk missing: apt-get install -y wrk"; exit 1; }
mvn -q -B -o -DskipTests package -pl platform-api -am
DIR=$(mktemp -d /tmp/tiangong-requests.XXXXXX)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
PORT=$(free_port); OPCUA=$(free_port)
java -Xmx768m -jar platform-api/target/tiangong.jar demo --host 127.0.0.1 --data-dir "$DIR/data" --port "$PORT" \
  --opcua-port "$OPCUA" --history-days 1 > "$DIR/demo.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null || true; rm -rf "$DIR"' EXIT
API=http://127.0.0.1:$PORT
for _ in $(seq 1 300); do grep -q "Stop with Ctrl+C" "$DIR/demo.log" && break; kill -0 $PID || { cat "$DIR/demo.log"; exit 1; }; sleep 1; done
until grep -q "history back-fill done" "$DIR/demo.log"; do sleep 2; kill -0 $PID || exit 1; done
sleep 25 # one rollup pass after the back-fill
PASSWORD=$(grep -E '^ +manager +plant_manager +password:' "$DIR/demo.log" | awk '{print $4}')
TOKEN=$(curl -s "$API/api/v1/auth/login" -H 'content-type: application/json' \
  -d "{\"username\":\"manager\",\"password\":\"$PASSWORD\"}" | sed 's/.*"token":"\([^"]*\)".*/\1/')
H="Authorization: Bearer $TOKEN"
ENT=$(curl -s "$API/api/v1/enterprises" -H "$H" | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
PLANT=$(curl -s "$API/api/v1/enterprises/$ENT/plants" -H "$H" | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
LINE=$(curl -s "$API/api/v1/plants/$PLANT/lines" -H "$H" | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
TO=$(date -u +%Y-%m-%dT%H:00:00Z); FROM=$(date -u -d '7 days ago' +%Y-%m-%dT%H:00:00Z)
echo "status $(curl -s -o /dev/null -w '%{http_code}' -H "$H" "$API/api/v1/lines/$LINE/status"), oee $(curl -s -o /dev/null -w '%{http_code}' -H "$H" "$API/api/v1/lines/$LINE/oee?granularity=day&from=$FROM&to=$TO")"
run() { # name, then curl-free wrk args
  local name=$1; shift
  local out; out=$(wrk -t2 -c"$CONNS" -d"${SECS}s" --latency "$@")
  local rate; rate=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  local p50; p50=$(echo "$out" | awk '$1=="50%" {print $2}')
  local p99; p99=$(echo "$out" | awk '$1=="99%" {print $2}')
  local non2xx; non2xx=$(echo "$out" | awk '/Non-2xx/ {print $NF}')
  echo "$name|$rate|$p50|$p99|${non2xx:-0}|$(cut -d' ' -f1-3 /proc/loadavg)"
}
echo "conns $CONNS, $SECS s each; name|req/s|p50|p99|non-2xx|load"
R404=$(run "bare 404" "$API/no-such-page"); echo "$R404"
RB=$(run "board /lines/{id}/status" -H "$H" "$API/api/v1/lines/$LINE/status"); echo "$RB"
RO=$(run "7-day line OEE" -H "$H" "$API/api/v1/lines/$LINE/oee?granularity=day&from=$FROM&to=$TO"); echo "$RO"
B=$(echo "$R404" | cut -d'|' -f2)
echo "board ÷ 404: $(python3 -c "print(round($(echo "$RB" | cut -d'|' -f2)/$B, 3))"); OEE ÷ 404: $(python3 -c "print(round($(echo "$RO" | cut -d'|' -f2)/$B, 3))")"
echo "demo JVM RSS after the runs: $(( $(ps -o rss= -p "$PID") / 1024 )) MiB (heap -Xmx768m; the JVM also runs simulator and collector)"
