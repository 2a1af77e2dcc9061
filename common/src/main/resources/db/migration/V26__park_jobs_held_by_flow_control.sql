-- A queued job a worker may not start yet (its queue is paused, a concurrency limit is reached,
-- or its rate bucket is empty) is parked: it stays 'queued' (that is what it is, to the API and
-- its counts), parked_until says when to look at it again and parked_reason why it waits. A
-- claim never takes a parked job, so a stale Kafka record of it claims nothing; the scheduler
-- (when parked_until comes) or a finishing attempt (when it frees a permit) wakes it with a new
-- outbox row. Parking frees the job's Kafka partition and the worker's slot for every other job,
-- and counts no attempt. A paused queue's jobs park until 'infinity': resume wakes them.
ALTER TABLE jobs
    ADD COLUMN parked_until timestamptz,
    ADD COLUMN parked_reason text CHECK (parked_reason IN ('paused', 'queue_concurrency', 'flow_concurrency',
                                                          'tenant_concurrency', 'rate', 'flow_rate')),
    -- QStash's flow-control key: the same limits as a queue's, shared by every job naming the key.
    ADD COLUMN flow_key text CHECK (length(flow_key) BETWEEN 1 AND 200),
    ADD COLUMN flow_max_concurrency integer CHECK (flow_max_concurrency BETWEEN 1 AND 100000),
    ADD COLUMN flow_per_second double precision CHECK (flow_per_second > 0 AND flow_per_second <= 100000),
    ADD CONSTRAINT jobs_flow_limits_need_key
        CHECK (flow_key IS NOT NULL OR (flow_max_concurrency IS NULL AND flow_per_second IS NULL));

-- Parking is a property of a queued job only: whatever moves a job out of 'queued' (a claim, a
-- cancel, a purge) ends it, so a job retried later by a person never comes back parked. The WHEN
-- clause keeps the trigger off every update of a job that is not parked.
CREATE FUNCTION unpark_job() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    NEW.parked_until := NULL;
    NEW.parked_reason := NULL;
    RETURN NEW;
END
$$;

CREATE TRIGGER jobs_unpark_on_leaving_queued
    BEFORE UPDATE OF state ON jobs
    FOR EACH ROW
    WHEN (OLD.parked_reason IS NOT NULL AND NEW.state IS DISTINCT FROM 'queued')
EXECUTE FUNCTION unpark_job();

-- The scheduler wakes parked jobs whose time has come, oldest first.
CREATE INDEX jobs_parked_until_idx ON jobs (parked_until)
    WHERE state = 'queued' AND parked_until IS NOT NULL;
-- A finished attempt frees a permit and wakes the oldest job parked behind it: by queue, by
-- flow-control key, by tenant. Resume finds a paused queue's parked jobs the same way.
CREATE INDEX jobs_parked_by_queue_idx ON jobs (tenant_id, queue, parked_reason, parked_until)
    WHERE state = 'queued' AND parked_until IS NOT NULL;
CREATE INDEX jobs_parked_by_flow_key_idx ON jobs (tenant_id, flow_key, parked_reason, parked_until)
    WHERE state = 'queued' AND parked_until IS NOT NULL AND flow_key IS NOT NULL;
CREATE INDEX jobs_parked_by_tenant_idx ON jobs (tenant_id, parked_until)
    WHERE state = 'queued' AND parked_reason = 'tenant_concurrency';
