#!/usr/bin/env bash
# Collector ceiling and footprint: a light OPC UA load publisher (LoadPublisher, own JVM) → the real Collector
# (CeilingCollector, own JVM: queue → buffer file → forwarder → TelemetryWriter) → embedded PostgreSQL 17 (BenchDatabase,
# own JVM + postgres processes). The publisher offers each rate for `step` seconds; per step the script prints what
# the collector stored, whether it kept up, and the CPU (utime+stime from /proc/<pid>/stat) of collector, publisher
# and database, and the collector's RSS.
# Usage: bench/collector-ceiling.sh [items=10000] [rates=10000,20000,40000,60000,80000] [step=25]
# Collector JVM flags: COLLECTOR_JAVA_OPTS (default: none = the JVM's defaults), e.g.
#   COLLECTOR_JAVA_OPTS='-Xmx160m -XX:MaxMetaspaceSize=96m -Xss512k -XX:+UseSerialGC' bench/collector-ceiling.sh
# COLLECTOR_BATCH=n sets the collector's writer.batchSize (default 5000: buffer transaction and COPY batch size).
# Loopback only. Builds through the reactor (never `mvn install`).
set -euo pipefail
cd "$(dirname "$0")/.."
ITEMS=${1:-10000}
RATES=${2:-10000,20000,40000,60000,80000}
STEP=${3:-25}
COPTS=${COLLECTOR_JAVA_OPTS:-}
echo "machine: $(nproc) cores, $(free -m | awk '/Mem:/{print $2}') MiB RAM"
echo "load before: $(uptime)"
mvn -q -B -o -DskipTests package -pl collector -am dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
CP="collector/target/classes:collector/target/test-classes:$(cat collector/target/bench.classpath)"
LOG="-Dlogback.configurationFile=collector/src/test/resources/logback-test.xml"
W=$(mktemp -d /tmp/tiangong-ceiling.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

java -Xmx256m -cp "$CP" $LOG org.tiangong.collector.bench.BenchDatabase "$W/pg" >"$W/db.log" 2>&1 &
pids+=($!)
for _ in $(seq 120); do grep -q '^url ' "$W/db.log" && break; sleep 1; done
URL=$(awk '/^url /{print $2}' "$W/db.log")
PGPID=$(head -1 "$W/pg/postmaster.pid")
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')

java -Xmx1g -cp "$CP" $LOG org.tiangong.collector.bench.LoadPublisher "$PORT" "$ITEMS" "$RATES" "$STEP" >"$W/pub.log" 2>&1 &
PUBPID=$!; pids+=($PUBPID)
sleep 3
# shellcheck disable=SC2086
TIANGONG_DB_PASSWORD=$(cat "$W/pg.password") java $COPTS -cp "$CP" $LOG org.tiangong.collector.bench.CeilingCollector \
  "opc.tcp://127.0.0.1:$PORT/load" "$ITEMS" "$URL" ${COLLECTOR_BATCH:-} >"$W/coll.log" 2>&1 &
COLLPID=$!; pids+=($COLLPID)

ticks() { awk '{print $14+$15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
pgticks() { local t=0; for p in $PGPID $(ps -o pid= --ppid "$PGPID"); do t=$((t + $(ticks "$p"))); done; echo $t; }
deadline=$(( $(date +%s) + 300 + STEP * $(echo "$RATES" | tr ',' '\n' | wc -l) + 60 ))
drain=0
while kill -0 $COLLPID 2>/dev/null && [ "$(date +%s)" -lt $deadline ]; do
  echo "cpu $(date +%s%3N) $(ticks $COLLPID) $(ticks $PUBPID) $(pgticks) $(awk '/VmRSS/{print $2}' /proc/$COLLPID/status)" >>"$W/cpu.log"
  if grep -q 'publisher: done' "$W/pub.log"; then drain=$((drain + 1)); [ $drain -ge 10 ] && break; fi
  sleep 1
done
echo "load after: $(uptime)"
echo "recommended for \`tiangong collect\` at 10 000 items (docs/benchmarks.md, Collector footprint): -Xmx128m" \
  "-XX:MaxMetaspaceSize=96m -Xss512k -XX:+UseSerialGC -XX:ReservedCodeCacheSize=48m -XX:MaxDirectMemorySize=64m;" \
  "writer.batchSize 50000 for wide plants"
echo "collector JVM flags: ${COPTS:-(JVM defaults)}; logs in $W"
grep -E '^(publisher|collector):' "$W/pub.log" "$W/coll.log" | sed 's/^[^:]*://' || true
python3 - "$W" "$(getconf CLK_TCK)" <<'PY'
import sys, re
w, hz = sys.argv[1], int(sys.argv[2])
stats = [l.split() for l in open(f"{w}/coll.log") if l.startswith("stat ")]
stats = [dict(t=int(s[1]), rec=int(s[3]), buf=int(s[5]), st=int(s[7]), q=int(s[9]), lost=int(s[11]), heap=int(s[15])) for s in stats]
cpu = [l.split() for l in open(f"{w}/cpu.log")]
cpu = [dict(t=int(c[1]), c=int(c[2]), p=int(c[3]), d=int(c[4]), rss=int(c[5]) if len(c) > 5 else 0) for c in cpu]
steps = {}
for l in open(f"{w}/pub.log"):
    m = re.match(r"step (\d+) samples/s from (\d+)", l)
    if m: steps[int(m[1])] = [int(m[2]), None, None]
    m = re.match(r"step (\d+) samples/s until (\d+) achieved (\d+)", l)
    if m: steps[int(m[1])][1:] = [int(m[2]), int(m[3])]
def at(rows, t):  # last row at or before t
    best = rows[0]
    for r in rows:
        if r["t"] <= t: best = r
    return best
print(f"{'offered':>8} {'achieved':>8} {'received/s':>10} {'stored/s':>9} {'buffer Δ/s':>10} {'lost':>5} {'queue max':>9} "
      f"{'coll cores':>10} {'/1k stored':>10} {'/1k recv':>8} {'pub cores':>9} {'db cores':>8} {'RSS MiB':>7} {'heap MiB':>8}  verdict")
best = None
for rate, (t0, t1, ach) in steps.items():
    if t1 is None: continue
    a, b = t0 + 5000, t1  # skip the first 5 s of each step
    s0, s1 = at(stats, a), at(stats, b)
    c0, c1 = at(cpu, a), at(cpu, b)
    dt = (s1["t"] - s0["t"]) / 1000; dc = (c1["t"] - c0["t"]) / 1000
    if dt <= 0 or dc <= 0: continue
    rec = (s1["rec"] - s0["rec"]) / dt; st = (s1["st"] - s0["st"]) / dt; dbuf = (s1["buf"] - s0["buf"]) / dt
    lost = s1["lost"] - s0["lost"]
    window = [s for s in stats if a <= s["t"] <= b]
    qmax = max((s["q"] for s in window), default=0); heap = max((s["heap"] for s in window), default=0)
    cc = (c1["c"] - c0["c"]) / hz / dc; pc = (c1["p"] - c0["p"]) / hz / dc; dbc = (c1["d"] - c0["d"]) / hz / dc
    rss = max((c["rss"] for c in cpu if a <= c["t"] <= b), default=0) // 1024
    behind = rec < 0.95 * ach or dbuf > 0.05 * ach or lost > 0 or st < 0.95 * ach
    verdict = "BEHIND" if behind else "keeps up"
    print(f"{rate:>8} {ach:>8} {rec:>10.0f} {st:>9.0f} {dbuf:>10.0f} {lost:>5} {qmax:>9} {cc:>10.2f} "
          f"{cc / (st / 1000) if st else 0:>10.4f} {cc / (rec / 1000) if rec else 0:>8.4f} {pc:>9.2f} {dbc:>8.2f} {rss:>7} {heap:>8}  {verdict}")
    if best is None or st > best[0]: best = (st, cc, rate, rec)
rss_all = max(c["rss"] for c in cpu) // 1024
if best:
    print(f"ceiling: {best[0]:.0f} samples/s stored (highest over the steps, at offered {best[2]}); "
          f"collector {best[1] / (best[0] / 1000):.4f} cores per 1 000 samples/s stored there "
          f"({best[1] / (best[3] / 1000):.4f} per 1 000 received); max collector RSS {rss_all} MiB")
PY
