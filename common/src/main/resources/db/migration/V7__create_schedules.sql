-- Cron schedules: a job template fired on a cron expression in an IANA time zone.
-- next_fire_at is the next fire the leader will make (NULL while paused); the partial index is
-- the leader's scan for due schedules.
CREATE TABLE schedules (
    id             uuid        PRIMARY KEY,
    tenant_id      uuid        NOT NULL REFERENCES tenants (id),
    name           text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    cron           text        NOT NULL,
    time_zone      text        NOT NULL,
    job_template   jsonb       NOT NULL,
    misfire_policy text        NOT NULL CHECK (misfire_policy IN ('skip', 'fire_once', 'fire_all')),
    overlap_policy text        NOT NULL CHECK (overlap_policy IN ('allow', 'skip')),
    paused         boolean     NOT NULL DEFAULT false,
    next_fire_at   timestamptz,
    last_fired_at  timestamptz,
    created_at     timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL,
    CONSTRAINT schedules_next_fire_unless_paused CHECK (paused OR next_fire_at IS NOT NULL)
);

CREATE UNIQUE INDEX schedules_tenant_name_idx ON schedules (tenant_id, name);
CREATE INDEX schedules_tenant_id_idx ON schedules (tenant_id, id DESC);
CREATE INDEX schedules_due_idx ON schedules (next_fire_at) WHERE NOT paused;

-- One row per fire time of a schedule: the primary key makes each fire happen once, even when two
-- schedulers believe they lead. job_id is NULL when the fire was skipped (overlap or misfire).
CREATE TABLE schedule_fires (
    schedule_id uuid        NOT NULL REFERENCES schedules (id) ON DELETE CASCADE,
    fire_at     timestamptz NOT NULL,
    job_id      uuid,
    outcome     text        NOT NULL CHECK (outcome IN ('fired', 'skipped_overlap', 'skipped_misfire', 'triggered')),
    recorded_at timestamptz NOT NULL,
    PRIMARY KEY (schedule_id, fire_at)
);

-- The overlap check asks whether a schedule's previous job is still running or waiting.
CREATE INDEX jobs_schedule_active_idx ON jobs (schedule_id)
    WHERE schedule_id IS NOT NULL AND state IN ('scheduled', 'queued', 'running', 'retrying');
