-- One row per job: the source of truth. Kafka only ever carries the id.
CREATE TABLE jobs (
    id                    uuid        PRIMARY KEY,
    tenant_id             uuid        NOT NULL REFERENCES tenants (id),
    queue                 text        NOT NULL CHECK (queue ~ '^[A-Za-z0-9._-]{1,100}$'),
    type                  text        NOT NULL CHECK (length(type) BETWEEN 1 AND 200),
    priority              text        NOT NULL CHECK (priority IN ('high', 'normal', 'low')),
    state                 text        NOT NULL CHECK (state IN ('scheduled', 'queued', 'running', 'succeeded', 'retrying', 'dead', 'cancelled')),
    attempt               integer     NOT NULL DEFAULT 0 CHECK (attempt >= 0),
    max_attempts          integer     NOT NULL CHECK (max_attempts BETWEEN 1 AND 1000),
    run_at                timestamptz NOT NULL,
    created_at            timestamptz NOT NULL,
    updated_at            timestamptz NOT NULL,
    -- When the job last became queued: lets the scheduler find jobs whose Kafka message was lost.
    queued_at             timestamptz,
    started_at            timestamptz,
    finished_at           timestamptz,
    target_url            text        NOT NULL,
    target_method         text        NOT NULL CHECK (target_method IN ('GET', 'POST', 'PUT', 'PATCH', 'DELETE')),
    target_headers        jsonb       NOT NULL DEFAULT '{}',
    payload               jsonb,
    timeout_ms            integer     NOT NULL CHECK (timeout_ms > 0),
    min_backoff_ms        bigint      NOT NULL CHECK (min_backoff_ms >= 0),
    max_backoff_ms        bigint      NOT NULL CHECK (max_backoff_ms >= min_backoff_ms),
    max_doublings         integer     NOT NULL CHECK (max_doublings >= 0),
    max_retry_duration_ms bigint,
    last_error            text,
    result_status         integer,
    result_body           text,
    result_duration_ms    integer,
    idempotency_key       text,
    callback_url          text,
    labels                jsonb       NOT NULL DEFAULT '{}',
    schedule_id           uuid,
    lease_owner           text,
    lease_expires_at      timestamptz,
    -- A lease exists exactly while a worker runs the job: the claim sets it, finalize clears it.
    CONSTRAINT jobs_lease_only_while_running
        CHECK ((state = 'running') = (lease_owner IS NOT NULL AND lease_expires_at IS NOT NULL))
);

-- A repeated Idempotency-Key answers the first job; the unique index makes that safe under races.
CREATE UNIQUE INDEX jobs_idempotency_key_idx ON jobs (tenant_id, idempotency_key)
    WHERE idempotency_key IS NOT NULL;

-- Keyset pagination of the job list, newest first, with and without a state filter.
CREATE INDEX jobs_tenant_id_idx ON jobs (tenant_id, id DESC);
CREATE INDEX jobs_tenant_state_id_idx ON jobs (tenant_id, state, id DESC);

-- Hot states get partial indexes: the promoter scans due jobs, the reaper expired leases,
-- and the lost-message check queued jobs by age.
CREATE INDEX jobs_due_idx ON jobs (run_at) WHERE state IN ('scheduled', 'retrying');
CREATE INDEX jobs_lease_expiry_idx ON jobs (lease_expires_at) WHERE state = 'running';
CREATE INDEX jobs_queued_at_idx ON jobs (queued_at) WHERE state = 'queued';
