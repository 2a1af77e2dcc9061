-- The queue-name check ran a regular expression with a bounded repeat ({1,100}) on every insert and
-- on every update of a job (Postgres checks all of a row's constraints on each update: the claim,
-- the finish, each heartbeat). Its DFA cost about 15 µs a row, a fifth of Postgres' work in a batch
-- insert. The same rule as a length check and an unbounded character class costs under 1 µs.
ALTER TABLE jobs
    DROP CONSTRAINT jobs_queue_check,
    ADD CONSTRAINT jobs_queue_check
        CHECK (length(queue) BETWEEN 1 AND 100 AND queue ~ '^[A-Za-z0-9._-]+$') NOT VALID;

-- Every existing row passed the old rule, which says the same; validating confirms it.
ALTER TABLE jobs VALIDATE CONSTRAINT jobs_queue_check;
