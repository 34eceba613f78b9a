-- Rollups: per machine per minute, what the machine did (seconds in each state, part-counter and energy-meter
-- deltas), kept by RollupJob from raw telemetry up to a per-machine watermark. machine_hour sums the minutes per
-- hour: a table kept by the same job on plain PostgreSQL, replaced at start by a continuous aggregate on TimescaleDB
-- (TimescaleSetup). Readers take closed buckets from here and raw data only after the watermark (RollupSums).

CREATE TABLE machine_minute (
    machine_id         uuid             NOT NULL REFERENCES machine (id),
    bucket             timestamptz      NOT NULL,
    running_s          double precision NOT NULL,
    idle_s             double precision NOT NULL,
    setup_s            double precision NOT NULL,
    fault_s            double precision NOT NULL,
    off_s              double precision NOT NULL,
    no_data_s          double precision NOT NULL,
    good               double precision NOT NULL,
    scrap              double precision NOT NULL,
    energy_kwh         double precision NOT NULL,
    energy_running_kwh double precision NOT NULL,
    energy_idle_kwh    double precision NOT NULL,
    PRIMARY KEY (machine_id, bucket)
);

CREATE TABLE machine_hour (LIKE machine_minute INCLUDING ALL);

-- Rollups of a machine are complete for every minute before rolled_until. '-infinity' = nothing rolled up yet.
-- The telemetry writer moves it back when a late sample lands before it (in the same transaction as the sample),
-- so a replayed buffer or a back-fill is rolled up again; RollupJob moves it forward.
CREATE TABLE rollup_watermark (
    machine_id   uuid PRIMARY KEY REFERENCES machine (id) ON DELETE CASCADE,
    rolled_until timestamptz NOT NULL DEFAULT '-infinity'
);

INSERT INTO rollup_watermark (machine_id) SELECT id FROM machine;

-- Every machine has a watermark row from its creation on, so a late sample always finds one to move back.
CREATE FUNCTION rollup_watermark_for_new_machine() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO rollup_watermark (machine_id) VALUES (NEW.id) ON CONFLICT DO NOTHING;
    RETURN NEW;
END $$;
CREATE TRIGGER machine_rollup_watermark AFTER INSERT ON machine
    FOR EACH ROW EXECUTE FUNCTION rollup_watermark_for_new_machine();

-- What a machine's states are derived from can change: a new or removed signal (a state node appears), another
-- kind, an edited state rule. Its rollups are then rebuilt from the start.
CREATE FUNCTION rollup_reset_for_signal() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE rollup_watermark SET rolled_until = '-infinity'
    WHERE machine_id = (CASE WHEN TG_OP = 'DELETE' THEN OLD.machine_id ELSE NEW.machine_id END);
    RETURN NULL;
END $$;
CREATE TRIGGER signal_rollup_reset AFTER INSERT OR DELETE ON signal
    FOR EACH ROW EXECUTE FUNCTION rollup_reset_for_signal();

CREATE FUNCTION rollup_reset_for_machine() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE rollup_watermark SET rolled_until = '-infinity' WHERE machine_id = NEW.id;
    RETURN NULL;
END $$;
CREATE TRIGGER machine_kind_rollup_reset AFTER UPDATE OF kind ON machine
    FOR EACH ROW WHEN (OLD.kind IS DISTINCT FROM NEW.kind) EXECUTE FUNCTION rollup_reset_for_machine();

CREATE FUNCTION rollup_reset_for_rule() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE rollup_watermark SET rolled_until = '-infinity'
    WHERE machine_id IN (SELECT id FROM machine WHERE kind IN (
        (CASE WHEN TG_OP = 'INSERT' THEN NULL ELSE OLD.kind END),
        (CASE WHEN TG_OP = 'DELETE' THEN NULL ELSE NEW.kind END)));
    RETURN NULL;
END $$;
CREATE TRIGGER state_rule_rollup_reset AFTER INSERT OR UPDATE OR DELETE ON state_rule
    FOR EACH ROW EXECUTE FUNCTION rollup_reset_for_rule();
