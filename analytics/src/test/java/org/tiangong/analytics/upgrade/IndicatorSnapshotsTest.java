package org.tiangong.analytics.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tiangong.analytics.db.Database;
import org.tiangong.analytics.db.Jdbc;
import org.tiangong.analytics.oee.OeeService;
import org.tiangong.analytics.testing.TestDatabases;

class IndicatorSnapshotsTest {

    static final AtomicReference<Instant> now = new AtomicReference<>(GeneratedCounty.local("2026-11-28T12:00"));
    static final Clock CLOCK = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return Clock.fixed(now.get(), zone);
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };

    static Database db;
    static UpgradeIndicators indicators;
    static IndicatorSnapshots snapshots;
    static List<UUID> enterprises;

    @BeforeAll
    static void start() throws Exception {
        db = TestDatabases.fresh();
        enterprises = GeneratedCounty.generate(db.dataSource(), db.engine(), CLOCK, 6);
        indicators = new UpgradeIndicators(
                db.dataSource(), new OeeService(db.dataSource(), CLOCK), CLOCK, GeneratedCounty.ZONE);
        snapshots = new IndicatorSnapshots(indicators, db.dataSource(), CLOCK, Duration.ofMinutes(1));
    }

    @AfterAll
    static void stop() {
        snapshots.close();
        db.close();
    }

    static void assertSnapshotEqualsDirectComputation() throws Exception {
        IndicatorSnapshots.Snapshot s = snapshots.current();
        List<EnterpriseIndicators> direct = indicators.enterprises();
        assertThat(s.enterprises()).isEqualTo(direct);
        CountyOverview o = indicators.overview(direct);
        assertThat(s.overview().county()).isEqualTo(o.county());
        assertThat(s.overview().towns()).isEqualTo(o.towns());
        assertThat(s.overview().programme()).isEqualTo(o.programme());
    }

    @Test
    void snapshotAnswersEqualTheDirectComputationBeforeAndAfterAChange() throws Exception {
        assertSnapshotEqualsDirectComputation();
        assertThat(snapshots.current()).isSameAs(snapshots.current()); // shared, not recomputed
        IndicatorSnapshots.Snapshot before = snapshots.current();
        // a registry edit moves the enterprise to another town: the very next answer shows it
        RegistryStore registry = new RegistryStore(db.dataSource());
        Registry r = registry.registry(enterprises.get(0)).orElseThrow();
        registry.saveRegistry(
                new Registry(
                        r.enterpriseId(),
                        r.code(),
                        r.name(),
                        r.creditCode(),
                        "新镇 new town",
                        r.segment(),
                        r.aboveScale(),
                        r.contactName(),
                        r.contactPhone(),
                        null),
                null);
        assertThat(snapshots.current()).isNotSameAs(before);
        assertThat(snapshots.current().overview().towns())
                .anySatisfy(t -> assertThat(t.town()).isEqualTo("新镇 new town"));
        assertSnapshotEqualsDirectComputation();
        // a new project shows at once, too
        Project p = indicators.enterprise(enterprises.get(1)).allProjects().get(0);
        new ProjectStore(db.dataSource()).create(p, null, "test", "{}");
        assertThat(snapshots.current().enterprises().stream()
                        .filter(e -> e.registry().enterpriseId().equals(enterprises.get(1)))
                        .findFirst()
                        .orElseThrow()
                        .projects())
                .isEqualTo(2);
        assertSnapshotEqualsDirectComputation();
    }

    static void moveToTown(UUID enterprise, String town) throws Exception {
        RegistryStore registry = new RegistryStore(db.dataSource());
        Registry r = registry.registry(enterprise).orElseThrow();
        registry.saveRegistry(
                new Registry(
                        r.enterpriseId(),
                        r.code(),
                        r.name(),
                        r.creditCode(),
                        town,
                        r.segment(),
                        r.aboveScale(),
                        r.contactName(),
                        r.contactPhone(),
                        null),
                null);
    }

    @Test
    void anEditOfOneEnterpriseRecomputesOnlyThatOne() throws Exception {
        snapshots.current();
        long before = snapshots.recomputedEnterprises();
        moveToTown(enterprises.get(2), "东镇 east town");
        assertThat(snapshots.current().overview().towns())
                .anySatisfy(t -> assertThat(t.town()).isEqualTo("东镇 east town"));
        assertThat(snapshots.recomputedEnterprises() - before).isEqualTo(1);
        assertSnapshotEqualsDirectComputation();

        // a ledger line of another enterprise (a table one join away from the enterprise): that one only
        before = snapshots.recomputedEnterprises();
        UUID plant = new Jdbc(db.dataSource())
                .one(
                        "SELECT id FROM plant WHERE enterprise_id = ? LIMIT 1",
                        rs -> rs.getObject(1, UUID.class),
                        enterprises.get(3))
                .orElseThrow();
        new RegistryStore(db.dataSource())
                .insertAsset(new Asset(null, plant, "X-99", "新增设备 added", "cnc", true, true, true, 2026, null));
        assertThat(snapshots.current().enterprises().stream()
                        .filter(e -> e.registry().enterpriseId().equals(enterprises.get(3)))
                        .findFirst()
                        .orElseThrow()
                        .ledger()
                        .assets())
                .isEqualTo(4);
        assertThat(snapshots.recomputedEnterprises() - before).isEqualTo(1);
        assertSnapshotEqualsDirectComputation();
    }

    @Test
    void aProgrammeChangeRecomputesNoEnterpriseButShowsInTheOverview() throws Exception {
        snapshots.current();
        long before = snapshots.recomputedEnterprises();
        ProjectStore projects = new ProjectStore(db.dataSource());
        Programme p = projects.programme().orElseThrow();
        projects.saveProgramme(new Programme(
                p.name(), p.start(), LocalDate.of(2028, 12, 31), List.of(new Programme.Target(2028, BigDecimal.ONE))));
        assertThat(snapshots.current().overview().programme().years())
                .singleElement()
                .satisfies(y -> assertThat(y.year()).isEqualTo(2028));
        assertThat(snapshots.recomputedEnterprises() - before).isZero();
        assertSnapshotEqualsDirectComputation();
    }

    @Test
    void aCountyWideChangeRecomputesEveryEnterprise() throws Exception {
        snapshots.current();
        long before = snapshots.recomputedEnterprises();
        new Jdbc(db.dataSource()).update("UPDATE state_rule SET running_above = running_above + 1 WHERE kind = 'cnc'");
        snapshots.current();
        assertThat(snapshots.recomputedEnterprises() - before).isEqualTo(enterprises.size());
        assertSnapshotEqualsDirectComputation();
    }

    @Test
    void twoRequestsAfterAChangeComputeOnce() throws Exception {
        snapshots.current();
        long before = snapshots.recomputedEnterprises();
        moveToTown(enterprises.get(4), "西镇 west town");
        CyclicBarrier together = new CyclicBarrier(2);
        Callable<IndicatorSnapshots.Snapshot> request = () -> {
            together.await();
            return snapshots.current();
        };
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<IndicatorSnapshots.Snapshot>> answers = pool.invokeAll(List.of(request, request));
            for (Future<IndicatorSnapshots.Snapshot> a : answers)
                assertThat(a.get().overview().towns())
                        .anySatisfy(t -> assertThat(t.town()).isEqualTo("西镇 west town"));
            assertThat(answers.get(0).get()).isSameAs(answers.get(1).get());
        } finally {
            pool.shutdownNow();
        }
        assertThat(snapshots.recomputedEnterprises() - before).isEqualTo(1);
        assertSnapshotEqualsDirectComputation();
    }
}
