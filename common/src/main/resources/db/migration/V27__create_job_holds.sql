-- Where flow control delayed or ended a job, for its timeline: one row per job and reason (a job
-- parked a hundred times behind a limit has one row that says so), written by the statement
-- that parks or purges it.
CREATE TABLE job_holds (
    job_id    uuid        NOT NULL,
    reason    text        NOT NULL CHECK (reason IN ('paused', 'queue_concurrency', 'flow_concurrency',
                                                     'tenant_concurrency', 'rate', 'flow_rate', 'purged')),
    first_at  timestamptz NOT NULL,
    last_at   timestamptz NOT NULL,
    times     integer     NOT NULL CHECK (times >= 1),
    PRIMARY KEY (job_id, reason)
);
