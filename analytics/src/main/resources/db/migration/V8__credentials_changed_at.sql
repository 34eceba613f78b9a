-- Tokens issued before a password change stop working: the check compares a token's iat with this time.
ALTER TABLE app_user ADD COLUMN credentials_changed_at timestamptz NOT NULL DEFAULT '-infinity';
