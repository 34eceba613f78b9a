package org.tiangong.analytics.upgrade;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.tiangong.analytics.db.Database;
import org.tiangong.analytics.db.DbSettings;
import org.tiangong.analytics.db.EmbeddedPostgresServer;
import org.tiangong.analytics.oee.OeeService;

/**
 * Bureau benchmark (not a test): a generated county of N enterprises ({@link GeneratedCounty}); the bureau's overview
 * and ranking computed directly (what every request did before) and answered from {@link IndicatorSnapshots}
 * (version read + shared snapshot), p50/p99 of each, and the first request after an edit of one enterprise. Arguments: enterprises (default 500), runs (default 200).
 * Database: embedded PostgreSQL 17, or {@code TIANGONG_BENCH_DB_URL}.
 */
public final class BureauBenchmark {

    static final int EDITS = 20;

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        String url = System.getenv("TIANGONG_BENCH_DB_URL");
        EmbeddedPostgresServer embedded = null;
        if (url == null) {
            embedded = EmbeddedPostgresServer.start(null, 0);
            url = embedded.ensureDatabase("bench");
        }
        Clock clock = Clock.fixed(GeneratedCounty.local("2026-11-28T12:00"), ZoneOffset.UTC);
        try (Database db = Database.open(new DbSettings(url, null, System.getenv("TIANGONG_DB_PASSWORD"), 4))) {
            long g0 = System.nanoTime();
            GeneratedCounty.generate(db.dataSource(), db.engine(), clock, n, false);
            System.out.printf(
                    "generated %d enterprises in %.1f s; storage %s%n",
                    n, (System.nanoTime() - g0) / 1e9, db.engine().description());
            UpgradeIndicators indicators = new UpgradeIndicators(
                    db.dataSource(), new OeeService(db.dataSource(), clock), clock, GeneratedCounty.ZONE);
            List<Double> direct = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                long t0 = System.nanoTime();
                indicators.overview(indicators.enterprises());
                if (i > 0) direct.add((System.nanoTime() - t0) / 1e6); // the first one warms up
            }
            System.out.printf(
                    "direct (every request before): overview+ranking computed, p50 %.1f ms, max %.1f ms (n=%d)%n",
                    pct(direct, 0.5), pct(direct, 1.0), direct.size());
            try (IndicatorSnapshots snapshots =
                    new IndicatorSnapshots(indicators, db.dataSource(), clock, Duration.ofMinutes(1))) {
                long f0 = System.nanoTime();
                snapshots.current();
                double first = (System.nanoTime() - f0) / 1e6;
                System.out.printf(
                        "first snapshot (every row; what a county-wide change costs the next request): %.1f ms%n",
                        first);
                List<Double> snap = new ArrayList<>();
                for (int i = 0; i < runs; i++) {
                    long t0 = System.nanoTime();
                    var s = snapshots.current();
                    // what /bureau/enterprises does with it: filter and sort a copy
                    List<EnterpriseIndicators> rows = new ArrayList<>(s.enterprises());
                    rows.sort(java.util.Comparator.comparing(e -> e.registry().enterpriseId()));
                    snap.add((System.nanoTime() - t0) / 1e6);
                }
                System.out.printf(
                        "from the snapshot: p50 %.2f ms, p99 %.2f ms, max %.2f ms (n=%d)%n",
                        pct(snap, 0.5), pct(snap, 0.99), pct(snap, 1.0), snap.size());
                System.out.printf("direct ÷ snapshot at p50: %.0f×%n", pct(direct, 0.5) / pct(snap, 0.5));
                // the first request after an edit of one enterprise (its registry's contact): that row recomputed,
                // the others kept, the totals and the programme derived again
                RegistryStore registry = new RegistryStore(db.dataSource());
                List<Registry> all = registry.all();
                List<Double> edited = new ArrayList<>();
                long c0 = snapshots.recomputedEnterprises();
                for (int i = 0; i < EDITS; i++) {
                    Registry r = all.get(i * 37 % all.size());
                    registry.saveRegistry(
                            new Registry(
                                    r.enterpriseId(),
                                    r.code(),
                                    r.name(),
                                    r.creditCode(),
                                    r.town(),
                                    r.segment(),
                                    r.aboveScale(),
                                    "联系人 bench " + i,
                                    r.contactPhone(),
                                    null),
                            null);
                    long t0 = System.nanoTime();
                    snapshots.current();
                    edited.add((System.nanoTime() - t0) / 1e6);
                }
                System.out.printf(
                        "first request after an edit of one enterprise: p50 %.1f ms, max %.1f ms (n=%d, %d rows"
                                + " recomputed in all)%n",
                        pct(edited, 0.5), pct(edited, 1.0), edited.size(), snapshots.recomputedEnterprises() - c0);
                System.out.printf("whole recompute ÷ one-enterprise update at p50: %.0f×%n", first / pct(edited, 0.5));
            }
        } finally {
            if (embedded != null) embedded.close();
        }
    }

    static double pct(List<Double> xs, double p) {
        List<Double> s = new ArrayList<>(xs);
        Collections.sort(s);
        return s.get(Math.min(
                s.size() - 1, (int) Math.ceil(p * s.size()) - 1 < 0 ? 0 : (int) Math.ceil(p * s.size()) - 1));
    }
}
