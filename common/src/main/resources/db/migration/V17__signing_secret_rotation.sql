-- Signing-secret rotation: the secret replaced by a rotation keeps signing beside the new one until
-- previous_secret_expires_at, so targets can switch to the new secret without a window in which
-- they refuse Foreman's requests (DESIGN §3.1).
ALTER TABLE tenants ADD COLUMN previous_signing_secret text CHECK (length(previous_signing_secret) >= 32);
ALTER TABLE tenants ADD COLUMN previous_secret_expires_at timestamptz;
ALTER TABLE tenants ADD CONSTRAINT tenants_previous_secret_check
    CHECK ((previous_signing_secret IS NULL) = (previous_secret_expires_at IS NULL));
