package org.tiangong.collector.sim;

import java.sql.SQLException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tiangong.analytics.model.CanonicalSignal;
import org.tiangong.analytics.model.MachinePath;
import org.tiangong.analytics.model.MachineState;
import org.tiangong.analytics.model.Sample;
import org.tiangong.analytics.telemetry.TelemetryWriter;

/**
 * Writes weeks of plausible history for a simulated plant through the collector's write path ({@link TelemetryWriter}:
 * COPY, idempotent), at many times real speed, so that a newcomer opening the demo sees trends, shifts and weekly
 * patterns at once. Each machine runs its own seeded {@link MachineProcess} (seeded apart from the live simulator's)
 * in one-second steps, on a plant schedule: nobody works on Sundays, and on the night shift (00:00–08:00 local)
 * every second machine of a line is switched off.
 *
 * <p>What is written, per machine: the state at every change; part counters at most every {@code counterPeriod}
 * (their deltas are exact at any spacing); process value, power, cycle time and energy meter every
 * {@code analogPeriod}; the alarm code at every change. Days are written oldest first, all machines day by day.
 */
public final class HistoryBackfill {

    private static final Logger log = LoggerFactory.getLogger(HistoryBackfill.class);
    private static final int BATCH = 20_000;
    /** Mixed into the plant seed so that history differs from what the live simulator goes on to do. */
    private static final long HISTORY_SEED = 0x48_49_53_54L;

    public record Options(Duration counterPeriod, Duration analogPeriod) {
        public static Options defaults() {
            return new Options(Duration.ofSeconds(30), Duration.ofSeconds(60));
        }
    }

    /** What was written: samples offered to the writer, and how many of them were new. */
    public record Result(long samples, long stored) {}

    private final PlantDefinition plant;
    private final Map<MachinePath, Map<CanonicalSignal, Integer>> signalIds;
    private final TelemetryWriter writer;
    private final Options options;

    public HistoryBackfill(
            PlantDefinition plant,
            Map<MachinePath, Map<CanonicalSignal, Integer>> signalIds,
            TelemetryWriter writer,
            Options options) {
        this.plant = plant;
        this.signalIds = signalIds;
        this.writer = writer;
        this.options = options;
    }

    /** Writes [from, to), whole seconds. */
    public Result run(Instant from, Instant to) throws SQLException {
        ZoneId zone = ZoneId.of(plant.plant().timeZone());
        List<Track> tracks = new ArrayList<>();
        for (PlantDefinition.LineDefinition line : plant.lines()) {
            for (int k = 0; k < line.machines().size(); k++) {
                MachineDefinition m = line.machines().get(k);
                Map<CanonicalSignal, Integer> ids = signalIds.get(plant.pathOf(line.code(), m.code()));
                if (ids == null)
                    throw new IllegalArgumentException("no signal ids for " + plant.pathOf(line.code(), m.code()));
                tracks.add(new Track(new MachineProcess(m, plant.simulation().seed() ^ HISTORY_SEED), ids, k % 2 == 1));
            }
        }
        List<Sample> batch = new ArrayList<>(BATCH + 64);
        long samples = 0, stored = 0;
        long start = from.getEpochSecond(), end = to.getEpochSecond();
        long day = 86_400;
        long started = System.nanoTime();
        for (long chunk = start; chunk < end; chunk += day) {
            long chunkEnd = Math.min(end, chunk + day);
            for (Track t : tracks) {
                for (long s = chunk; s < chunkEnd; s++) {
                    t.second(s, zone, options, batch);
                    if (batch.size() >= BATCH) {
                        samples += batch.size();
                        stored += writer.write(batch);
                        batch.clear();
                    }
                }
            }
            if ((chunk - start) / day % 10 == 9) {
                log.info(
                        "history back-fill: {} of {} days written ({} samples, {} s)",
                        (chunkEnd - start) / day,
                        (end - start + day - 1) / day,
                        samples,
                        (System.nanoTime() - started) / 1_000_000_000);
            }
        }
        samples += batch.size();
        stored += writer.write(batch);
        return new Result(samples, stored);
    }

    /** One machine being back-filled: its process, its signal ids and what it last wrote. */
    private static final class Track {
        final MachineProcess process;
        final Map<CanonicalSignal, Integer> ids;
        final boolean offAtNight;
        boolean working;
        boolean started;
        MachineState lastState;
        int lastAlarm = -1;
        long lastCounters = Long.MIN_VALUE / 2, lastAnalog = Long.MIN_VALUE / 2;

        Track(MachineProcess process, Map<CanonicalSignal, Integer> ids, boolean offAtNight) {
            this.process = process;
            this.ids = ids;
            this.offAtNight = offAtNight;
        }

        void second(long epochSecond, ZoneId zone, Options o, List<Sample> out) {
            Instant t = Instant.ofEpochSecond(epochSecond);
            ZonedDateTime local = t.atZone(zone);
            boolean shouldWork = local.getDayOfWeek() != DayOfWeek.SUNDAY && !(offAtNight && local.getHour() < 8);
            if (!started || shouldWork != working) {
                working = shouldWork;
                started = true;
                if (!working) {
                    emit(out, CanonicalSignal.STATE, t, MachineState.OFF.code());
                    emit(out, CanonicalSignal.POWER, t, 0);
                    lastState = MachineState.OFF;
                }
            }
            if (!working) return;
            MachineSnapshot s = process.step(1);
            if (s.state() != lastState) {
                emit(out, CanonicalSignal.STATE, t, s.state().code());
                lastState = s.state();
            }
            if (s.alarmCode() != lastAlarm) {
                emit(out, CanonicalSignal.ALARM_CODE, t, s.alarmCode());
                lastAlarm = s.alarmCode();
            }
            if (epochSecond - lastCounters >= o.counterPeriod().toSeconds()) {
                emit(out, CanonicalSignal.PARTS_GOOD, t, s.partsGood());
                emit(out, CanonicalSignal.PARTS_SCRAP, t, s.partsScrap());
                lastCounters = epochSecond;
            }
            if (epochSecond - lastAnalog >= o.analogPeriod().toSeconds()) {
                emit(out, CanonicalSignal.POWER, t, s.powerKw());
                emit(out, CanonicalSignal.ENERGY, t, s.energyKwh());
                emit(out, CanonicalSignal.CYCLE_TIME, t, s.cycleTimeSeconds());
                emit(out, s.processSignal(), t, s.processValue());
                lastAnalog = epochSecond;
            }
        }

        private void emit(List<Sample> out, CanonicalSignal signal, Instant t, double value) {
            Integer id = ids.get(signal);
            if (id != null) out.add(Sample.of(id, t, value, 0));
        }
    }
}
