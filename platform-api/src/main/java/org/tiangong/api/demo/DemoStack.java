package org.tiangong.api.demo;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tiangong.analytics.accounts.UserStore;
import org.tiangong.analytics.accounts.VendorStore;
import org.tiangong.analytics.db.Database;
import org.tiangong.analytics.db.DbSettings;
import org.tiangong.analytics.db.EmbeddedPostgresServer;
import org.tiangong.analytics.db.Jdbc;
import org.tiangong.analytics.db.StoragePolicy;
import org.tiangong.analytics.model.CanonicalSignal;
import org.tiangong.analytics.model.MachinePath;
import org.tiangong.analytics.rollup.StorageMaintenance;
import org.tiangong.analytics.telemetry.TelemetryWriter;
import org.tiangong.analytics.topology.TopologyRegistry;
import org.tiangong.api.ApiServer;
import org.tiangong.api.ApiSettings;
import org.tiangong.api.accounts.DemoAccounts;
import org.tiangong.api.accounts.PasswordHasher;
import org.tiangong.api.cli.RuntimeEnvironment;
import org.tiangong.api.http.ApiMetrics;
import org.tiangong.collector.Collector;
import org.tiangong.collector.config.CollectorConfig;
import org.tiangong.collector.config.SimulatorCollectorConfig;
import org.tiangong.collector.connect.DatabaseEndpoints;
import org.tiangong.collector.connect.PlatformFiles;
import org.tiangong.collector.opcua.ClientPki;
import org.tiangong.collector.sim.HistoryBackfill;
import org.tiangong.collector.sim.PlantDefinition;
import org.tiangong.collector.sim.PlantSimulator;
import org.tiangong.collector.sim.SimulatorOptions;

/**
 * Everything in one process: a database (embedded PostgreSQL unless a URL is given), the plant simulator, the
 * collector and the API. What {@code tiangong demo} runs, and what the demo test starts.
 */
public final class DemoStack implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DemoStack.class);
    private static final Duration ROLLUP_EVERY = Duration.ofSeconds(20);
    /** The line of machines the demo leaves for the vendor to connect. */
    public static final String TO_CONNECT_LINE = "L9";

    private static final String MACHINE_USER = "operator";

    /**
     * @param jdbcUrl      an existing database, or null for embedded PostgreSQL with data under {@code dataDir}
     * @param dataDir      where embedded PostgreSQL and the simulator's certificate live
     * @param apiPort      0 for any free port
     * @param opcUaPort    0 for any free port
     * @param bindAddress  address the API and the simulator listen on
     * @param historyDays  days of history to back-fill before the first live sample (0: none)
     * @param storage      compression and retention
     * @param api          the API's settings (TLS, development flag, …)
     * @param files        the platform's PKI, secret key and PKI password (resolved by the launcher)
     * @param dbPassword   the password for {@code jdbcUrl} when the URL has none; null for none
     */
    public record Options(
            String jdbcUrl,
            Path dataDir,
            PlantDefinition plant,
            String bindAddress,
            int apiPort,
            int opcUaPort,
            boolean resetDemoPasswords,
            double samplingIntervalMillis,
            int historyDays,
            StoragePolicy storage,
            ApiSettings api,
            PlatformFiles files,
            String dbPassword) {

        /** With the platform's files and database password as the environment says ({@link RuntimeEnvironment}). */
        public Options(
                String jdbcUrl,
                Path dataDir,
                PlantDefinition plant,
                String bindAddress,
                int apiPort,
                int opcUaPort,
                boolean resetDemoPasswords,
                double samplingIntervalMillis,
                int historyDays,
                StoragePolicy storage,
                ApiSettings api) {
            this(
                    jdbcUrl,
                    dataDir,
                    plant,
                    bindAddress,
                    apiPort,
                    opcUaPort,
                    resetDemoPasswords,
                    samplingIntervalMillis,
                    historyDays,
                    storage,
                    api,
                    RuntimeEnvironment.platformFiles(),
                    RuntimeEnvironment.databasePassword());
        }

        public Options(
                String jdbcUrl,
                Path dataDir,
                PlantDefinition plant,
                String bindAddress,
                int apiPort,
                int opcUaPort,
                boolean resetDemoPasswords,
                double samplingIntervalMillis,
                int historyDays,
                StoragePolicy storage) {
            this(
                    jdbcUrl,
                    dataDir,
                    plant,
                    bindAddress,
                    apiPort,
                    opcUaPort,
                    resetDemoPasswords,
                    samplingIntervalMillis,
                    historyDays,
                    storage,
                    ApiSettings.defaults());
        }
    }

    private final List<AutoCloseable> opened = new ArrayList<>();
    private EmbeddedPostgresServer embedded;
    private Database database;
    private PlantSimulator simulator;
    private Collector collector;
    private ApiServer api;
    private List<DemoAccounts.Account> accounts;
    private UUID enterpriseId;
    private StorageMaintenance maintenance;
    private String machinePassword;
    private CompletableFuture<HistoryBackfill.Result> history;

    private DemoStack() {}

    public static DemoStack start(Options o) throws Exception {
        return start(o, null);
    }

    /** As {@link #start(Options)}, with the API's Prometheus metrics served when {@code metrics} is not null. */
    public static DemoStack start(Options o, ApiMetrics metrics) throws Exception {
        DemoStack s = new DemoStack();
        try {
            String url = o.jdbcUrl();
            if (url == null) {
                // stopped by close(), last: not by a JVM hook of its own while the collector still flushes
                s.embedded = EmbeddedPostgresServer.start(o.dataDir().resolve("postgres"), 0, false);
                s.opened.add(s.embedded);
                url = s.embedded.ensureDatabase("tiangong");
            }
            s.database = Database.open(new DbSettings(url, null, o.dbPassword(), 10), o.storage());
            s.opened.add(0, s.database);
            // the demo plant plus a line of two machines that nobody collects yet: the vendor's engineer connects them
            // over a secured endpoint with the README's "Connect your machine" walk-through
            PlantDefinition plant = o.plant().withLine(ToConnectLine.definition());
            s.enterpriseId = new TopologyRegistry(s.database.dataSource()).importTopology(plant.toTopology());
            s.machinePassword = machinePassword(o.dataDir());
            s.simulator = new PlantSimulator(
                            plant,
                            SimulatorOptions.defaults()
                                    .withBind(o.bindAddress(), "localhost")
                                    .withPort(o.opcUaPort())
                                    .withCertificateDir(o.dataDir().resolve("simulator-pki"))
                                    .withSecurityPolicyNames("None", "Basic256Sha256")
                                    .withUser(MACHINE_USER, s.machinePassword)
                                    .withCompanionMachines(TO_CONNECT_LINE + "/MT-01", TO_CONNECT_LINE + "/MT-02"))
                    .start();
            s.opened.add(0, s.simulator);
            // as the machine's administrator would: the simulated machines trust the platform's certificate
            try (ClientPki pki = o.files().openPki()) {
                s.simulator.trustClientCertificate(pki.certificate());
            }

            // the buffer lives in the data directory: a restarted demo forwards what the last run left in it
            CollectorConfig all = SimulatorCollectorConfig.forSimulator(
                    s.simulator,
                    o.samplingIntervalMillis(),
                    CollectorConfig.Writer.defaults(),
                    CollectorConfig.Buffer.defaults().inDataDir(o.dataDir()));
            CollectorConfig config = ToConnectLine.notCollected(all, plant.pathOf(TO_CONNECT_LINE, "MT-01"));
            Instant liveFrom = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            s.collector = Collector.start(
                    config, s.database, DatabaseEndpoints.Options.defaults(o.files(), config.maxClockSkew()));
            s.opened.add(0, s.collector);
            s.maintenance = new StorageMaintenance(s.database, o.storage(), Clock.systemUTC());
            s.opened.add(0, s.maintenance);
            s.history = s.startHistory(o, liveFrom);
            // the rest of the demo county for the bureau (经信局): registries, ledgers, projects, figures, telemetry in
            // the background
            s.opened.add(0, CountyDemo.start(s.database, s.enterpriseId, o.historyDays(), o.plant()));

            s.accounts = new DemoAccounts(
                            new UserStore(s.database.dataSource()),
                            new VendorStore(s.database.dataSource()),
                            new PasswordHasher())
                    .ensure(
                            s.enterpriseId,
                            ToConnectLine.vendorMachines(s.database, s.enterpriseId),
                            o.resetDemoPasswords());

            Vertx vertx = metrics == null ? Vertx.vertx() : metrics.newVertx();
            s.opened.add(
                    0,
                    () -> vertx.close()
                            .toCompletionStage()
                            .toCompletableFuture()
                            .join());
            // the simulator on this machine is the demo enterprise's only endpoint target (h1-hardening: allow-list)
            var targets = new org.tiangong.analytics.connect.EndpointTargetStore(s.database.dataSource());
            if (targets.entries(s.enterpriseId).isEmpty())
                targets.replace(s.enterpriseId, List.of("localhost", "127.0.0.1"), null);
            s.api = new ApiServer(vertx, s.database, o.api(), Clock.systemUTC(), o.files());
            if (metrics != null) {
                s.api.metrics(metrics.registry());
                s.opened.add(0, metrics.serve(o.bindAddress()));
            }
            s.api.start(o.bindAddress(), o.apiPort())
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get();
            s.opened.add(0, s.api);
            return s;
        } catch (Exception | Error e) {
            s.close();
            throw e;
        }
    }

    /**
     * Back-fills history on a thread of its own, up to the earliest sample already stored (a demo restarted on the same
     * data directory does not write it twice), then starts the rollup job, which would otherwise roll up half-written
     * days only to redo them.
     */
    private CompletableFuture<HistoryBackfill.Result> startHistory(Options o, Instant liveFrom) throws Exception {
        Instant from = liveFrom.minus(Duration.ofDays(o.historyDays()));
        Instant earliest = new Jdbc(database.dataSource())
                .one("""
                SELECT min((SELECT min(time) FROM telemetry t WHERE t.signal_id = s.id)) AS t
                FROM signal s JOIN machine m ON m.id = s.machine_id JOIN line l ON l.id = m.line_id JOIN plant p ON p.id = l.plant_id
                WHERE p.enterprise_id = ?""", rs -> Jdbc.instant(rs, "t"), enterpriseId)
                .orElse(null);
        Instant to =
                earliest == null || earliest.isAfter(liveFrom) ? liveFrom : earliest.truncatedTo(ChronoUnit.SECONDS);
        if (o.historyDays() <= 0 || !to.isAfter(from)) {
            maintenance.start(ROLLUP_EVERY);
            return CompletableFuture.completedFuture(new HistoryBackfill.Result(0, 0));
        }
        TopologyRegistry registry = new TopologyRegistry(database.dataSource());
        Map<MachinePath, Map<CanonicalSignal, Integer>> ids = new HashMap<>();
        for (PlantDefinition.LineDefinition line : o.plant().lines()) {
            for (var m : line.machines()) {
                MachinePath path = o.plant().pathOf(line.code(), m.code());
                ids.put(path, registry.registerSignals(path, m.kind(), simulator.nodeIdsFor(line.code(), m.code())));
            }
        }
        HistoryBackfill backfill = new HistoryBackfill(
                o.plant(), ids, new TelemetryWriter(database.dataSource()), HistoryBackfill.Options.defaults());
        log.info(
                "back-filling {} days of history ({} to {}) in the background",
                Duration.between(from, to).toDays(),
                from,
                to);
        return CompletableFuture.supplyAsync(
                () -> {
                    try {
                        long started = System.nanoTime();
                        HistoryBackfill.Result r = backfill.run(from, to);
                        log.info(
                                "history back-fill done: {} samples in {} s",
                                r.samples(),
                                (System.nanoTime() - started) / 1_000_000_000);
                        return r;
                    } catch (Exception e) {
                        log.warn("history back-fill stopped: {}", e.getMessage());
                        throw new java.util.concurrent.CompletionException(e);
                    } finally {
                        maintenance.start(ROLLUP_EVERY);
                    }
                },
                runnable -> {
                    Thread t = new Thread(runnable, "history-backfill");
                    t.setDaemon(true);
                    t.start();
                });
    }

    /** Done when the history back-fill has finished (at once when there was none to write). */
    public CompletableFuture<HistoryBackfill.Result> history() {
        return history;
    }

    /** The simulated machines' password: made at the first start, kept in the data directory (owner-only). */
    private static String machinePassword(Path dataDir) throws java.io.IOException {
        Path file = dataDir.resolve("simulator-operator-password");
        if (java.nio.file.Files.exists(file))
            return java.nio.file.Files.readString(file).strip();
        java.nio.file.Files.createDirectories(dataDir);
        String password = DemoAccounts.randomPassword(new java.security.SecureRandom());
        java.nio.file.Files.writeString(file, password + "\n");
        try {
            java.nio.file.Files.setPosixFilePermissions(
                    file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system (Windows): the directory's own permissions apply
        }
        return password;
    }

    /** User name and password of the simulated machines' secured endpoint (printed in the banner). */
    public String machineUser() {
        return MACHINE_USER;
    }

    public String machinePassword() {
        return machinePassword;
    }

    public int apiPort() {
        return api.port();
    }

    public PlantSimulator simulator() {
        return simulator;
    }

    public Database database() {
        return database;
    }

    public Collector collector() {
        return collector;
    }

    public UUID enterpriseId() {
        return enterpriseId;
    }

    /** The demo accounts; a password is present only when it was set in this start. */
    public List<DemoAccounts.Account> accounts() {
        return accounts;
    }

    /**
     * Closes in reverse order of start: API, county demo, maintenance, collector (stops collecting, commits its queue
     * to the buffer and forwards it while the database is still up), simulator, database, embedded server last.
     */
    @Override
    public void close() {
        for (AutoCloseable c : opened) {
            try {
                c.close();
            } catch (Exception e) {
                log.warn("demo shutdown: {}", e.toString());
            }
        }
        opened.clear();
    }
}
