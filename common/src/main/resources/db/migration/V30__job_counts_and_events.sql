-- /v1/stats must answer in constant time on a table of millions of jobs, so counts are kept, not
-- counted. Every statement that inserts, moves or deletes jobs appends its net change per
-- (tenant, queue, state, priority) to job_count_deltas through the statement-level triggers below:
-- appending never waits for another transaction (a shared counter row would serialise every claim
-- and finish of a queue behind one row lock). The api-service folds the deltas into job_counts in
-- batches (JobStatsRepository.foldCountDeltas); readers add the few deltas not yet folded.
CREATE TABLE job_counts (
    tenant_id uuid   NOT NULL,
    queue     text   NOT NULL,
    state     text   NOT NULL,
    priority  text   NOT NULL,
    n         bigint NOT NULL,
    PRIMARY KEY (tenant_id, queue, state, priority)
);

CREATE TABLE job_count_deltas (
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id   uuid        NOT NULL,
    queue       text        NOT NULL,
    state       text        NOT NULL,
    priority    text        NOT NULL,
    delta       bigint      NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX job_count_deltas_tenant_idx ON job_count_deltas (tenant_id);

-- Jobs that reached succeeded or dead, per tenant and minute: the throughput chart. Folded from the
-- same deltas; rows older than a day are deleted by the fold.
CREATE TABLE job_throughput (
    tenant_id uuid        NOT NULL,
    minute    timestamptz NOT NULL,
    state     text        NOT NULL CHECK (state IN ('succeeded', 'dead')),
    n         bigint      NOT NULL,
    PRIMARY KEY (tenant_id, minute, state)
);

-- Every change of a job's state, creation included, for /v1/events. The api-service's event relay
-- moves the rows to Redis Streams in batches and deletes them. UNLOGGED: events are best effort
-- (Postgres' jobs table stays the truth and a client that missed events gets a reset), so they
-- cost no WAL; a crash empties the table, which the relay cannot tell from a quiet moment, the
-- accepted price. A session that sets foreman.job_events = 'off' records none (the bench's A/B).
CREATE UNLOGGED TABLE job_events (
    id        bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id uuid        NOT NULL,
    job_id    uuid        NOT NULL,
    queue     text        NOT NULL,
    type      text        NOT NULL,
    priority  text        NOT NULL,
    -- NULL when the job was created.
    from_state text,
    state     text        NOT NULL,
    attempt   integer     NOT NULL,
    at        timestamptz NOT NULL
);

-- One function for the three triggers (transition tables allow one event per trigger).
CREATE FUNCTION jobs_record_changes() RETURNS trigger
    LANGUAGE plpgsql AS
$$
DECLARE
    events boolean := coalesce(current_setting('foreman.job_events', true), '') <> 'off';
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO job_count_deltas (tenant_id, queue, state, priority, delta)
        SELECT tenant_id, queue, state, priority, count(*)
        FROM new_jobs
        GROUP BY tenant_id, queue, state, priority;
        IF events THEN
            INSERT INTO job_events (tenant_id, job_id, queue, type, priority, from_state, state, attempt, at)
            SELECT tenant_id, id, queue, type, priority, NULL, state, attempt, updated_at
            FROM new_jobs
            ORDER BY id;
        END IF;
    ELSIF TG_OP = 'UPDATE' THEN
        INSERT INTO job_count_deltas (tenant_id, queue, state, priority, delta)
        SELECT tenant_id, queue, state, priority, sum(d)
        FROM (SELECT tenant_id, queue, state, priority, 1 AS d FROM new_jobs
              UNION ALL
              SELECT tenant_id, queue, state, priority, -1 AS d FROM old_jobs) AS moved
        GROUP BY tenant_id, queue, state, priority
        HAVING sum(d) <> 0;
        IF events THEN
            INSERT INTO job_events (tenant_id, job_id, queue, type, priority, from_state, state, attempt, at)
            SELECT n.tenant_id, n.id, n.queue, n.type, n.priority, o.state, n.state, n.attempt, n.updated_at
            FROM new_jobs AS n
            JOIN old_jobs AS o ON o.id = n.id
            WHERE n.state <> o.state
            ORDER BY n.id;
        END IF;
    ELSE
        INSERT INTO job_count_deltas (tenant_id, queue, state, priority, delta)
        SELECT tenant_id, queue, state, priority, -count(*)
        FROM old_jobs
        GROUP BY tenant_id, queue, state, priority;
    END IF;
    RETURN NULL;
END
$$;

-- Writers and the backfill below must not interleave: a job inserted between the backfill's read
-- and the triggers' creation would be counted never (or twice).
LOCK TABLE jobs IN SHARE ROW EXCLUSIVE MODE;

CREATE TRIGGER jobs_count_inserts
    AFTER INSERT ON jobs
    REFERENCING NEW TABLE AS new_jobs
    FOR EACH STATEMENT
EXECUTE FUNCTION jobs_record_changes();

CREATE TRIGGER jobs_count_updates
    AFTER UPDATE ON jobs
    REFERENCING OLD TABLE AS old_jobs NEW TABLE AS new_jobs
    FOR EACH STATEMENT
EXECUTE FUNCTION jobs_record_changes();

CREATE TRIGGER jobs_count_deletes
    AFTER DELETE ON jobs
    REFERENCING OLD TABLE AS old_jobs
    FOR EACH STATEMENT
EXECUTE FUNCTION jobs_record_changes();

-- The jobs that exist already.
INSERT INTO job_counts (tenant_id, queue, state, priority, n)
SELECT tenant_id, queue, state, priority, count(*)
FROM jobs
GROUP BY tenant_id, queue, state, priority;
