package dev.foreman.api.outbox;

import dev.foreman.common.dispatch.DispatchRecords;
import dev.foreman.common.outbox.OutboxEntry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Publishes outbox entries as dispatch records ({@link DispatchRecords}) to their priority topics
 * and returns only when Kafka acknowledged every one of them.
 */
class DispatchPublisher implements AutoCloseable {
    private final Producer<String, byte[]> producer;
    private final Duration sendTimeout;

    DispatchPublisher(Producer<String, byte[]> producer, Duration sendTimeout) {
        this.producer = producer;
        this.sendTimeout = sendTimeout;
    }

    /** The producer, for its client metrics. */
    Producer<String, byte[]> producer() {
        return producer;
    }

    /**
     * @throws PublishFailedException when any record was not acknowledged in time; some others may
     *     have been, so publishing the batch again may duplicate them
     */
    void publishAll(List<OutboxEntry> entries) {
        List<Future<RecordMetadata>> acks = new ArrayList<>(entries.size());
        try {
            for (OutboxEntry entry : entries) {
                acks.add(producer.send(DispatchRecords.encode(entry)));
            }
            // Send what linger is holding back now: the relay waits for these acks before anything else.
            producer.flush();
            long deadline = System.nanoTime() + sendTimeout.toNanos();
            for (Future<RecordMetadata> ack : acks) {
                ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishFailedException("interrupted while waiting for Kafka", e);
        } catch (ExecutionException e) {
            throw new PublishFailedException("Kafka refused a record: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new PublishFailedException("Kafka did not acknowledge within " + sendTimeout, e);
        } catch (RuntimeException e) {
            throw new PublishFailedException("the producer failed: " + e, e);
        }
    }

    /**
     * Sends one record without waiting; {@code acknowledged} runs on the producer's network thread
     * once Kafka acknowledged it or it failed, so it must be quick. The send itself may block up to
     * the producer's {@code max.block.ms} while Kafka is unreachable.
     */
    void send(OutboxEntry entry, Callback acknowledged) {
        producer.send(DispatchRecords.encode(entry), acknowledged);
    }

    /** Returns once every record sent so far was acknowledged or failed. */
    void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close(sendTimeout);
    }

    /** Not every record of a batch was acknowledged; the batch must stay in the outbox. */
    static final class PublishFailedException extends RuntimeException {
        PublishFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
