-- Accounts, roles, grants, API keys, token revocation and the audit trail (issue 3).

-- An equipment vendor's organisation; vendor users belong to one.
CREATE TABLE vendor_org (
    id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name       text NOT NULL UNIQUE CHECK (name <> ''),
    created_at timestamptz NOT NULL DEFAULT now()
);

-- Roles: admin; plant_manager (bound to one enterprise); bureau (county-wide, read-only); vendor (bound to a vendor org).
CREATE TABLE app_user (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    username      text NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9][a-z0-9._-]{2,63}$'),
    display_name  text NOT NULL,
    password_hash text NOT NULL,            -- Argon2id PHC string; never a plain or reversible password
    role          text NOT NULL CHECK (role IN ('admin', 'plant_manager', 'bureau', 'vendor')),
    enterprise_id uuid REFERENCES enterprise (id),
    vendor_id     uuid REFERENCES vendor_org (id),
    disabled      boolean NOT NULL DEFAULT false,
    created_at    timestamptz NOT NULL DEFAULT now(),
    CHECK ((role = 'plant_manager') = (enterprise_id IS NOT NULL)),
    CHECK ((role = 'vendor') = (vendor_id IS NOT NULL))
);

-- A vendor may see and configure a machine only when a plant manager (or admin) granted it.
CREATE TABLE device_grant (
    vendor_id  uuid NOT NULL REFERENCES vendor_org (id),
    machine_id uuid NOT NULL REFERENCES machine (id),
    granted_by uuid NOT NULL REFERENCES app_user (id),
    granted_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (vendor_id, machine_id)
);

-- Long-lived keys for machine-to-machine callers. Only a SHA-256 of the secret is kept; the prefix finds the row.
CREATE TABLE api_key (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id     uuid NOT NULL REFERENCES app_user (id),
    name        text NOT NULL,
    prefix      text NOT NULL UNIQUE,
    secret_hash bytea NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz,
    revoked_at  timestamptz,
    last_used_at timestamptz
);

-- HMAC keys that sign bearer tokens. The newest active key signs; older ones still verify until retired,
-- so rotating never breaks a token that is still valid.
CREATE TABLE token_signing_key (
    kid        text PRIMARY KEY,
    secret     bytea NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    retired_at timestamptz
);

-- Tokens revoked before they expire (logout). Rows can be purged after expires_at.
CREATE TABLE revoked_token (
    jti        text PRIMARY KEY,
    expires_at timestamptz NOT NULL,
    revoked_at timestamptz NOT NULL DEFAULT now()
);

-- Append-only audit trail: logins, failed logins, changes of users, roles, grants and keys.
CREATE TABLE audit_log (
    id          bigserial PRIMARY KEY,
    at          timestamptz NOT NULL DEFAULT now(),
    actor_id    uuid,
    actor_name  text,
    action      text NOT NULL,
    target      text,
    detail      jsonb NOT NULL DEFAULT '{}'::jsonb,
    remote_addr text
);

CREATE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only';
END $$;

CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_is_append_only();
