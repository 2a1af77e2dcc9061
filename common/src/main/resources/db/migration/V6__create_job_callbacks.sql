-- A job with a callback_url reports its terminal state to that URL. The row is written by a trigger
-- in the same transaction as the terminal transition, whichever code path made it (worker finish,
-- reaper, cancel), so no terminal job can miss its callback.
CREATE TABLE job_callbacks (
    id              bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    job_id          uuid        NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    tenant_id       uuid        NOT NULL,
    url             text        NOT NULL,
    job_state       text        NOT NULL CHECK (job_state IN ('succeeded', 'dead', 'cancelled')),
    state           text        NOT NULL CHECK (state IN ('pending', 'delivered', 'failed')),
    deliveries      integer     NOT NULL DEFAULT 0 CHECK (deliveries >= 0),
    next_attempt_at timestamptz NOT NULL,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL
);

CREATE INDEX job_callbacks_job_idx ON job_callbacks (job_id);
CREATE INDEX job_callbacks_due_idx ON job_callbacks (next_attempt_at) WHERE state = 'pending';

-- Every delivery of a callback, for GET /v1/jobs/{id}/callbacks.
CREATE TABLE job_callback_deliveries (
    callback_id bigint      NOT NULL REFERENCES job_callbacks (id) ON DELETE CASCADE,
    delivery    integer     NOT NULL CHECK (delivery >= 1),
    started_at  timestamptz NOT NULL,
    finished_at timestamptz NOT NULL,
    http_status integer,
    error       text,
    duration_ms integer     NOT NULL CHECK (duration_ms >= 0),
    PRIMARY KEY (callback_id, delivery)
);

CREATE FUNCTION enqueue_job_callback() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    INSERT INTO job_callbacks (job_id, tenant_id, url, job_state, state, next_attempt_at, created_at, updated_at)
    VALUES (NEW.id, NEW.tenant_id, NEW.callback_url, NEW.state, 'pending', NEW.updated_at, NEW.updated_at, NEW.updated_at);
    RETURN NULL;
END
$$;

CREATE TRIGGER jobs_terminal_callback
    AFTER UPDATE OF state ON jobs
    FOR EACH ROW
    WHEN (NEW.callback_url IS NOT NULL
        AND NEW.state IN ('succeeded', 'dead', 'cancelled')
        AND OLD.state IS DISTINCT FROM NEW.state)
EXECUTE FUNCTION enqueue_job_callback();
