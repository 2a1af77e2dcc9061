-- The trace context of the request that created a schedule: each cron fire starts a trace of its own
-- (a schedule may fire for years) that links to it, so an operator can still find where it came from.
ALTER TABLE schedules ADD COLUMN traceparent text;
