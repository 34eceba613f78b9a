#!/usr/bin/env bash
# Request cost: the demo (embedded PostgreSQL, simulator, collector, API) with a day of history; then, with wrk at
# CONNS connections for SECONDS each, on the same server: a bare 404, the authenticated Andon board
# (GET /lines/{id}/status) and a 7-day line OEE by day (GET /lines/{id}/oee). Prints req/s, p50/p99 and each rate ÷
# the 404 rate, the load average with each figure, and the demo JVM's RSS after the runs. With the server's own
# metrics (--metrics-port, scraped before and after each run) it also prints where a request's time went: the
# server's time per request (first byte read to last byte written) p50/p99, the database pool's queue wait p99, the
# GC pauses during the run and the CPU the demo JVM used — so that a client-side p99 can be split into the server's
# share and the time a request waited to be read at all (CPU scheduling, accept queue, wrk itself).
# Usage: bench/requests.sh [conns=50] [seconds=20]. Traffic stays on 127.0.0.1. Figures go to docs/benchmarks.md by hand.
set -euo pipefail
cd "$(dirname "$0")/.."
CONNS=${1:-50}; SECS=${2:-20}
command -v wrk > /dev/null || { echo "wrk missing: apt-get install -y wrk"; exit 1; }
mvn -q -B -o -DskipTests package -pl platform-api -am
DIR=$(mktemp -d /tmp/tiangong-requests.XXXXXX)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
PORT=$(free_port); OPCUA=$(free_port); METRICS=$(free_port)
java -Xmx768m -jar platform-api/target/tiangong.jar demo --host 127.0.0.1 --data-dir "$DIR/data" --port "$PORT" \
  --opcua-port "$OPCUA" --metrics-port "$METRICS" --history-days 1 > "$DIR/demo.log" 2>&1 &
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
scrape() { curl -s "http://127.0.0.1:$METRICS/metrics" > "$1"; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$PID/stat"; }
# server-side figures of one run from two scrapes: the histograms' bucket deltas, summed over routes and codes
server_side() {
  python3 - "$1" "$2" "$3" "$SECS" <<'PY'
import re, sys
def load(path):
    d = {}
    for line in open(path):
        m = re.match(r'^(\w+)\{([^}]*)\} (\S+)$', line)
        if m: d.setdefault(m.group(1), []).append((m.group(2), float(m.group(3))))
    return d
a, b, ticks, secs = load(sys.argv[1]), load(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
def buckets(d, name, want=''):
    out = {}
    for labels, v in d.get(name, []):
        if want not in labels: continue
        le = re.search(r'le="([^"]+)"', labels).group(1)
        out[le] = out.get(le, 0) + v
    return out
def quantile(name, q, want=''):
    x, y = buckets(a, name, want), buckets(b, name, want)
    delta = sorted(((float(le), y[le] - x.get(le, 0)) for le in y), key=lambda t: t[0])
    total = delta[-1][1] if delta else 0
    if total <= 0: return 'n/a'
    for le, c in delta:
        if c >= q * total: return '≤ %.1f ms' % (le * 1000) if le != float('inf') else '> last bucket'
def total(name, want=''):
    return sum(v for l, v in b.get(name, []) if want in l) - sum(v for l, v in a.get(name, []) if want in l)
r = 'vertx_http_server_response_time_seconds_bucket'
w = 'executor_idle_seconds_bucket'
print('server p50 %s, p99 %s; db-pool wait p99 %s; GC pauses %.0f ms in %d; JVM CPU %.2f cores' % (
    quantile(r, .5), quantile(r, .99), quantile(w, .99, 'name="tiangong-db"'),
    1000 * total('jvm_gc_pause_seconds_sum'), total('jvm_gc_pause_seconds_count'), ticks / 100 / secs))
PY
}
run() { # name, then curl-free wrk args
  local name=$1; shift
  scrape "$DIR/before.prom"; local t0; t0=$(cpu_ticks)
  local out; out=$(wrk -t2 -c"$CONNS" -d"${SECS}s" --latency "$@")
  scrape "$DIR/after.prom"; local t1; t1=$(cpu_ticks)
  echo "  $name, from the server's metrics: $(server_side "$DIR/before.prom" "$DIR/after.prom" $((t1 - t0)))" >&2
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
