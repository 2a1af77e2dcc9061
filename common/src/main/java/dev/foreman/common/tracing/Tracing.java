package dev.foreman.common.tracing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.sdk.common.Clock;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts Foreman's spans. The trace context travels as {@code traceparent} strings with the job
 * (its row, its outbox entry, its Kafka record), never as a thread's current context, because a
 * job crosses threads, batches and services. Spans are made only for sampled traces: when tracing
 * is {@linkplain #off() off}, or a trace is not sampled, {@link #start} returns {@link TraceSpan#NONE}
 * after a look at one character, so the unsampled path allocates nothing and blocks on nothing.
 * Recorded spans are exported in batches on the SDK's own thread.
 */
public final class Tracing implements AutoCloseable {
    private static final Tracing OFF = new Tracing(null, null, null);
    private static final String INSTRUMENTATION = "dev.foreman";

    private final Tracer tracer;
    private final SdkTracerProvider provider;
    private final Clock clock;

    private Tracing(Tracer tracer, SdkTracerProvider provider, Clock clock) {
        this.tracer = tracer;
        this.provider = provider;
        this.clock = clock;
    }

    /** No spans at all: trace contexts only pass through. */
    public static Tracing off() {
        return OFF;
    }

    /**
     * Records spans of {@code service} as {@code settings} say, handing them to {@code processors}
     * too (a test's in-memory exporter, say) besides the OTLP export.
     */
    public static Tracing recording(TracingProperties settings, String service, List<SpanProcessor> processors) {
        List<SpanProcessor> all = new ArrayList<>(processors);
        if (settings.otlp().exports()) {
            all.add(BatchSpanProcessor.builder(otlpExporter(settings.otlp())).build());
        }
        SdkTracerProvider provider = SdkTracerProvider.builder()
                .setResource(Resource.getDefault()
                        .merge(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), service))))
                .setSampler(Sampler.parentBased(Sampler.traceIdRatioBased(settings.samplingProbability())))
                .addSpanProcessor(SpanProcessor.composite(all))
                .build();
        return new Tracing(provider.get(INSTRUMENTATION), provider, Clock.getDefault());
    }

    private static OtlpHttpSpanExporter otlpExporter(TracingProperties.Otlp otlp) {
        OtlpHttpSpanExporterBuilder exporter =
                OtlpHttpSpanExporter.builder().setEndpoint(otlp.endpoint()).setTimeout(otlp.timeout());
        otlp.headers().forEach(exporter::addHeader);
        return exporter.build();
    }

    /** Whether spans are recorded at all. */
    public boolean enabled() {
        return tracer != null;
    }

    /** The time, for a span started or ended later ({@link #start(String, SpanKind, String, long)}); 0 when off. */
    public long now() {
        return clock == null ? 0 : clock.now();
    }

    /**
     * Starts span {@code name} in the trace of {@code parent} (a parsed {@code traceparent}): none
     * when tracing is off or the parent is not sampled; a new trace, recorded or not as the
     * sampler decides, when there is no parent. End what it returns.
     */
    public TraceSpan start(String name, SpanKind kind, String parent) {
        return start(name, kind, parent, 0);
    }

    /** The same, for work that began at {@code startEpochNanos} ({@link #now()}); 0 means now. */
    public TraceSpan start(String name, SpanKind kind, String parent, long startEpochNanos) {
        if (tracer == null || parent != null && !Traceparent.isSampled(parent)) {
            return TraceSpan.NONE;
        }
        SpanBuilder span = tracer.spanBuilder(name).setSpanKind(kind);
        if (parent == null) {
            span.setNoParent();
        } else {
            span.setParent(Context.root().with(Span.wrap(remote(parent))));
        }
        if (startEpochNanos != 0) {
            span.setStartTimestamp(startEpochNanos, TimeUnit.NANOSECONDS);
        }
        return new TraceSpan(span.startSpan());
    }

    /**
     * Starts span {@code name} as the root of a new trace that links to {@code cause} (when there
     * is one): for work that a past request caused but that belongs in a trace of its own, like a
     * cron fire and the schedule's creation. The sampler decides afresh.
     */
    public TraceSpan startLinked(String name, SpanKind kind, String cause) {
        if (tracer == null) {
            return TraceSpan.NONE;
        }
        SpanBuilder span = tracer.spanBuilder(name).setSpanKind(kind).setNoParent();
        String link = Traceparent.parse(cause);
        if (link != null) {
            span.addLink(remote(link));
        }
        return new TraceSpan(span.startSpan());
    }

    private static SpanContext remote(String traceparent) {
        return SpanContext.createFromRemoteParent(
                Traceparent.traceId(traceparent),
                Traceparent.parentId(traceparent),
                Traceparent.isSampled(traceparent) ? TraceFlags.getSampled() : TraceFlags.getDefault(),
                TraceState.getDefault());
    }

    /** Exports what is recorded and not yet exported, waiting up to the OTLP timeout. */
    @Override
    public void close() {
        if (provider != null) {
            provider.shutdown().join(10, TimeUnit.SECONDS);
        }
    }
}
