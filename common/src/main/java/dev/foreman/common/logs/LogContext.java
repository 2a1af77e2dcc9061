package dev.foreman.common.logs;

import dev.foreman.common.tracing.Traceparent;
import java.util.UUID;
import org.slf4j.MDC;

/**
 * Puts what a log line is about into the logging context (MDC), which structured logs
 * ({@code logging.structured.format.console=ecs} or {@code logstash}) write as fields: the trace
 * and span ids, the job, its tenant and queue. Only when structured logging is on: otherwise every
 * call returns at once, so the plain-text default costs nothing per job. Each scope removes its own
 * keys when closed; open it in a try-with-resources on the thread that does the work. Never put a
 * secret here.
 */
public final class LogContext {
    /** ECS names: Elastic and most log pipelines correlate logs with traces on these. */
    public static final String TRACE_ID = "trace.id";

    public static final String SPAN_ID = "span.id";
    public static final String JOB_ID = "job.id";
    public static final String TENANT_ID = "tenant.id";
    public static final String QUEUE = "queue";

    private static final Scope NONE = () -> {};
    private static final Scope TRACE_KEYS = () -> {
        MDC.remove(TRACE_ID);
        MDC.remove(SPAN_ID);
    };
    private static final Scope JOB_KEYS = () -> {
        MDC.remove(JOB_ID);
        MDC.remove(TENANT_ID);
        MDC.remove(QUEUE);
    };
    private static final Scope TENANT_KEYS = () -> MDC.remove(TENANT_ID);

    private static final LogContext OFF = new LogContext(false);
    private static final LogContext ON = new LogContext(true);

    private final boolean enabled;

    private LogContext(boolean enabled) {
        this.enabled = enabled;
    }

    /** A context that fills the MDC when {@code enabled}, else does nothing. */
    public static LogContext of(boolean enabled) {
        return enabled ? ON : OFF;
    }

    public boolean enabled() {
        return enabled;
    }

    /** The job a thread works on now, with its tenant and queue. */
    public Scope job(UUID jobId, UUID tenantId, String queue) {
        if (!enabled) {
            return NONE;
        }
        MDC.put(JOB_ID, jobId.toString());
        put(TENANT_ID, tenantId == null ? null : tenantId.toString());
        put(QUEUE, queue);
        return JOB_KEYS;
    }

    /** The tenant a thread works for now (the caller of an API request). */
    public Scope tenant(UUID tenantId) {
        if (!enabled || tenantId == null) {
            return NONE;
        }
        MDC.put(TENANT_ID, tenantId.toString());
        return TENANT_KEYS;
    }

    /** The trace and span ids of {@code traceparent} (a parsed value; nothing for null). */
    public Scope trace(String traceparent) {
        if (!enabled || traceparent == null) {
            return NONE;
        }
        MDC.put(TRACE_ID, Traceparent.traceId(traceparent));
        MDC.put(SPAN_ID, Traceparent.parentId(traceparent));
        return TRACE_KEYS;
    }

    private static void put(String key, String value) {
        if (value != null) {
            MDC.put(key, value);
        }
    }

    /** Removes the keys its call put. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
