-- Each worker-service instance writes its id here every few seconds; /v1/stats counts the ones
-- seen recently as live. A handful of rows, so counting them is free; Postgres rather than Redis
-- because the worker needs no Redis for anything else.
CREATE TABLE worker_heartbeats (
    worker_id text        PRIMARY KEY,
    seen_at   timestamptz NOT NULL
);
