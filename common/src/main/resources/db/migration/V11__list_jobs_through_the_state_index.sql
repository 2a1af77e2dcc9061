-- The job list without a state filter merges one ordered scan of jobs_tenant_state_id_idx per state
-- instead (JobRepository.FIND_PAGE). Every index on jobs gets a new entry on each state change of
-- each job (no change of a job's state can be a HOT update): this one cost about 7 µs of Postgres'
-- time per change, three changes per job at least (issue #5).
DROP INDEX jobs_tenant_id_idx;
