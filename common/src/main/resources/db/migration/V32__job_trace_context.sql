-- The W3C trace context (traceparent) a job was submitted in: the client's, or the API's submit span
-- when tracing is on. The outbox relay reads it to put it in the job's Kafka record, so every attempt
-- and callback continues the trace of the request that made the job. NULL when the client sent none
-- and tracing is off. No CHECK: the API stores only values it parsed, and a later W3C version may grow.
-- Nullable without a default, so adding it rewrites no row.
ALTER TABLE jobs ADD COLUMN traceparent text;
