-- A tenant owns jobs and keys; every read and write of the API is scoped to one.
-- signing_secret signs every request dispatched for the tenant (Foreman-Signature, DESIGN §4).
CREATE TABLE tenants (
    id             uuid        PRIMARY KEY,
    name           text        NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 200),
    signing_secret text        NOT NULL CHECK (length(signing_secret) >= 32),
    created_at     timestamptz NOT NULL
);

-- API keys are never stored in clear: key_hash is the hex SHA-256 of the whole key (keys are
-- 256-bit random, so a fast hash is enough). key_prefix is the visible start, for listing keys.
CREATE TABLE api_keys (
    id         uuid        PRIMARY KEY,
    tenant_id  uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    name       text        NOT NULL,
    key_hash   text        NOT NULL UNIQUE CHECK (key_hash ~ '^[0-9a-f]{64}$'),
    key_prefix text        NOT NULL,
    role       text        NOT NULL CHECK (role IN ('admin', 'member')),
    created_at timestamptz NOT NULL,
    revoked_at timestamptz
);

CREATE INDEX api_keys_tenant_idx ON api_keys (tenant_id);
