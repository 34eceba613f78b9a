-- Editable endpoints (issue 13): how the collector subscribes to an endpoint saved through the platform. NULL means
-- automatic: publishing as fast as the fastest mapped node is sampled (at least every 100 ms), the collector's queue
-- size, and mapping entries keep their own sampling intervals.
ALTER TABLE opcua_endpoint
    ADD COLUMN publishing_interval_ms double precision CHECK (publishing_interval_ms >= 10 AND publishing_interval_ms <= 3600000),
    ADD COLUMN queue_size             integer CHECK (queue_size >= 1 AND queue_size <= 10000),
    ADD COLUMN default_sampling_ms    double precision CHECK (default_sampling_ms >= 0 AND default_sampling_ms <= 3600000);
