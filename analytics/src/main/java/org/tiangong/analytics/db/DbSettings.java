package org.tiangong.analytics.db;

/**
 * How to reach the database.
 *
 * @param jdbcUrl  e.g. {@code jdbc:postgresql://localhost:5432/tiangong}
 * @param user     may be null when the URL carries it
 * @param password may be null; never logged
 * @param poolSize maximum connections in the pool
 */
public record DbSettings(String jdbcUrl, String user, String password, int poolSize) {

    public DbSettings {
        if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("database URL must start with jdbc:postgresql:, got " + jdbcUrl);
        }
        if (poolSize < 1) throw new IllegalArgumentException("poolSize must be at least 1");
    }

    public static DbSettings of(String jdbcUrl) {
        return new DbSettings(jdbcUrl, null, null, 8);
    }

    @Override
    public String toString() {
        return "DbSettings[" + jdbcUrl + ", user=" + user + ", poolSize=" + poolSize + "]";
    }
}
