package dev.foreman.api.tracing;

import dev.foreman.common.logs.LogContext;
import dev.foreman.common.tracing.TraceAttributes;
import dev.foreman.common.tracing.TraceSpan;
import dev.foreman.common.tracing.Traceparent;
import dev.foreman.common.tracing.Tracing;
import io.opentelemetry.api.trace.SpanKind;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The server span of a request that makes jobs or schedules (a submit, a trigger, a retry): it
 * continues the client's {@code traceparent} or starts a trace, and its context is what the request
 * stores with what it makes, so their attempts continue the trace. With tracing off and no
 * {@code traceparent} from the client there is nothing to do, and nothing is allocated.
 */
@Component
public class RequestTracing {
    private final Tracing tracing;
    private final LogContext logs;

    RequestTracing(Tracing tracing, LogContext logs) {
        this.tracing = tracing;
        this.logs = logs;
    }

    /**
     * Starts span {@code name} for {@code POST route} of {@code tenantId}.
     *
     * @param traceparentHeader the request's {@code traceparent} header, or null
     */
    public RequestSpan start(String name, String route, String traceparentHeader, UUID tenantId) {
        String client = Traceparent.parse(traceparentHeader);
        if (client == null && !tracing.enabled()) {
            return RequestSpan.NONE;
        }
        TraceSpan span = tracing.start(name, SpanKind.SERVER, client);
        if (span.recording()) {
            span.set(TraceAttributes.HTTP_REQUEST_METHOD, "POST")
                    .set(TraceAttributes.HTTP_ROUTE, route)
                    .set(TraceAttributes.TENANT_ID, tenantId.toString());
        }
        String traceparent = span.propagate(client);
        return new RequestSpan(span, traceparent, logs.trace(traceparent));
    }
}
