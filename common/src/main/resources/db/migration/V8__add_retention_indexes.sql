-- Retention deletes terminal jobs and old fire records oldest first, in small batches; without
-- these every batch would scan the whole table.
CREATE INDEX jobs_finished_idx ON jobs (state, finished_at)
    WHERE state IN ('succeeded', 'dead', 'cancelled');

CREATE INDEX schedule_fires_fire_at_idx ON schedule_fires (fire_at);
