-- api-service publishes a submission's jobs itself as soon as their transaction commits, and
-- deletes their outbox rows once Kafka acknowledged them. Relays leave such a row alone until its
-- relay_after: by then it is gone, unless the submitting process crashed or Kafka refused the
-- record, and then a relay publishes it as it publishes every other row. Rows of every other
-- writer (the scheduler's promotions, retries, a worker's hand-back) keep '-infinity': relays
-- take them at once.
ALTER TABLE outbox
    ADD COLUMN relay_after timestamptz NOT NULL DEFAULT '-infinity';

-- Wake the relays only for rows they may take now: a submission publishing its own rows would
-- otherwise wake a relay that finds nothing, once per group commit.
CREATE OR REPLACE FUNCTION notify_outbox() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    IF EXISTS (SELECT 1 FROM inserted WHERE relay_after <= now()) THEN
        PERFORM pg_notify('foreman_outbox', '');
    END IF;
    RETURN NULL;
END
$$;

DROP TRIGGER outbox_notify ON outbox;

CREATE TRIGGER outbox_notify
    AFTER INSERT ON outbox
    REFERENCING NEW TABLE AS inserted
    FOR EACH STATEMENT
EXECUTE FUNCTION notify_outbox();
