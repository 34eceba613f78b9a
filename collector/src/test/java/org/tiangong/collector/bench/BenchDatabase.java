package org.tiangong.collector.bench;

import java.nio.file.Path;
import org.tiangong.analytics.db.EmbeddedPostgresServer;

/**
 * Holds an embedded PostgreSQL 17 for a benchmark in its own JVM (so that its client classes do not count in the
 * collector's footprint): argument = data directory; prints the JDBC URL of database {@code ceiling}, then waits.
 * The password is in {@code <dataDir>.password}; the postmaster's pid in {@code <dataDir>/postmaster.pid}.
 */
public final class BenchDatabase {

    public static void main(String[] args) throws Exception {
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(Path.of(args[0]), 0)) {
            System.out.println("url " + server.ensureDatabase("ceiling"));
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
