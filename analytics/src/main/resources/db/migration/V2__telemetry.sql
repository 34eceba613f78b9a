-- Narrow telemetry table: one row per value. `status` is the OPC UA StatusCode (32 bits, 0 = Good).
-- On TimescaleDB, V3 turns it into a hypertable; on plain PostgreSQL a BRIN index on time keeps range scans cheap.
-- The primary key makes ingest idempotent: a replayed sample (same signal, same source time) is stored once.

CREATE TABLE telemetry (
    time      timestamptz      NOT NULL,
    signal_id integer          NOT NULL,
    value     double precision,
    status    integer          NOT NULL DEFAULT 0,
    PRIMARY KEY (signal_id, time)
);

CREATE INDEX telemetry_time_brin ON telemetry USING brin (time);

-- Newest sample per signal, kept by the writer so "last sample" and "current state" never scan telemetry.
CREATE TABLE signal_latest (
    signal_id integer PRIMARY KEY REFERENCES signal (id),
    time      timestamptz      NOT NULL,
    value     double precision,
    status    integer          NOT NULL
);
