-- A callback reports the job as it was when it ended, not as it is when the callback goes out. A
-- person may retry a dead job while its callback waits for a receiver that is down; the callback
-- must still say "dead", with that run's error and finish time, not describe the new run.
-- Callbacks queued before this migration have no snapshot and report the job as it is now.
ALTER TABLE job_callbacks ADD COLUMN job_snapshot jsonb;

CREATE OR REPLACE FUNCTION enqueue_job_callback() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    INSERT INTO job_callbacks (job_id, tenant_id, url, job_state, state, next_attempt_at, created_at, updated_at,
                               job_snapshot)
    VALUES (NEW.id, NEW.tenant_id, NEW.callback_url, NEW.state, 'pending', NEW.updated_at, NEW.updated_at,
            NEW.updated_at, to_jsonb(NEW));
    RETURN NULL;
END
$$;
