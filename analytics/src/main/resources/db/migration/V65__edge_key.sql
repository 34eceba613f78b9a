-- Keys of edge collectors (issue 16): an edge key lets one plant's edge collector pull that plant's endpoints,
-- mappings and templates from GET /api/v1/edge/config, and nothing else. Unlike api_key it is bound to a plant, not
-- to a user's role, so a key stolen from a plant's edge machine reads one plant's collection settings and changes
-- nothing. Only a SHA-256 of the secret is kept; the prefix finds the row.
CREATE TABLE edge_key (
    id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    plant_id     uuid NOT NULL REFERENCES plant (id) ON DELETE CASCADE,
    name         text NOT NULL,
    prefix       text NOT NULL UNIQUE,
    secret_hash  bytea NOT NULL,
    created_by   uuid NOT NULL REFERENCES app_user (id),
    created_at   timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz,
    revoked_at   timestamptz,
    last_used_at timestamptz
);

CREATE INDEX edge_key_plant ON edge_key (plant_id);
