-- Per signal per minute and per hour: min, max, sum and count of its Good, non-NaN values, and the last such value
-- with its time, so that a trend over months is read from a few thousand rows instead of millions of samples.
-- Kept by SeriesRollupJob on both engines (minutes from telemetry, hours from minutes), up to each machine's
-- series_watermark; a late sample older than the watermark moves it back (TelemetryWriter, in its transaction).
CREATE TABLE signal_minute (
    signal_id  integer          NOT NULL,
    bucket     timestamptz      NOT NULL,
    min        double precision NOT NULL,
    max        double precision NOT NULL,
    sum        double precision NOT NULL,
    count      bigint           NOT NULL,
    last_time  timestamptz      NOT NULL,
    last_value double precision NOT NULL,
    PRIMARY KEY (signal_id, bucket)
);

CREATE TABLE signal_hour (LIKE signal_minute INCLUDING ALL);

CREATE TABLE series_watermark (
    machine_id   uuid PRIMARY KEY REFERENCES machine (id) ON DELETE CASCADE,
    rolled_until timestamptz NOT NULL DEFAULT '-infinity'
);
INSERT INTO series_watermark (machine_id) SELECT id FROM machine;

CREATE FUNCTION series_watermark_for_new_machine() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO series_watermark (machine_id) VALUES (NEW.id) ON CONFLICT DO NOTHING;
    RETURN NEW;
END $$;

CREATE TRIGGER machine_series_watermark AFTER INSERT ON machine
    FOR EACH ROW EXECUTE FUNCTION series_watermark_for_new_machine();
