#!/usr/bin/env bash
# API load: the demo (embedded PostgreSQL, simulator, collector, API) with DAYS of history; then a burst of PARALLEL
# year-long OEE queries (by day, for the demo enterprise) while /health is asked SAMPLES times one after another.
# Prints the process's RSS before and after the burst, the status codes of the burst and /health's p50/p95/max.
# Usage: bench/api-load.sh [parallel=50] [days=30] [samples=100]
# Heap: JAVA_TOOL_OPTIONS (default -Xmx1g, the documented default of `demo`); MALLOC_ARENA_MAX=2 as the image sets it
# lowers RSS a lot (docs/benchmarks.md). Figures go to docs/benchmarks.md by hand.
# Traffic stays on this machine (127.0.0.1).
set -euo pipefail
cd "$(dirname "$0")/.."
PARALLEL=${1:-50}; DAYS=${2:-30}; SAMPLES=${3:-100}
export JAVA_TOOL_OPTIONS=${JAVA_TOOL_OPTIONS:--Xmx1g}
mvn -q -DskipTests package
DIR=$(mktemp -d /tmp/tiangong-api-load.XXXXXX)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
PORT=$(free_port); OPCUA=$(free_port)
java -jar platform-api/target/tiangong.jar demo --data-dir "$DIR/data" --port "$PORT" --opcua-port "$OPCUA" \
  --history-days "$DAYS" > "$DIR/demo.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null || true; rm -rf "$DIR"' EXIT
API=http://127.0.0.1:$PORT
until curl -sf "$API/health" > /dev/null; do sleep 1; kill -0 $PID || { cat "$DIR/demo.log"; exit 1; }; done
if [ "$DAYS" -gt 0 ]; then
  until grep -q "history back-fill done" "$DIR/demo.log"; do sleep 2; kill -0 $PID || exit 1; done
# wait until the rollups have caught up with the back-fill: until then OEE reads the uncovered span raw, which is
# another (much heavier) measurement; under load a catch-up of 30 days takes minutes, not one 20 s pass
BACKFILLED=$(grep -n "history back-fill done" "$DIR/demo.log" | head -1 | cut -d: -f1)
until tail -n +"${BACKFILLED:-1}" "$DIR/demo.log" | grep -q "rolled up .* machine-minutes"; do
  sleep 2; kill -0 $PID || exit 1
done
echo "rollups caught up: $(tail -n +"${BACKFILLED:-1}" "$DIR/demo.log" | grep -m1 "rolled up" | cut -c1-12)"
fi
PASSWORD=$(grep -E '^ +manager +plant_manager +password:' "$DIR/demo.log" | awk '{print $4}')
TOKEN=$(curl -s "$API/api/v1/auth/login" -H 'content-type: application/json' \
  -d "{\"username\":\"manager\",\"password\":\"$PASSWORD\"}" | sed 's/.*"token":"\([^"]*\)".*/\1/')
ENT=$(curl -s "$API/api/v1/enterprises" -H "Authorization: Bearer $TOKEN" | sed 's/.*"id":"\([^"]*\)".*/\1/')
TO=$(date -u +%Y-%m-%dT%H:00:00Z); FROM=$(date -u -d '365 days ago' +%Y-%m-%dT%H:00:00Z)
rss() { echo $(( $(ps -o rss= -p "$PID") / 1024 )); }
echo "heap: $JAVA_TOOL_OPTIONS; history: $DAYS days; burst: $PARALLEL parallel year-long OEE queries"
load() { cut -d' ' -f1-3 /proc/loadavg; }
echo "load average before: $(load) ($(nproc) cores); MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-unset}"
echo "RSS before: $(rss) MiB"
: > "$DIR/burst"
for i in $(seq "$PARALLEL"); do
  curl -s -o /dev/null -w '%{http_code} %{time_total}\n' -H "Authorization: Bearer $TOKEN" \
    "$API/api/v1/enterprises/$ENT/oee?granularity=day&from=$FROM&to=$TO" >> "$DIR/burst" &
done
: > "$DIR/health"
for i in $(seq "$SAMPLES"); do
  curl -s -o /dev/null -w '%{http_code} %{time_total}\n' "$API/health" >> "$DIR/health"
done
wait $(jobs -p | grep -v "^$PID$") 2>/dev/null || true
while [ "$(wc -l < "$DIR/burst")" -lt "$PARALLEL" ]; do sleep 1; done
echo "RSS after:  $(rss) MiB; load average after: $(load)"
echo "burst statuses: $(awk '{print $1}' "$DIR/burst" | sort | uniq -c | tr '\n' ' ')"
echo "burst seconds p50/max: $(awk '{print $2}' "$DIR/burst" | sort -n | awk '{a[NR]=$1} END {print a[int(NR*0.5)+1] " / " a[NR]}')"
echo "/health statuses: $(awk '{print $1}' "$DIR/health" | sort | uniq -c | tr '\n' ' ')"
awk '{print $2 * 1000}' "$DIR/health" | sort -n | awk '{a[NR]=$1} END {printf "/health ms p50 %.1f  p95 %.1f  max %.1f (n=%d)\n", a[int(NR*0.5)+1], a[int(NR*0.95)], a[NR], NR}'
