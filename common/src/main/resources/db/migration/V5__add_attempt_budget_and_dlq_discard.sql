-- A person who retries a dead or cancelled job gives it a fresh attempt budget while its history
-- (attempt numbers, attempt rows) continues: attempts in the budget = attempt - budget_start_attempt,
-- and max_retry_duration counts from budget_started_at (NULL: from created_at).
ALTER TABLE jobs
    ADD COLUMN budget_start_attempt integer NOT NULL DEFAULT 0 CHECK (budget_start_attempt >= 0),
    ADD COLUMN budget_started_at    timestamptz;

-- Discarding a dead job removes it from the dead-letter queue; the job itself stays readable.
ALTER TABLE jobs
    ADD COLUMN dlq_discarded_at timestamptz;

CREATE INDEX jobs_dead_letter_idx ON jobs (tenant_id, id DESC)
    WHERE state = 'dead' AND dlq_discarded_at IS NULL;

-- The lost-message check skips jobs that still wait in the outbox (the relay is behind, not lost).
CREATE INDEX outbox_job_id_idx ON outbox (job_id);
