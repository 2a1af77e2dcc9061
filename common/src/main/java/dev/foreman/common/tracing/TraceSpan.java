package dev.foreman.common.tracing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import java.util.concurrent.TimeUnit;

/**
 * One span Foreman started, or {@link #NONE} when it started none (tracing is off, or the trace is
 * not sampled): then every method does nothing, and the trace context passes through unchanged,
 * so an unsampled job costs no allocation here.
 */
public final class TraceSpan {
    /** No span: what {@link Tracing} returns when it records nothing. */
    public static final TraceSpan NONE = new TraceSpan(null);

    private final Span span;

    TraceSpan(Span span) {
        this.span = span;
    }

    /** Whether attributes set on this span are kept (it is sampled). */
    public boolean recording() {
        return span != null && span.isRecording();
    }

    /**
     * The trace context to hand on to the next step (a stored job, a Kafka record): this span's, or
     * {@code parent} unchanged when there is no span.
     */
    public String propagate(String parent) {
        return span == null ? parent : traceparent();
    }

    /**
     * The {@code traceparent} of an HTTP request this span sends (a dispatch, a callback): this
     * span's, or, when there is no span, a new span id in {@code parent}'s trace (a new trace when
     * there is no parent), so the receiver always gets a valid one that continues the trace.
     */
    public String outgoing(String parent) {
        return span == null ? Traceparent.childOf(parent) : traceparent();
    }

    private String traceparent() {
        SpanContext context = span.getSpanContext();
        return Traceparent.of(context.getTraceId(), context.getSpanId(), context.isSampled());
    }

    public TraceSpan set(AttributeKey<String> key, String value) {
        if (recording() && value != null) {
            span.setAttribute(key, value);
        }
        return this;
    }

    public TraceSpan set(AttributeKey<Long> key, long value) {
        if (recording()) {
            span.setAttribute(key, value);
        }
        return this;
    }

    /** Marks the span failed: {@code errorType} is the semantic {@code error.type} (a class of error, low cardinality). */
    public TraceSpan fail(String errorType, String description) {
        if (recording()) {
            span.setAttribute(TraceAttributes.ERROR_TYPE, errorType);
            span.setStatus(StatusCode.ERROR, description == null ? "" : description);
        }
        return this;
    }

    /** Marks the span failed by {@code error}. */
    public TraceSpan fail(Throwable error) {
        if (recording()) {
            span.recordException(error);
            fail(error.getClass().getName(), error.getMessage());
        }
        return this;
    }

    public void end() {
        if (span != null) {
            span.end();
        }
    }

    /** Ends the span at {@code epochNanos} (see {@link Tracing#now()}), for work already done. */
    public void end(long epochNanos) {
        if (span != null) {
            span.end(epochNanos, TimeUnit.NANOSECONDS);
        }
    }
}
