-- Issue 16: MQTT messages the central ingest could not store (undecodable, unknown signal, non-finite Good value,
-- a topic that is not ours). Kept with the reason and the raw payload, so that nothing is dropped silently and the
-- stream is not blocked. A message delivered again (MQTT is at-least-once) is kept once: unique by topic and the
-- payload's SHA-256.
CREATE TABLE mqtt_dead_letter (
    id             bigserial   PRIMARY KEY,
    received_at    timestamptz NOT NULL DEFAULT now(),
    topic          text        NOT NULL,
    reason         text        NOT NULL,
    payload        bytea       NOT NULL,
    payload_sha256 bytea       NOT NULL,
    UNIQUE (topic, payload_sha256)
);
