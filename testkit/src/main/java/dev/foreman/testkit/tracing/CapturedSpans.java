package dev.foreman.testkit.tracing;

import static org.awaitility.Awaitility.await;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The spans that services under test recorded, kept in memory. Give {@link #processor()} to each
 * service as a {@code SpanProcessor} bean (with {@code foreman.tracing.enabled=true}); the spans
 * end up here as they end, whichever service or thread ended them. Closing a service does not
 * stop the capture, so one instance can serve several services of one test.
 */
public final class CapturedSpans {
    private final InMemorySpanExporter exporter = InMemorySpanExporter.create();

    /** A processor that hands every ended span to this capture at once. */
    public SpanProcessor processor() {
        return new SpanProcessor() {
            @Override
            public void onStart(Context parentContext, ReadWriteSpan span) {}

            @Override
            public boolean isStartRequired() {
                return false;
            }

            @Override
            public void onEnd(ReadableSpan span) {
                exporter.export(List.of(span.toSpanData()));
            }

            @Override
            public boolean isEndRequired() {
                return true;
            }

            @Override
            public CompletableResultCode shutdown() {
                // A service that stops does not end the capture of the others.
                return CompletableResultCode.ofSuccess();
            }
        };
    }

    /** Every span of trace {@code traceId} recorded so far. */
    public List<SpanData> inTrace(String traceId) {
        return exporter.getFinishedSpanItems().stream()
                .filter(span -> span.getTraceId().equals(traceId))
                .toList();
    }

    /** The span named {@code name} in trace {@code traceId}, if one ended. */
    public Optional<SpanData> find(String traceId, String name) {
        return inTrace(traceId).stream()
                .filter(span -> span.getName().equals(name))
                .findFirst();
    }

    /** The span named {@code name} in trace {@code traceId}, once it ended (within {@code patience}). */
    public SpanData awaitSpan(String traceId, String name, Duration patience) {
        return await("span '" + name + "' of trace " + traceId)
                .atMost(patience)
                .until(() -> find(traceId, name), Optional::isPresent)
                .orElseThrow();
    }

    /** Every span recorded so far, of any trace. */
    public List<SpanData> all() {
        return exporter.getFinishedSpanItems();
    }
}
