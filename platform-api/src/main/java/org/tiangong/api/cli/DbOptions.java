package org.tiangong.api.cli;

import org.tiangong.analytics.db.DbSettings;
import picocli.CommandLine.Option;

/** Database options shared by the commands; environment variables fill what the command line leaves out. */
final class DbOptions {

    @Option(
            names = "--db",
            paramLabel = "JDBC_URL",
            description =
                    "PostgreSQL or TimescaleDB JDBC URL (env TIANGONG_DB_URL), e.g. jdbc:postgresql://localhost:5432/tiangong")
    String url;

    @Option(names = "--db-user", description = "database user (env TIANGONG_DB_USER)")
    String user;

    @Option(names = "--db-pool", defaultValue = "10", description = "connection pool size (default ${DEFAULT-VALUE})")
    int poolSize;

    /** The URL from the option or the environment, or null when neither gives one. */
    String urlOrNull() {
        if (url != null && !url.isBlank()) return url;
        String env = System.getenv("TIANGONG_DB_URL");
        return env == null || env.isBlank() ? null : env;
    }

    DbSettings settings(String urlToUse) {
        String u = user != null ? user : System.getenv("TIANGONG_DB_USER");
        // The password only ever comes from the environment: command lines end up in shell history and ps output.
        return new DbSettings(urlToUse, u, System.getenv("TIANGONG_DB_PASSWORD"), poolSize);
    }

    DbSettings required() {
        String u = urlOrNull();
        if (u == null)
            throw new IllegalArgumentException(
                    "no database: give --db jdbc:postgresql://host:port/db or set TIANGONG_DB_URL");
        return settings(u);
    }
}
