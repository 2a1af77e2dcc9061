-- The attempt timeline of a job: one row per finished attempt, written in the same statement that
-- finalizes the job, so a job never shows an attempt it did not make.
CREATE TABLE job_attempts (
    job_id      uuid        NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    attempt     integer     NOT NULL CHECK (attempt >= 1),
    worker      text        NOT NULL,
    started_at  timestamptz NOT NULL,
    finished_at timestamptz NOT NULL,
    outcome     text        NOT NULL CHECK (outcome IN ('succeeded', 'failed', 'timed_out', 'lease_expired', 'cancelled')),
    http_status integer,
    error       text,
    duration_ms integer     NOT NULL CHECK (duration_ms >= 0),
    PRIMARY KEY (job_id, attempt)
);
