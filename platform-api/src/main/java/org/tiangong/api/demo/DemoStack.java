package org.tiangong.api.demo;

import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tiangong.analytics.accounts.UserStore;
import org.tiangong.analytics.accounts.VendorStore;
import org.tiangong.analytics.db.Database;
import org.tiangong.analytics.db.DbSettings;
import org.tiangong.analytics.db.EmbeddedPostgresServer;
import org.tiangong.analytics.metadata.PlantDirectory;
import org.tiangong.analytics.metadata.TopologyRegistry;
import org.tiangong.analytics.model.Machine;
import org.tiangong.api.ApiServer;
import org.tiangong.api.ApiSettings;
import org.tiangong.api.auth.DemoAccounts;
import org.tiangong.api.auth.PasswordHasher;
import org.tiangong.collector.Collector;
import org.tiangong.collector.config.CollectorConfig;
import org.tiangong.collector.config.SimulatorCollectorConfig;
import org.tiangong.collector.sim.PlantDefinition;
import org.tiangong.collector.sim.PlantSimulator;
import org.tiangong.collector.sim.SimulatorOptions;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Everything in one process: a database (embedded PostgreSQL unless a URL is given), the plant simulator, the
 * collector and the API. What {@code tiangong demo} runs, and what the demo test starts.
 */
public final class DemoStack implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DemoStack.class);

    /**
     * @param jdbcUrl      an existing database, or null for embedded PostgreSQL with data under {@code dataDir}
     * @param dataDir      where embedded PostgreSQL and the simulator's certificate live
     * @param apiPort      0 for any free port
     * @param opcUaPort    0 for any free port
     * @param bindAddress  address the API and the simulator listen on
     */
    public record Options(String jdbcUrl, Path dataDir, PlantDefinition plant, String bindAddress, int apiPort, int opcUaPort,
                          boolean resetDemoPasswords, double samplingIntervalMillis) {}

    private final List<AutoCloseable> opened = new ArrayList<>();
    private EmbeddedPostgresServer embedded;
    private Database database;
    private PlantSimulator simulator;
    private Collector collector;
    private ApiServer api;
    private List<DemoAccounts.Account> accounts;
    private UUID enterpriseId;

    private DemoStack() {}

    public static DemoStack start(Options o) throws Exception {
        DemoStack s = new DemoStack();
        try {
            String url = o.jdbcUrl();
            if (url == null) {
                s.embedded = EmbeddedPostgresServer.start(o.dataDir().resolve("postgres"), 0);
                s.opened.add(s.embedded);
                url = s.embedded.ensureDatabase("tiangong");
            }
            s.database = Database.open(new DbSettings(url, null, System.getenv("TIANGONG_DB_PASSWORD"), 10));
            s.opened.add(0, s.database);
            s.enterpriseId = new TopologyRegistry(s.database.dataSource()).importTopology(o.plant().toTopology());

            s.simulator = new PlantSimulator(o.plant(), SimulatorOptions.defaults()
                    .withBind(o.bindAddress(), "localhost").withPort(o.opcUaPort())
                    .withCertificateDir(o.dataDir().resolve("simulator-pki"))).start();
            s.opened.add(0, s.simulator);

            CollectorConfig config = SimulatorCollectorConfig.forSimulator(s.simulator, o.samplingIntervalMillis(),
                    CollectorConfig.Writer.defaults());
            s.collector = Collector.start(config, s.database);
            s.opened.add(0, s.collector);

            s.accounts = new DemoAccounts(new UserStore(s.database.dataSource()), new VendorStore(s.database.dataSource()),
                    new PasswordHasher()).ensure(s.enterpriseId, vendorMachines(s.database, s.enterpriseId), o.resetDemoPasswords());

            Vertx vertx = Vertx.vertx();
            s.opened.add(0, () -> vertx.close().toCompletionStage().toCompletableFuture().join());
            s.api = new ApiServer(vertx, s.database, ApiSettings.defaults(), Clock.systemUTC());
            s.api.start(o.bindAddress(), o.apiPort()).toCompletionStage().toCompletableFuture().get();
            s.opened.add(0, s.api);
            return s;
        } catch (Exception | Error e) {
            s.close();
            throw e;
        }
    }

    /** The demo vendor is invited to the first line's first two machines. */
    private static List<UUID> vendorMachines(Database db, UUID enterpriseId) throws Exception {
        PlantDirectory dir = new PlantDirectory(db.dataSource());
        var plant = dir.plants(enterpriseId).get(0);
        var line = dir.lines(plant.id()).get(0);
        return dir.machines(line.id()).stream().limit(2).map(Machine::id).toList();
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

    /** Closes in reverse order of start: API, collector (flushing), simulator, database, embedded server. */
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
