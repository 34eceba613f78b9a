package org.tiangong.api.demo;

import java.sql.SQLException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tiangong.analytics.db.Database;
import org.tiangong.analytics.db.Jdbc;
import org.tiangong.analytics.model.CanonicalSignal;
import org.tiangong.analytics.model.MachinePath;
import org.tiangong.analytics.model.MachineState;
import org.tiangong.analytics.model.Sample;
import org.tiangong.analytics.telemetry.TelemetryWriter;
import org.tiangong.analytics.topology.PlantDirectory;
import org.tiangong.collector.sim.PlantDefinition;

/**
 * The demo county (演示县) for the bureau: eleven enterprises besides the demo plant, at every stage of the programme,
 * with registries, ledgers, projects, monthly figures and hourly telemetry of their networked machines. Seeded once
 * (a restarted demo keeps what is there); telemetry is back-filled in the background from each machine's newest
 * sample up to now and then kept current every ten minutes, so 设备联网率 stays meaningful. Completed enterprises
 * run better after their completion date (more running time, less scrap, less energy per part): the before/after
 * the bureau sees. One machine of 恒达 has been silent for two days (a broken gateway): it does not count as networked.
 */
final class CountyDemo implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CountyDemo.class);
    private static final ZoneId ZONE = CountySeed.ZONE;
    private static final String SILENT = "HD-METAL/P1/L1/M2";

    private final Database database;
    private final int historyDays;
    private final Map<MachinePath, Map<CanonicalSignal, Integer>> signals = new HashMap<>();
    private final Map<MachinePath, LocalDate> improvedFrom = new HashMap<>();
    private final ScheduledExecutorService feed = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "county-demo");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean closed;

    private CountyDemo(Database database, int historyDays) {
        this.database = database;
        this.historyDays = historyDays;
    }

    /**
     * Seeds the county (once; a second or so) and starts its telemetry in the background: the demo's start does not
     * wait for the back-fill.
     */
    static CountyDemo start(Database database, UUID demoEnterprise, int historyDays) throws Exception {
        return start(database, demoEnterprise, historyDays, defaultPlantIfSeeded(database, demoEnterprise));
    }

    /** As above, with the demo plant's definition, whose history says which machines are off at night. */
    static CountyDemo start(Database database, UUID demoEnterprise, int historyDays, PlantDefinition demoPlant)
            throws Exception {
        CountyDemo c = new CountyDemo(database, historyDays);
        CountySeed.Seeded seeded = new CountySeed(database, historyDays).seed(demoEnterprise, demoPlant);
        c.signals.putAll(seeded.signals());
        c.improvedFrom.putAll(seeded.improvedFrom());
        c.feed.execute(() -> {
            try {
                c.extend();
                log.info(
                        "demo county: {} enterprises, telemetry of {} machines back-filled",
                        CountySeed.COMPANIES.size() + 1,
                        c.signals.size());
            } catch (Exception e) {
                if (!c.closed) log.warn("demo county could not be prepared: {}", e.toString());
            }
        });
        c.feed.scheduleWithFixedDelay(
                () -> {
                    try {
                        c.extend();
                    } catch (Exception e) {
                        if (!c.closed) log.warn("demo county telemetry: {}", e.toString());
                    }
                },
                10,
                10,
                TimeUnit.MINUTES);
        return c;
    }

    /** Writes each machine's hours from its newest sample (or the start of history) up to the last whole hour. */
    private void extend() throws SQLException {
        Instant now = Instant.now().truncatedTo(ChronoUnit.HOURS);
        Jdbc jdbc = new Jdbc(database.dataSource());
        TelemetryWriter writer = new TelemetryWriter(database.dataSource());
        for (var entry : signals.entrySet()) {
            if (closed) return;
            MachinePath path = entry.getKey();
            Map<CanonicalSignal, Integer> ids = entry.getValue();
            Instant end = path.toString().equals(SILENT) ? now.minus(Duration.ofHours(48)) : now;
            Map<Integer, double[]> latest = new HashMap<>();
            jdbc.list(
                    "SELECT signal_id, time, value FROM signal_latest WHERE signal_id = ANY(?)",
                    rs -> latest.put(
                            rs.getInt(1), new double[] {Jdbc.instant(rs, "time").getEpochSecond(), rs.getDouble(3)}),
                    (Object) ids.values().toArray(new Integer[0]));
            double[] state = latest.get(ids.get(CanonicalSignal.STATE));
            Instant from = state == null
                    ? now.minus(Duration.ofDays(Math.max(historyDays, 0)))
                    : Instant.ofEpochSecond((long) state[0])
                            .plus(Duration.ofHours(1))
                            .truncatedTo(ChronoUnit.HOURS);
            if (!from.isBefore(end)) continue;
            double good = value(latest, ids.get(CanonicalSignal.PARTS_GOOD)),
                    scrap = value(latest, ids.get(CanonicalSignal.PARTS_SCRAP));
            double kwh = value(latest, ids.get(CanonicalSignal.ENERGY));
            List<Sample> batch = new ArrayList<>();
            LocalDate better = improvedFrom.get(path);
            for (Instant h = from; h.isBefore(end); h = h.plus(Duration.ofHours(1))) {
                ZonedDateTime local = h.atZone(ZONE);
                Random r = new Random(path.hashCode() * 31L + h.getEpochSecond());
                boolean working =
                        local.getDayOfWeek() != DayOfWeek.SUNDAY && local.getHour() >= 8 && local.getHour() < 20;
                if (!working) {
                    batch.add(Sample.of(ids.get(CanonicalSignal.STATE), h, MachineState.OFF.code(), 0));
                    continue;
                }
                boolean after = better != null && !local.toLocalDate().isBefore(better);
                double share = (after ? 0.78 : 0.58) + (r.nextDouble() - 0.5) * 0.12;
                long runSeconds = Math.round(3600 * share);
                double parts = runSeconds / (after ? 40.0 : 48.0);
                double scrapShare = (after ? 0.015 : 0.045) + r.nextDouble() * 0.01;
                good += Math.floor(parts * (1 - scrapShare));
                scrap += Math.ceil(parts * scrapShare);
                kwh += runSeconds / 3600.0 * (after ? 16.0 : 21.0) + (3600 - runSeconds) / 3600.0 * (after ? 2.5 : 5.0);
                Instant stop = h.plusSeconds(runSeconds);
                batch.add(Sample.of(ids.get(CanonicalSignal.STATE), h, MachineState.RUNNING.code(), 0));
                batch.add(Sample.of(
                        ids.get(CanonicalSignal.STATE),
                        stop,
                        r.nextInt(5) == 0 ? MachineState.FAULT.code() : MachineState.IDLE.code(),
                        0));
                batch.add(Sample.of(ids.get(CanonicalSignal.PARTS_GOOD), stop, good, 0));
                batch.add(Sample.of(ids.get(CanonicalSignal.PARTS_SCRAP), stop, scrap, 0));
                batch.add(Sample.of(ids.get(CanonicalSignal.ENERGY), stop, Math.round(kwh * 10) / 10.0, 0));
                if (batch.size() >= 20_000) {
                    writer.write(batch);
                    batch.clear();
                }
            }
            writer.write(batch);
        }
    }

    private static double value(Map<Integer, double[]> latest, Integer signal) {
        double[] v = latest.get(signal);
        return v == null ? 0 : v[1];
    }

    /**
     * The default plant's definition when the demo enterprise is that plant (its machines, line by line, are the
     * definition's); null otherwise, and then only the plant's own calendar, not the night rule, can be seeded.
     */
    private static PlantDefinition defaultPlantIfSeeded(Database database, UUID demoEnterprise) throws SQLException {
        PlantDefinition plant = PlantDefinition.loadDefault();
        PlantDirectory dir = new PlantDirectory(database.dataSource());
        var enterprise = dir.enterprises().stream()
                .filter(e -> e.id().equals(demoEnterprise))
                .findFirst();
        if (enterprise.isEmpty()
                || !enterprise.get().code().equals(plant.enterprise().code())) return null;
        var plants = dir.plants(demoEnterprise);
        if (plants.isEmpty() || !plants.get(0).code().equals(plant.plant().code())) return null;
        for (PlantDefinition.LineDefinition line : plant.lines()) {
            var stored = dir.lines(plants.get(0).id()).stream()
                    .filter(l -> l.code().equals(line.code()))
                    .findFirst();
            if (stored.isEmpty()) return null;
            java.util.Set<String> codes = new java.util.HashSet<>();
            dir.machines(stored.get().id()).forEach(m -> codes.add(m.code()));
            for (var m : line.machines()) if (!codes.contains(m.code())) return null;
        }
        return plant;
    }

    @Override
    public void close() {
        closed = true;
        feed.shutdownNow();
        try {
            feed.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
