-- An operator can suspend a tenant: its keys then answer 401 until it is active again. Its jobs and
-- schedules are kept as they are.
ALTER TABLE tenants ADD COLUMN state text NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'suspended'));
ALTER TABLE tenants ADD COLUMN updated_at timestamptz;
