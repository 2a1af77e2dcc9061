package dev.foreman.api.outbox;

import dev.foreman.common.dispatch.DispatchRecords;
import dev.foreman.common.outbox.OutboxEntry;
import dev.foreman.common.tracing.TraceAttributes;
import dev.foreman.common.tracing.TraceSpan;
import dev.foreman.common.tracing.Tracing;
import io.opentelemetry.api.trace.SpanKind;
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
 * and returns only when Kafka acknowledged every one of them. Each record of a sampled trace gets
 * a {@code publish} span, from the send to Kafka's acknowledgement, and carries that span's
 * context; any other record carries its job's trace context as it is.
 */
class DispatchPublisher implements AutoCloseable {
    private final Producer<String, byte[]> producer;
    private final Duration sendTimeout;
    private final Tracing tracing;

    DispatchPublisher(Producer<String, byte[]> producer, Duration sendTimeout, Tracing tracing) {
        this.producer = producer;
        this.sendTimeout = sendTimeout;
        this.tracing = tracing;
    }

    DispatchPublisher(Producer<String, byte[]> producer, Duration sendTimeout) {
        this(producer, sendTimeout, Tracing.off());
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
        List<TraceSpan> spans = null;
        try {
            for (OutboxEntry entry : entries) {
                TraceSpan span = publishSpan(entry);
                if (span != TraceSpan.NONE) {
                    spans = spans == null ? new ArrayList<>() : spans;
                    spans.add(span);
                }
                acks.add(producer.send(DispatchRecords.encode(entry, span.propagate(entry.traceparent()))));
            }
            // Send what linger is holding back now: the relay waits for these acks before anything else.
            producer.flush();
            long deadline = System.nanoTime() + sendTimeout.toNanos();
            for (Future<RecordMetadata> ack : acks) {
                ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failed(spans, new PublishFailedException("interrupted while waiting for Kafka", e));
        } catch (ExecutionException e) {
            throw failed(spans, new PublishFailedException("Kafka refused a record: " + e.getCause(), e.getCause()));
        } catch (TimeoutException e) {
            throw failed(spans, new PublishFailedException("Kafka did not acknowledge within " + sendTimeout, e));
        } catch (RuntimeException e) {
            throw failed(spans, new PublishFailedException("the producer failed: " + e, e));
        } finally {
            if (spans != null) {
                spans.forEach(TraceSpan::end);
            }
        }
    }

    private static PublishFailedException failed(List<TraceSpan> spans, PublishFailedException failure) {
        if (spans != null) {
            spans.forEach(span -> span.fail(failure));
        }
        return failure;
    }

    /** The span of publishing {@code entry}'s record; none unless its trace is sampled. */
    private TraceSpan publishSpan(OutboxEntry entry) {
        TraceSpan span = tracing.start("publish", SpanKind.PRODUCER, entry.traceparent());
        if (span.recording()) {
            span.set(TraceAttributes.MESSAGING_SYSTEM, "kafka")
                    .set(TraceAttributes.MESSAGING_OPERATION_TYPE, "send")
                    .set(TraceAttributes.MESSAGING_DESTINATION, entry.priority().topic())
                    .set(TraceAttributes.JOB_ID, entry.jobId().toString())
                    .set(TraceAttributes.QUEUE, entry.queue());
        }
        return span;
    }

    /**
     * Sends one record without waiting; {@code acknowledged} runs on the producer's network thread
     * once Kafka acknowledged it or it failed, so it must be quick. The send itself may block up to
     * the producer's {@code max.block.ms} while Kafka is unreachable.
     */
    void send(OutboxEntry entry, Callback acknowledged) {
        TraceSpan span = publishSpan(entry);
        if (span == TraceSpan.NONE) {
            producer.send(DispatchRecords.encode(entry, entry.traceparent()), acknowledged);
            return;
        }
        try {
            producer.send(DispatchRecords.encode(entry, span.propagate(entry.traceparent())), (metadata, error) -> {
                if (error != null) {
                    span.fail(error);
                }
                span.end();
                acknowledged.onCompletion(metadata, error);
            });
        } catch (RuntimeException e) {
            span.fail(e).end();
            throw e;
        }
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
