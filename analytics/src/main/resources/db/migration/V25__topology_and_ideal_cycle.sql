-- Onboarding without SQL (issue 13): machines are retired instead of deleted once they have telemetry, and the
-- ideal cycle time is effective-dated so that a change applies from a time on while past OEE keeps the old value.

ALTER TABLE machine ADD COLUMN retired_at timestamptz;

-- The ideal cycle time in force from effective_from on (until the next row). '-infinity' is "for all time before
-- the first change". seconds NULL: unknown from then on. machine.ideal_cycle_time_seconds stays the value in
-- force now (what the API shows), kept in step by the trigger below and by the API.
CREATE TABLE machine_ideal_cycle (
    machine_id     uuid NOT NULL REFERENCES machine (id) ON DELETE CASCADE,
    effective_from timestamptz NOT NULL,
    seconds        double precision CHECK (seconds > 0),
    set_by         text,
    set_at         timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (machine_id, effective_from)
);

INSERT INTO machine_ideal_cycle (machine_id, effective_from, seconds, set_by)
SELECT id, '-infinity', ideal_cycle_time_seconds, 'migration' FROM machine WHERE ideal_cycle_time_seconds IS NOT NULL;

-- Writers that only know the machine column (plant files, collector YAML, the demo) still get a history: a
-- machine's first value holds for all time, a later change from now on. When the API already recorded the value in
-- force now, nothing is added.
CREATE FUNCTION machine_ideal_cycle_follow() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    in_force double precision;
    has_rows boolean;
BEGIN
    SELECT EXISTS (SELECT 1 FROM machine_ideal_cycle WHERE machine_id = NEW.id) INTO has_rows;
    IF NOT has_rows THEN
        IF NEW.ideal_cycle_time_seconds IS NOT NULL THEN
            INSERT INTO machine_ideal_cycle (machine_id, effective_from, seconds, set_by)
            VALUES (NEW.id, '-infinity', NEW.ideal_cycle_time_seconds, 'machine');
        END IF;
        RETURN NULL;
    END IF;
    SELECT seconds INTO in_force FROM machine_ideal_cycle
     WHERE machine_id = NEW.id AND effective_from <= now() ORDER BY effective_from DESC LIMIT 1;
    IF in_force IS DISTINCT FROM NEW.ideal_cycle_time_seconds THEN
        INSERT INTO machine_ideal_cycle (machine_id, effective_from, seconds, set_by)
        VALUES (NEW.id, now(), NEW.ideal_cycle_time_seconds, 'machine')
        ON CONFLICT (machine_id, effective_from) DO UPDATE SET seconds = EXCLUDED.seconds;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER machine_ideal_cycle_insert AFTER INSERT ON machine
    FOR EACH ROW EXECUTE FUNCTION machine_ideal_cycle_follow();
CREATE TRIGGER machine_ideal_cycle_update AFTER UPDATE OF ideal_cycle_time_seconds ON machine
    FOR EACH ROW WHEN (OLD.ideal_cycle_time_seconds IS DISTINCT FROM NEW.ideal_cycle_time_seconds)
    EXECUTE FUNCTION machine_ideal_cycle_follow();
