package dev.foreman.bench.stack;

import dev.foreman.bench.resources.ProcessGroup;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** The Foreman deployment under test: either started by the bench or already running elsewhere. */
public interface Stack extends AutoCloseable {

    /** The api-service base URL, e.g. {@code http://127.0.0.1:41234}. */
    URI apiUrl();

    /** An API key of the tenant the bench submits as. */
    String apiKey();

    /**
     * An API key of a second tenant, for the scenarios that measure one tenant beside another's
     * backlog; empty when the bench has none (a stack it did not start).
     */
    Optional<String> otherTenantApiKey();

    /** One line for the report: what runs where. */
    String describe();

    /** The processes whose memory and CPU the report shows. */
    List<ProcessGroup> monitored();

    /** Whether the bench can stop and start the worker, which the drain scenario needs. */
    boolean controlsWorker();

    /** Starts the worker if it is not running and waits until it is healthy. */
    void startWorker();

    /** Stops the worker if it runs (gracefully, forcibly after ten seconds). */
    void stopWorker();

    /** Rows in the transactional outbox (jobs not yet published to Kafka), if the bench can see the database. */
    OptionalLong outboxDepth();

    /** Stops whatever the bench started. Safe to call twice, and from a shutdown hook. */
    @Override
    void close();
}
