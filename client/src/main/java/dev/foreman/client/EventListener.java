package dev.foreman.client;

import dev.foreman.client.errors.ForemanException;
import tools.jackson.databind.JsonNode;

/**
 * Receives a subscription's events, on the subscription's own thread, one at a time and in order.
 * Every method does nothing unless overridden.
 */
public interface EventListener {
    /** A job changed state (creation included). */
    default void onJob(JobEvent event) {}

    /** The periodic {@code /v1/stats} body. */
    default void onStats(JsonNode stats) {}

    /**
     * The server no longer has the events after the id the subscription resumed from: refetch what
     * you show (lists, counts), then carry on with the events that follow.
     */
    default void onReset() {}

    /** A heartbeat arrived: the connection is alive while nothing happens. */
    default void onHeartbeat() {}

    /** The stream is open (first connect and each reconnect). */
    default void onConnected() {}

    /** The connection broke; the subscription reconnects after a back-off and resumes. */
    default void onDisconnected(Throwable cause) {}

    /** The API refused the subscription for good (a revoked key, say); the subscription has ended. */
    default void onRefused(ForemanException problem) {}
}
