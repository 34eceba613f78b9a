-- Hardening (issue 11).

-- Token signing keys are sealed at rest with the platform's secret key (AES-256-GCM, see SecretBox); rows written
-- by earlier versions are in clear until the API first reads them and seals them in place.
ALTER TABLE token_signing_key ADD COLUMN secret_sealed boolean NOT NULL DEFAULT false;

-- An API key is bound to the credentials version of its owner at creation: a password change, a disable or a
-- logout-all (each moves credentials_changed_at) revokes it, like every bearer token issued before.
ALTER TABLE api_key ADD COLUMN credentials_version bigint NOT NULL DEFAULT 0;
-- keys created before this column existed get the owner's current version, so they keep working until the next change
UPDATE api_key k SET credentials_version = CASE WHEN u.credentials_changed_at = '-infinity' THEN 0
    ELSE (extract(epoch FROM u.credentials_changed_at) * 1000)::bigint END
FROM app_user u WHERE u.id = k.user_id;

-- Where an enterprise's endpoints may point: host names or CIDR blocks, set by an admin or the enterprise's plant
-- manager. A connection test, browse or automap to any other target is refused before any connection is made.
CREATE TABLE endpoint_target_allow (
    enterprise_id uuid NOT NULL REFERENCES enterprise (id),
    entry         text NOT NULL CHECK (entry <> '' AND length(entry) <= 253),
    created_by    uuid REFERENCES app_user (id),
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (enterprise_id, entry)
);

-- allowUntrusted (connect to a server whose certificate is not trusted) is for development only and may now be set
-- only by an admin of a server started with the development flag: flags set by anyone else are withdrawn.
UPDATE opcua_endpoint SET allow_untrusted = false
WHERE allow_untrusted AND (created_by IS NULL OR created_by NOT IN (SELECT id FROM app_user WHERE role = 'admin'));
