-- Every admin and key action (DESIGN §3.1): who (the acting key and its tenant), what (action and
-- the object it touched), when, and from where (the client address). Never a key or a secret.
CREATE TABLE audit_log (
    id             uuid        PRIMARY KEY,
    at             timestamptz NOT NULL,
    actor_key_id   uuid,
    actor_tenant_id uuid,
    actor_role     text,
    action         text        NOT NULL,
    target_tenant_id uuid,
    target_id      uuid,
    details        jsonb       NOT NULL DEFAULT '{}'::jsonb,
    remote_address text
);

-- The audit list is read newest first, optionally for one tenant.
CREATE INDEX audit_log_at_idx ON audit_log (at DESC, id DESC);
CREATE INDEX audit_log_target_tenant_idx ON audit_log (target_tenant_id, at DESC);
