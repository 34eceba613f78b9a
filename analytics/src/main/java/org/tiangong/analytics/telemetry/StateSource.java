package org.tiangong.analytics.telemetry;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.tiangong.analytics.db.Jdbc;
import org.tiangong.analytics.model.TimeRange;

/**
 * Where a machine's states come from: its {@code state} signal, or — for a machine without one — the rule of its
 * kind ({@code state_rule}: running while a signal is above a threshold, idle otherwise; a sample that is not Good
 * stays no data). Every reader of states (utilization, OEE, downtime, Andon, rollups) goes through here.
 */
public final class StateSource {

    /** What a window's states are built from. {@code derivedFrom} names the rule's signal, or null for a state node. */
    public record States(StateSample before, List<StateSample> window, Instant dataUntil, String derivedFrom) {

        public List<StateInterval> intervals(Instant from, Instant to) {
            return StateIntervals.build(from, to, before, window, dataUntil);
        }
    }

    private record Source(int signalId, String ruleSignal, double runningAbove) {
        boolean isRule() {
            return ruleSignal != null;
        }
    }

    private final Jdbc jdbc;
    private final SignalReads reads;

    public StateSource(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
        this.reads = new SignalReads(dataSource);
    }

    /** A machine and a span of time to load its states for. */
    public record Request(UUID machineId, TimeRange span) {}

    public States load(UUID machineId, Instant from, Instant to) throws SQLException {
        return loadAll(List.of(new Request(machineId, new TimeRange(from, to)))).get(0);
    }

    /** The states of many machines over their spans (same order), in a fixed number of queries. */
    public List<States> loadAll(List<Request> requests) throws SQLException {
        UUID[] machines = requests.stream().map(Request::machineId).distinct().toArray(UUID[]::new);
        Map<UUID, Instant> dataUntil = new HashMap<>();
        jdbc.list(
                "SELECT s.machine_id, max(l.time) AS t FROM signal_latest l JOIN signal s ON s.id = l.signal_id "
                        + "WHERE s.machine_id = ANY(?) GROUP BY s.machine_id",
                rs -> dataUntil.put(rs.getObject(1, UUID.class), Jdbc.instant(rs, "t")),
                (Object) machines);
        Map<UUID, Source> sources = new HashMap<>();
        jdbc.list(
                "SELECT machine_id, id FROM signal WHERE machine_id = ANY(?) AND name = 'state'",
                rs -> sources.put(rs.getObject(1, UUID.class), new Source(rs.getInt(2), null, 0)),
                (Object) machines);
        jdbc.list(
                """
                SELECT m.id, s.id, r.signal, r.running_above FROM machine m JOIN state_rule r ON r.kind = m.kind
                JOIN signal s ON s.machine_id = m.id AND s.name = r.signal WHERE m.id = ANY(?)""",
                rs -> sources.putIfAbsent(
                        rs.getObject(1, UUID.class), new Source(rs.getInt(2), rs.getString(3), rs.getDouble(4))),
                (Object) machines);

        List<Integer> asked = new ArrayList<>();
        List<SignalReads.Span> spans = new ArrayList<>();
        for (int k = 0; k < requests.size(); k++) {
            Request r = requests.get(k);
            Source src = sources.get(r.machineId());
            if (src == null) continue;
            asked.add(k);
            spans.add(new SignalReads.Span(
                    src.signalId(), r.span().start(), r.span().end()));
        }
        List<SignalReads.Reading> before = reads.lastBefore(spans, "true");
        List<List<SignalReads.Reading>> window = reads.within(spans);

        List<States> out = new ArrayList<>(
                java.util.Collections.nCopies(requests.size(), new States(null, List.of(), null, null)));
        for (int j = 0; j < asked.size(); j++) {
            UUID m = requests.get(asked.get(j)).machineId();
            Source src = sources.get(m);
            List<StateSample> samples = new ArrayList<>(window.get(j).size());
            for (SignalReads.Reading r : window.get(j)) samples.add(sample(r, src));
            SignalReads.Reading b = before.get(j);
            out.set(
                    asked.get(j),
                    new States(b == null ? null : sample(b, src), samples, dataUntil.get(m), src.ruleSignal()));
        }
        return out;
    }

    private static StateSample sample(SignalReads.Reading r, Source src) {
        if (!src.isRule()) return new StateSample(r.time(), r.value(), r.status());
        return new StateSample(r.time(), r.value() > src.runningAbove() ? 2 : 1, r.status());
    }
}
