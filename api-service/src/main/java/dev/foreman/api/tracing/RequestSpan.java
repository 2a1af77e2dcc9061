package dev.foreman.api.tracing;

import dev.foreman.api.problem.ApiProblem;
import dev.foreman.common.logs.LogContext;
import dev.foreman.common.tracing.TraceAttributes;
import dev.foreman.common.tracing.TraceSpan;
import io.opentelemetry.api.common.AttributeKey;

/**
 * One request's span and logging context ({@link RequestTracing}); close it when the request is
 * answered, in a try-with-resources around the controller's work.
 */
public final class RequestSpan implements AutoCloseable {
    static final RequestSpan NONE = new RequestSpan(TraceSpan.NONE, null, () -> {});

    private final TraceSpan span;
    private final String traceparent;
    private final LogContext.Scope traceLogs;

    RequestSpan(TraceSpan span, String traceparent, LogContext.Scope traceLogs) {
        this.span = span;
        this.traceparent = traceparent;
        this.traceLogs = traceLogs;
    }

    /** The trace context to store with what the request makes, or null for none. */
    public String traceparent() {
        return traceparent;
    }

    /** Whether attributes are kept: compute costly ones only when this is true. */
    public boolean recording() {
        return span.recording();
    }

    public RequestSpan set(AttributeKey<String> key, String value) {
        span.set(key, value);
        return this;
    }

    public RequestSpan set(AttributeKey<Long> key, long value) {
        span.set(key, value);
        return this;
    }

    /** The status the request is answered with. */
    public RequestSpan status(int status) {
        span.set(TraceAttributes.HTTP_RESPONSE_STATUS_CODE, status);
        return this;
    }

    /**
     * Records why the request failed: a problem answer's status (a 4xx is the client's error, not
     * the server span's), or the error of a 5xx.
     */
    public void failed(RuntimeException error) {
        if (!span.recording()) {
            return;
        }
        if (error instanceof ApiProblem problem) {
            int status = problem.code().status().value();
            status(status);
            if (status >= 500) {
                span.fail(String.valueOf(status), problem.code().name());
            }
        } else {
            status(500);
            span.fail(error);
        }
    }

    @Override
    public void close() {
        span.end();
        traceLogs.close();
    }
}
