-- Vendors connect equipment (issue 6): OPC UA endpoints with their security, node → signal mappings, mapping
-- templates per machine model, and a revision number that running collectors poll to reload mappings in place.

CREATE TABLE opcua_endpoint (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    enterprise_id   uuid NOT NULL REFERENCES enterprise (id),
    -- the vendor organisation that created it (null: created by the plant manager or an admin); vendors see and
    -- change only their own organisation's endpoints
    vendor_id       uuid REFERENCES vendor_org (id),
    name            text NOT NULL CHECK (name <> ''),
    url             text NOT NULL CHECK (url LIKE 'opc.tcp://%'),
    security_policy text NOT NULL CHECK (security_policy IN ('None', 'Basic256Sha256', 'Aes128_Sha256_RsaOaep', 'Aes256_Sha256_RsaPss')),
    security_mode   text NOT NULL CHECK (security_mode IN ('None', 'Sign', 'SignAndEncrypt')),
    auth_type       text NOT NULL CHECK (auth_type IN ('anonymous', 'username', 'x509')),
    username        text,
    -- AES-256-GCM: 12-byte nonce || ciphertext || tag, key outside the database (see analytics.connect.SecretBox)
    password_enc    bytea,
    -- development only: connect even when the server's certificate is not in the trust list
    allow_untrusted boolean NOT NULL DEFAULT false,
    created_by      uuid REFERENCES app_user (id),
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (enterprise_id, name),
    CHECK ((security_policy = 'None') = (security_mode = 'None')),
    CHECK ((auth_type = 'username') = (username IS NOT NULL AND password_enc IS NOT NULL))
);

-- Which node of which endpoint feeds which canonical signal of a machine. The collector monitors each row with its
-- sampling interval and absolute deadband and stores value × scale + offset (after value_map, when given).
CREATE TABLE signal_mapping (
    machine_id           uuid NOT NULL REFERENCES machine (id),
    signal               text NOT NULL,
    endpoint_id          uuid NOT NULL REFERENCES opcua_endpoint (id),
    node_id              text NOT NULL CHECK (node_id <> ''),
    sampling_interval_ms double precision NOT NULL DEFAULT 1000 CHECK (sampling_interval_ms >= 0),
    deadband             double precision NOT NULL DEFAULT 0 CHECK (deadband >= 0),
    scale                double precision NOT NULL DEFAULT 1,
    value_offset         double precision NOT NULL DEFAULT 0,
    unit                 text,
    value_map            jsonb,
    updated_at           timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (machine_id, signal),
    UNIQUE (endpoint_id, node_id)
);

-- A mapping saved for a machine model: browse paths relative to the machine's root node, not node ids.
CREATE TABLE mapping_template (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    enterprise_id uuid REFERENCES enterprise (id),
    vendor_id     uuid REFERENCES vendor_org (id),
    model         text NOT NULL CHECK (model <> ''),
    name          text NOT NULL CHECK (name <> ''),
    entries       jsonb NOT NULL,
    created_by    uuid REFERENCES app_user (id),
    created_at    timestamptz NOT NULL DEFAULT now(),
    CHECK ((enterprise_id IS NULL) <> (vendor_id IS NULL))
);
CREATE UNIQUE INDEX mapping_template_vendor_name ON mapping_template (vendor_id, model, name) WHERE vendor_id IS NOT NULL;
CREATE UNIQUE INDEX mapping_template_enterprise_name ON mapping_template (enterprise_id, model, name) WHERE enterprise_id IS NOT NULL;

-- One row; every change of endpoints or mappings moves it on. Collectors poll it (a cheap primary-key read) and
-- reload their endpoints and monitored items when it moved.
CREATE TABLE connect_revision (
    id       int PRIMARY KEY CHECK (id = 1),
    revision bigint NOT NULL
);
INSERT INTO connect_revision (id, revision) VALUES (1, 0);

CREATE FUNCTION connect_revision_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE connect_revision SET revision = revision + 1 WHERE id = 1;
    RETURN NULL;
END $$;

CREATE TRIGGER opcua_endpoint_revision AFTER INSERT OR UPDATE OR DELETE ON opcua_endpoint
    FOR EACH STATEMENT EXECUTE FUNCTION connect_revision_bump();
CREATE TRIGGER signal_mapping_revision AFTER INSERT OR UPDATE OR DELETE ON signal_mapping
    FOR EACH STATEMENT EXECUTE FUNCTION connect_revision_bump();
