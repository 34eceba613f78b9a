package org.tiangong.analytics.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tiangong.analytics.db.Database;
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
}
