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

-- What the counter rule judges by changed: the machine's rollups are rebuilt from the start (as in V9).
CREATE TRIGGER signal_counter_limit_rollup_reset AFTER UPDATE OF counter_max_per_hour ON signal
    FOR EACH ROW WHEN (OLD.counter_max_per_hour IS DISTINCT FROM NEW.counter_max_per_hour)
    EXECUTE FUNCTION rollup_reset_for_signal();
CREATE TRIGGER machine_rated_power_rollup_reset AFTER UPDATE OF rated_power_kw ON machine
    FOR EACH ROW WHEN (OLD.rated_power_kw IS DISTINCT FROM NEW.rated_power_kw)
    EXECUTE FUNCTION rollup_reset_for_machine();

CREATE FUNCTION rollup_reset_for_ideal_cycle() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE rollup_watermark SET rolled_until = '-infinity'
    WHERE machine_id = (CASE WHEN TG_OP = 'DELETE' THEN OLD.machine_id ELSE NEW.machine_id END);
    RETURN NULL;
END $$;
CREATE TRIGGER machine_ideal_cycle_rollup_reset AFTER INSERT OR UPDATE OR DELETE ON machine_ideal_cycle
    FOR EACH ROW EXECUTE FUNCTION rollup_reset_for_ideal_cycle();
