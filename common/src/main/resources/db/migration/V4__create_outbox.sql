-- The transactional outbox: a row here means "publish this job's id to Kafka". Written in the
-- transaction that makes the job queued; deleted by the relay only after Kafka acknowledged it.
-- No foreign key to jobs: the relay must never block on, or be blocked by, job retention.
CREATE TABLE outbox (
    id         bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    job_id     uuid        NOT NULL,
    tenant_id  uuid        NOT NULL,
    queue      text        NOT NULL,
    priority   text        NOT NULL CHECK (priority IN ('high', 'normal', 'low')),
    created_at timestamptz NOT NULL
);

-- Wakes the relays at once instead of at their next poll. Statement level, and Postgres folds
-- equal notifications of one transaction, so a batch insert sends one.
CREATE FUNCTION notify_outbox() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    PERFORM pg_notify('foreman_outbox', '');
    RETURN NULL;
END
$$;

CREATE TRIGGER outbox_notify
    AFTER INSERT ON outbox
    FOR EACH STATEMENT
EXECUTE FUNCTION notify_outbox();
