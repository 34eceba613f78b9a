package org.tiangong.analytics.rollup;

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
import org.tiangong.analytics.telemetry.CounterDeltas;
import org.tiangong.analytics.telemetry.CounterSample;
import org.tiangong.analytics.telemetry.SignalReads;
import org.tiangong.analytics.telemetry.StateSource;

/** Reads machines' raw telemetry for spans into {@link MachineHistory}s, a fixed number of queries for any number. */
final class HistoryLoader {

    /** Energy meters count kWh in doubles; they wrap, if ever, far beyond a UInt32. */
    private static final double ENERGY_METER_MAX = 1e15;

    private static final List<String> COUNTERS = List.of("parts_good", "parts_scrap", "energy");
    private static final int ENERGY = 2;

    /** A usable counter reading: Good, finite and not negative (see {@link CounterDeltas#steps}). */
    private static final String USABLE_COUNTER =
            "status >= 0 AND status < 1073741824 AND value >= 0 AND value < 'Infinity'::float8";

    private final Jdbc jdbc;
    private final StateSource states;
    private final SignalReads reads;
    private final CounterLimits limits;
    private final CounterDeltas partCounters = new CounterDeltas(CounterDeltas.UINT32_MAX);
    private final CounterDeltas energyMeter = new CounterDeltas(ENERGY_METER_MAX);

    HistoryLoader(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
        this.states = new StateSource(dataSource);
        this.reads = new SignalReads(dataSource);
        this.limits = new CounterLimits(dataSource);
    }

    MachineHistory load(UUID machineId, TimeRange span) throws SQLException {
        return loadAll(List.of(new StateSource.Request(machineId, span))).get(0);
    }

    /** Histories for each request, in the same order. */
    List<MachineHistory> loadAll(List<StateSource.Request> requests) throws SQLException {
        UUID[] machines =
                requests.stream().map(StateSource.Request::machineId).distinct().toArray(UUID[]::new);
        Map<UUID, Map<String, Integer>> counters = new HashMap<>();
        jdbc.list(
                "SELECT machine_id, name, id FROM signal WHERE machine_id = ANY(?) AND name IN ('parts_good', 'parts_scrap', 'energy')",
                rs -> counters.computeIfAbsent(rs.getObject(1, UUID.class), k -> new HashMap<>())
                        .put(rs.getString(2), rs.getInt(3)),
                (Object) machines);
        Map<Integer, CounterDeltas.Limits> limitsBySignal = limits.forMachines(machines);

        // one span per (request, counter) that exists; slot = request * 3 + counter
        List<SignalReads.Span> spans = new ArrayList<>();
        List<Integer> slots = new ArrayList<>();
        for (int k = 0; k < requests.size(); k++) {
            Map<String, Integer> ids = counters.getOrDefault(requests.get(k).machineId(), Map.of());
            for (int c = 0; c < COUNTERS.size(); c++) {
                Integer id = ids.get(COUNTERS.get(c));
                if (id == null) continue;
                spans.add(new SignalReads.Span(
                        id,
                        requests.get(k).span().start(),
                        requests.get(k).span().end()));
                slots.add(k * COUNTERS.size() + c);
            }
        }
        List<SignalReads.Reading> before = reads.lastBefore(spans, USABLE_COUNTER);
        List<List<SignalReads.Reading>> within = reads.within(spans);
        int n = requests.size() * COUNTERS.size();
        List<CounterDeltas.Result> results =
                new ArrayList<>(java.util.Collections.nCopies(n, new CounterDeltas.Result(List.of(), List.of())));
        int[] signalOfSlot = new int[n];
        for (int j = 0; j < spans.size(); j++) {
            CounterDeltas deltas = slots.get(j) % COUNTERS.size() == ENERGY ? energyMeter : partCounters;
            List<CounterSample> readings = new ArrayList<>(within.get(j).size());
            for (SignalReads.Reading r : within.get(j))
                readings.add(new CounterSample(r.time(), r.value(), r.status()));
            SignalReads.Reading b = before.get(j);
            int signal = spans.get(j).signalId();
            signalOfSlot[slots.get(j)] = signal;
            results.set(
                    slots.get(j),
                    deltas.steps(
                            b == null ? null : new CounterSample(b.time(), b.value(), b.status()),
                            readings,
                            limitsBySignal.get(signal)));
        }
        // the states are read from the first energy step's start on (up to a day earlier), to split its kWh by state
        List<StateSource.Request> stateRequests = new ArrayList<>();
        for (int k = 0; k < requests.size(); k++) {
            TimeRange span = requests.get(k).span();
            List<CounterDeltas.Step> energy =
                    results.get(k * COUNTERS.size() + ENERGY).steps();
            Instant start = span.start();
            if (!energy.isEmpty()) start = min(start, MachineHistory.splitWindowStart(energy.get(0)));
            stateRequests.add(new StateSource.Request(requests.get(k).machineId(), new TimeRange(start, span.end())));
        }
        List<StateSource.States> stateList = states.loadAll(stateRequests);
        List<MachineHistory> out = new ArrayList<>();
        for (int k = 0; k < requests.size(); k++) {
            TimeRange span = requests.get(k).span();
            Instant statesFrom = stateRequests.get(k).span().start();
            List<MachineHistory.SignalEvent> events = new ArrayList<>();
            for (int c = 0; c < COUNTERS.size(); c++) {
                int slot = k * COUNTERS.size() + c;
                for (var e : results.get(slot).events())
                    events.add(new MachineHistory.SignalEvent(signalOfSlot[slot], COUNTERS.get(c), e));
            }
            out.add(new MachineHistory(
                    span,
                    stateList.get(k).intervals(statesFrom, span.end()),
                    results.get(k * COUNTERS.size()).steps(),
                    results.get(k * COUNTERS.size() + 1).steps(),
                    results.get(k * COUNTERS.size() + ENERGY).steps(),
                    events));
        }
        return out;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
