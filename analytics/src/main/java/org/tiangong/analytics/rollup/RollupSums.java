package org.tiangong.analytics.rollup;

import static org.tiangong.analytics.db.TimeGrid.HOUR;
import static org.tiangong.analytics.db.TimeGrid.MINUTE;
import static org.tiangong.analytics.db.TimeGrid.ceil;
import static org.tiangong.analytics.db.TimeGrid.floor;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.tiangong.analytics.model.TimeRange;
import org.tiangong.analytics.telemetry.StateSource;

/**
 * Sums from rollups where they are closed, raw telemetry elsewhere. Each requested range is cut at the machine's
 * watermark (rollups are complete before it): whole hours come from {@code machine_hour}, whole minutes around them
 * from {@code machine_minute}, and only the sub-minute edges and the open edge after the watermark from raw data.
 * Sums add, so the answer equals the raw one (up to floating-point rounding); {@code RollupVsRawTest} checks it.
 */
public final class RollupSums implements MachineSumsSource {

    /** The rollup columns in {@link MachineHistory} order, and the ones OEE needs. */
    private static final List<String> ALL_COLUMNS = List.of(
            "running_s",
            "idle_s",
            "setup_s",
            "fault_s",
            "off_s",
            "no_data_s",
            "good",
            "scrap",
            "energy_kwh",
            "energy_running_kwh",
            "energy_idle_kwh");

    /** OEE's: run time, time with data (every known state; OEE's data coverage) and the counts. */
    private static final List<String> OEE_COLUMNS =
            List.of("running_s", "idle_s", "setup_s", "fault_s", "off_s", "good", "scrap");
    /** Raw pieces of one machine closer together than this are read in one go. */
    private static final long RAW_MERGE_SECONDS = 15 * 60;

    private final DataSource dataSource;
    private final HistoryLoader loader;

    public RollupSums(DataSource dataSource) {
        this.dataSource = dataSource;
        this.loader = new HistoryLoader(dataSource);
    }

    /** A range of one machine's request, and which set (sum slot) it adds to. */
    private record Piece(UUID machine, int slot, TimeRange range) {}

    @Override
    public Map<UUID, List<MachineSums>> sums(Map<UUID, List<List<TimeRange>>> requests, Measures measures)
            throws SQLException {
        Map<UUID, Instant> watermarks = watermarks(requests.keySet());
        Map<UUID, double[]> acc = new HashMap<>();
        List<Piece> hours = new ArrayList<>(), minutes = new ArrayList<>(), raw = new ArrayList<>();
        for (var e : requests.entrySet()) {
            UUID m = e.getKey();
            acc.put(m, new double[e.getValue().size() * MachineHistory.WIDTH]);
            Instant w = watermarks.get(m);
            for (int slot = 0; slot < e.getValue().size(); slot++) {
                for (TimeRange r : e.getValue().get(slot)) split(m, slot, r, w, hours, minutes, raw);
            }
        }
        addHours(hours, acc, measures);
        addRollups("machine_minute", minutes, acc);
        addRaw(raw, acc);
        Map<UUID, List<MachineSums>> out = new HashMap<>();
        for (var e : requests.entrySet()) {
            double[] a = acc.get(e.getKey());
            List<MachineSums> sums = new ArrayList<>();
            for (int slot = 0; slot < e.getValue().size(); slot++)
                sums.add(MachineHistory.toSums(a, slot * MachineHistory.WIDTH));
            out.put(e.getKey(), sums);
        }
        return out;
    }

    private static void split(
            UUID m, int slot, TimeRange r, Instant watermark, List<Piece> hours, List<Piece> minutes, List<Piece> raw) {
        Instant closedEnd = watermark == null ? r.start() : min(r.end(), max(r.start(), watermark));
        Instant ms = ceil(r.start(), MINUTE), me = floor(closedEnd, MINUTE);
        if (!ms.isBefore(me)) {
            add(raw, m, slot, r.start(), r.end());
            return;
        }
        add(raw, m, slot, r.start(), ms);
        Instant hs = ceil(ms, HOUR), he = floor(me, HOUR);
        if (hs.isBefore(he)) {
            add(minutes, m, slot, ms, hs);
            add(hours, m, slot, hs, he);
            add(minutes, m, slot, he, me);
        } else {
            add(minutes, m, slot, ms, me);
        }
        add(raw, m, slot, me, r.end());
    }

    private static void add(List<Piece> to, UUID m, int slot, Instant a, Instant b) {
        if (b.isAfter(a)) to.add(new Piece(m, slot, new TimeRange(a, b)));
    }

    private Map<UUID, Instant> watermarks(java.util.Set<UUID> machines) throws SQLException {
        Map<UUID, Instant> out = new HashMap<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("SELECT machine_id, CASE WHEN isfinite(rolled_until) THEN rolled_until END "
                                + "FROM rollup_watermark WHERE machine_id = ANY(?)")) {
            ps.setArray(1, c.createArrayOf("uuid", machines.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    var t = rs.getObject(2, java.time.OffsetDateTime.class);
                    if (t != null) out.put(rs.getObject(1, UUID.class), t.toInstant());
                }
            }
        }
        return out;
    }

    /** Sums the rollup rows of every piece in one query; {@code relation} is one of our two rollup names. */
    private void addRollups(String relation, List<Piece> pieces, Map<UUID, double[]> acc) throws SQLException {
        if (pieces.isEmpty()) return;
        // LATERAL: one index range scan on (machine_id, bucket) per piece, whatever the planner thinks of the join
        String sql =
                "SELECT u.i, r.* FROM unnest(?::uuid[], ?::int8[], ?::int8[], ?::int4[]) AS u(m, a, b, i) CROSS JOIN LATERAL ("
                        + "  SELECT sum(running_s), sum(idle_s), sum(setup_s), sum(fault_s), sum(off_s), sum(no_data_s), sum(good), sum(scrap),"
                        + "         sum(energy_kwh), sum(energy_running_kwh), sum(energy_idle_kwh) FROM " + relation
                        + "  WHERE machine_id = u.m AND bucket >= TIMESTAMPTZ 'epoch' + u.a * INTERVAL '1 second'"
                        + "  AND bucket < TIMESTAMPTZ 'epoch' + u.b * INTERVAL '1 second') r";
        int n = pieces.size();
        Object[] machines = new Object[n];
        Long[] starts = new Long[n], ends = new Long[n];
        Integer[] index = new Integer[n];
        for (int k = 0; k < n; k++) {
            Piece p = pieces.get(k);
            machines[k] = p.machine();
            starts[k] = p.range().start().getEpochSecond();
            ends[k] = p.range().end().getEpochSecond();
            index[k] = k;
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            Array m = c.createArrayOf("uuid", machines);
            ps.setArray(1, m);
            ps.setArray(2, c.createArrayOf("int8", starts));
            ps.setArray(3, c.createArrayOf("int8", ends));
            ps.setArray(4, c.createArrayOf("int4", index));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Piece p = pieces.get(rs.getInt(1));
                    double[] a = acc.get(p.machine());
                    int base = p.slot() * MachineHistory.WIDTH;
                    for (int col = 0; col < MachineHistory.WIDTH; col++) a[base + col] += rs.getDouble(col + 2);
                }
            }
        }
    }

    /**
     * Hour pieces are many and dense (every shift of every day): each machine's hours over the whole span are read in
     * one index range scan, then each piece is summed from running totals in O(log n). Fetching the rows costs more
     * than scanning them, so only the columns the caller needs are read.
     */
    private void addHours(List<Piece> pieces, Map<UUID, double[]> acc, Measures measures) throws SQLException {
        if (pieces.isEmpty()) return;
        Instant from = pieces.get(0).range().start(), to = pieces.get(0).range().end();
        java.util.Set<UUID> machines = new java.util.HashSet<>();
        for (Piece p : pieces) {
            from = min(from, p.range().start());
            to = max(to, p.range().end());
            machines.add(p.machine());
        }
        List<String> columns = measures == Measures.OEE ? OEE_COLUMNS : ALL_COLUMNS;
        int[] indexes = columns.stream().mapToInt(ALL_COLUMNS::indexOf).toArray();
        Map<UUID, List<long[]>> buckets = new HashMap<>(); // per machine: epoch second of each hour, in order
        Map<UUID, List<double[]>> rows = new HashMap<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT machine_id, extract(epoch FROM bucket)::int8, "
                        + String.join(", ", columns) + " FROM machine_hour "
                        + "WHERE machine_id = ANY(?) AND bucket >= ? AND bucket < ? ORDER BY machine_id, bucket")) {
            ps.setArray(1, c.createArrayOf("uuid", machines.toArray()));
            ps.setObject(2, from.atOffset(java.time.ZoneOffset.UTC));
            ps.setObject(3, to.atOffset(java.time.ZoneOffset.UTC));
            ps.setFetchSize(10_000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    UUID m = rs.getObject(1, UUID.class);
                    double[] row = new double[MachineHistory.WIDTH];
                    for (int k = 0; k < columns.size(); k++) row[indexes[k]] = rs.getDouble(k + 3);
                    buckets.computeIfAbsent(m, k -> new ArrayList<>()).add(new long[] {rs.getLong(2)});
                    rows.computeIfAbsent(m, k -> new ArrayList<>()).add(row);
                }
            }
        }
        Map<UUID, long[]> times = new HashMap<>();
        Map<UUID, double[]> running = new HashMap<>(); // prefix sums: (k + 1) * WIDTH + col = sum of rows [0, k]
        for (UUID m : buckets.keySet()) {
            List<long[]> b = buckets.get(m);
            List<double[]> r = rows.get(m);
            long[] t = new long[b.size()];
            double[] prefix = new double[(b.size() + 1) * MachineHistory.WIDTH];
            for (int k = 0; k < b.size(); k++) {
                t[k] = b.get(k)[0];
                for (int col = 0; col < MachineHistory.WIDTH; col++) {
                    prefix[(k + 1) * MachineHistory.WIDTH + col] =
                            prefix[k * MachineHistory.WIDTH + col] + r.get(k)[col];
                }
            }
            times.put(m, t);
            running.put(m, prefix);
        }
        for (Piece p : pieces) {
            long[] t = times.get(p.machine());
            if (t == null) continue;
            int lo = lowerBound(t, p.range().start().getEpochSecond()),
                    hi = lowerBound(t, p.range().end().getEpochSecond());
            double[] prefix = running.get(p.machine());
            double[] a = acc.get(p.machine());
            int base = p.slot() * MachineHistory.WIDTH;
            for (int col = 0; col < MachineHistory.WIDTH; col++) {
                a[base + col] += prefix[hi * MachineHistory.WIDTH + col] - prefix[lo * MachineHistory.WIDTH + col];
            }
        }
    }

    private static int lowerBound(long[] sorted, long key) {
        int lo = 0, hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < key) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /** Raw edges: nearby pieces of a machine are read as one cluster; all clusters of all machines in one go. */
    private void addRaw(List<Piece> pieces, Map<UUID, double[]> acc) throws SQLException {
        Map<UUID, List<Piece>> byMachine = new HashMap<>();
        for (Piece p : pieces)
            byMachine.computeIfAbsent(p.machine(), k -> new ArrayList<>()).add(p);
        List<StateSource.Request> clusters = new ArrayList<>();
        List<List<Piece>> members = new ArrayList<>();
        for (var e : byMachine.entrySet()) {
            List<Piece> list = e.getValue();
            list.sort(Comparator.comparing(p -> p.range().start()));
            int k = 0;
            while (k < list.size()) {
                int j = k;
                Instant start = list.get(k).range().start(),
                        end = list.get(k).range().end();
                while (j + 1 < list.size()
                        && list.get(j + 1).range().start().getEpochSecond() - end.getEpochSecond()
                                < RAW_MERGE_SECONDS) {
                    j++;
                    end = max(end, list.get(j).range().end());
                }
                clusters.add(new StateSource.Request(e.getKey(), new TimeRange(start, end)));
                members.add(list.subList(k, j + 1));
                k = j + 1;
            }
        }
        if (clusters.isEmpty()) return;
        List<MachineHistory> histories = loader.loadAll(clusters);
        for (int c = 0; c < clusters.size(); c++) {
            double[] a = acc.get(clusters.get(c).machineId());
            for (Piece p : members.get(c))
                add(a, p.slot() * MachineHistory.WIDTH, histories.get(c).within(List.of(p.range())));
        }
    }

    private static void add(double[] a, int base, MachineSums s) {
        a[base + MachineHistory.RUNNING] += s.runningSeconds();
        a[base + MachineHistory.IDLE] += s.idleSeconds();
        a[base + MachineHistory.SETUP] += s.setupSeconds();
        a[base + MachineHistory.FAULT] += s.faultSeconds();
        a[base + MachineHistory.OFF] += s.offSeconds();
        a[base + MachineHistory.NO_DATA] += s.noDataSeconds();
        a[base + MachineHistory.GOOD] += s.good();
        a[base + MachineHistory.SCRAP] += s.scrap();
        a[base + MachineHistory.ENERGY] += s.energyKwh();
        a[base + MachineHistory.ENERGY_RUNNING] += s.energyRunningKwh();
        a[base + MachineHistory.ENERGY_IDLE] += s.energyIdleKwh();
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
