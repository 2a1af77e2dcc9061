-- Per-tenant quotas (DESIGN §3.1, issue #14). NULL means "the operator's default"
-- (foreman.api.limits.*), so changing a default reaches every tenant that was never given its own.
-- requests_per_second: requests per second each of the tenant's API keys may send (sliding window in Redis).
-- max_active_jobs: the most non-terminal jobs (scheduled, queued, running, retrying) at once.
-- max_schedules: the most cron schedules.
ALTER TABLE tenants
    ADD COLUMN requests_per_second integer CHECK (requests_per_second > 0),
    ADD COLUMN max_active_jobs     bigint  CHECK (max_active_jobs >= 0),
    ADD COLUMN max_schedules       integer CHECK (max_schedules >= 0);
