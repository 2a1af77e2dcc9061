-- A queue's settings, per tenant. A queue exists once a job names it; this row exists once its
-- settings were changed (a pause, or a PATCH), and a missing row means "no limits, not paused".
-- Workers read it at claim (paused) and through a short cache (limits); the API writes it.
CREATE TABLE queues (
    tenant_id          uuid        NOT NULL,
    name               text        NOT NULL CHECK (name ~ '^[A-Za-z0-9._-]{1,100}$'),
    paused             boolean     NOT NULL DEFAULT false,
    max_concurrency    integer     CHECK (max_concurrency BETWEEN 1 AND 100000),
    rate_per_second    double precision CHECK (rate_per_second > 0 AND rate_per_second <= 100000),
    rate_burst         integer     CHECK (rate_burst BETWEEN 1 AND 100000),
    created_at         timestamptz NOT NULL,
    updated_at         timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, name),
    -- A burst without a rate means nothing; a rate without a burst gets one in the API.
    CONSTRAINT queues_burst_needs_rate CHECK (rate_burst IS NULL OR rate_per_second IS NOT NULL)
);

-- Queue depth and purge scan one tenant's queue by state.
CREATE INDEX jobs_tenant_queue_state_idx ON jobs (tenant_id, queue, state);
