-- Counters and meters that restart at a non-zero value (issue #15): what a machine can plausibly count, and the
-- readings that were not counted. See docs/metrics.md, "Counters and meters".

-- The machine's rated electrical power: the default limit of its energy meter (kWh ≤ rated power × time × 1.5).
ALTER TABLE machine ADD COLUMN rated_power_kw double precision CHECK (rated_power_kw > 0 AND rated_power_kw < 1e6);

-- A per-signal ceiling that replaces the machine's default: parts per hour for a part counter, kW for a meter.
ALTER TABLE signal ADD COLUMN counter_max_per_hour double precision
    CHECK (counter_max_per_hour > 0 AND counter_max_per_hour < 1e9);

-- Re-bases (a decrease that cannot be a reset to zero) and implausible jumps, found by the rollup job.
CREATE TABLE counter_event (
    signal_id     int              NOT NULL REFERENCES signal (id) ON DELETE CASCADE,
    time          timestamptz      NOT NULL,
    previous_time timestamptz      NOT NULL,
    kind          text             NOT NULL CHECK (kind IN ('rebase', 'jump')),
    from_value    double precision NOT NULL,
    to_value      double precision NOT NULL,
    PRIMARY KEY (signal_id, time)
);
