package org.tiangong.analytics.db;

/**
 * Which engine stores telemetry: TimescaleDB (production) or plain PostgreSQL (embedded and fallback).
 *
 * @param timescale       true when the timescaledb extension is installed in the database
 * @param version         the TimescaleDB extension version, or the PostgreSQL server version
 */
public record StorageEngine(boolean timescale, String version) {

    /** What /health reports, e.g. {@code timescaledb 2.17.2} or {@code postgresql 17.6}. */
    public String description() {
        return (timescale ? "timescaledb " : "postgresql ") + version;
    }
}
