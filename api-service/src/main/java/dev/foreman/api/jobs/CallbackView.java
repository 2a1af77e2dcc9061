package dev.foreman.api.jobs;

import dev.foreman.common.callback.Callback;
import dev.foreman.common.callback.CallbackDelivery;
import dev.foreman.common.callback.CallbackState;
import java.time.Instant;
import java.util.List;

/**
 * A job's callback: the terminal state it reports, where it stands and every delivery so far.
 * {@code nextAttemptAt} is only shown while the callback is pending; once delivered or given up
 * there is no next attempt.
 */
record CallbackView(
        long id,
        String url,
        String jobState,
        String state,
        Instant nextAttemptAt,
        Instant createdAt,
        List<DeliveryView> deliveries) {

    static CallbackView of(Callback callback) {
        return new CallbackView(
                callback.id(),
                callback.url(),
                callback.jobState(),
                callback.state().wireName(),
                callback.state() == CallbackState.PENDING ? callback.nextAttemptAt() : null,
                callback.createdAt(),
                callback.deliveries().stream().map(DeliveryView::of).toList());
    }

    /** One delivery: when, what the receiver answered (or the error), how long it took. */
    record DeliveryView(
            int delivery, Instant startedAt, Instant finishedAt, Integer httpStatus, String error, int durationMs) {

        static DeliveryView of(CallbackDelivery delivery) {
            return new DeliveryView(
                    delivery.delivery(),
                    delivery.startedAt(),
                    delivery.finishedAt(),
                    delivery.httpStatus(),
                    delivery.error(),
                    delivery.durationMs());
        }
    }
}
