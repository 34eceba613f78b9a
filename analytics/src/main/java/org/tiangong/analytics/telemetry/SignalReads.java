package org.tiangong.analytics.telemetry;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import javax.sql.DataSource;

/**
 * Raw readings of many signals over many spans in one query each, so that a line of machines costs as many round
 * trips as one machine. A NULL value reads as NaN (never as 0, which a counter would take for a reset).
 */
public final class SignalReads {

    /** A signal and a span [from, to) of it. */
    public record Span(int signalId, Instant from, Instant to) {}

    /** One stored reading. */
    public record Reading(Instant time, double value, int status) {}

    private final DataSource dataSource;

    public SignalReads(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * For each span (same order), the newest reading before its start that satisfies {@code filterSql} — a fixed
     * predicate over the columns time, value and status, written by this module, never from input — or null.
     */
    public List<Reading> lastBefore(List<Span> spans, String filterSql) throws SQLException {
        List<Reading> out = new ArrayList<>(java.util.Collections.nCopies(spans.size(), (Reading) null));
        if (spans.isEmpty()) return out;
        String sql = "SELECT u.i, t.time, coalesce(t.value, 'NaN'), t.status "
                + "FROM unnest(?::int4[], ?::int8[], ?::int4[]) AS u(sig, f, i) CROSS JOIN LATERAL ("
                + "  SELECT time, value, status FROM telemetry WHERE signal_id = u.sig "
                + "  AND time < TIMESTAMPTZ 'epoch' + u.f * INTERVAL '1 microsecond' AND " + filterSql
                + "  ORDER BY time DESC LIMIT 1) t";
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            bind(c, ps, spans, false);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.set(rs.getInt(1), reading(rs));
            }
        }
        return out;
    }

    /** For each span (same order), its readings in time order. */
    public List<List<Reading>> within(List<Span> spans) throws SQLException {
        List<List<Reading>> out = new ArrayList<>();
        for (int k = 0; k < spans.size(); k++) out.add(new ArrayList<>());
        if (spans.isEmpty()) return out;
        String sql = "SELECT u.i, t.time, coalesce(t.value, 'NaN'), t.status "
                + "FROM unnest(?::int4[], ?::int8[], ?::int8[], ?::int4[]) AS u(sig, f, e, i) CROSS JOIN LATERAL ("
                + "  SELECT time, value, status FROM telemetry WHERE signal_id = u.sig "
                + "  AND time >= TIMESTAMPTZ 'epoch' + u.f * INTERVAL '1 microsecond' "
                + "  AND time < TIMESTAMPTZ 'epoch' + u.e * INTERVAL '1 microsecond' ORDER BY time) t";
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            bind(c, ps, spans, true);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.get(rs.getInt(1)).add(reading(rs));
            }
        }
        // the rows come in time order per span in practice; SQL does not promise it, so make sure (cheap when sorted)
        for (List<Reading> list : out) list.sort(Comparator.comparing(Reading::time));
        return out;
    }

    private static void bind(Connection c, PreparedStatement ps, List<Span> spans, boolean withEnd)
            throws SQLException {
        int n = spans.size();
        Integer[] signals = new Integer[n], index = new Integer[n];
        Long[] from = new Long[n], to = new Long[n];
        for (int k = 0; k < n; k++) {
            signals[k] = spans.get(k).signalId();
            from[k] = micros(spans.get(k).from());
            to[k] = micros(spans.get(k).to());
            index[k] = k;
        }
        int p = 1;
        ps.setArray(p++, c.createArrayOf("int4", signals));
        ps.setArray(p++, c.createArrayOf("int8", from));
        if (withEnd) ps.setArray(p++, c.createArrayOf("int8", to));
        ps.setArray(p, c.createArrayOf("int4", index));
    }

    private static Reading reading(ResultSet rs) throws SQLException {
        return new Reading(rs.getObject(2, OffsetDateTime.class).toInstant(), rs.getDouble(3), rs.getInt(4));
    }

    /** Rounded up: stored times have whole microseconds, so {@code time < ceil(t)} is exactly {@code time < t}. */
    private static long micros(Instant t) {
        return Math.multiplyExact(t.getEpochSecond(), 1_000_000L) + (t.getNano() + 999) / 1_000;
    }
}
