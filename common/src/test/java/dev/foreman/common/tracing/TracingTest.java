package dev.foreman.common.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TracingTest {
    private static final String SAMPLED = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    private static final String UNSAMPLED = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00";

    private final InMemorySpanExporter exported = InMemorySpanExporter.create();
    private Tracing tracing;

    @AfterEach
    void close() {
        if (tracing != null) {
            tracing.close();
        }
    }

    @Test
    void offStartsNoSpanAndPassesTheContextThrough() {
        TraceSpan span = Tracing.off().start("dispatch", SpanKind.CLIENT, SAMPLED);

        assertThat(span).isSameAs(TraceSpan.NONE);
        assertThat(span.recording()).isFalse();
        assertThat(span.propagate(SAMPLED)).isSameAs(SAMPLED);
        assertThat(span.outgoing(SAMPLED))
                .startsWith("00-0af7651916cd43dd8448eb211c80319c-")
                .isNotEqualTo(SAMPLED);
        assertThat(Tracing.off().now()).isZero();
        assertThat(Tracing.off().startLinked("cron fire", SpanKind.PRODUCER, SAMPLED))
                .isSameAs(TraceSpan.NONE);
    }

    @Test
    void anUnsampledParentGetsNoSpanEvenWhenTracingIsOn() {
        tracing = recording(1.0);

        TraceSpan span = tracing.start("claim", SpanKind.CONSUMER, UNSAMPLED);

        assertThat(span).isSameAs(TraceSpan.NONE);
        assertThat(span.propagate(UNSAMPLED)).isSameAs(UNSAMPLED);
    }

    @Test
    void aSampledParentGetsAChildSpanInItsTraceWhateverTheProbability() {
        tracing = recording(0.0);

        TraceSpan span = tracing.start("claim", SpanKind.CONSUMER, SAMPLED);
        String context = span.propagate(SAMPLED);
        span.set(TraceAttributes.QUEUE, "emails").end();

        SpanData recorded = exported.getFinishedSpanItems().getFirst();
        assertThat(recorded.getName()).isEqualTo("claim");
        assertThat(recorded.getKind()).isEqualTo(SpanKind.CONSUMER);
        assertThat(recorded.getTraceId()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
        assertThat(recorded.getParentSpanId()).isEqualTo("b7ad6b7169203331");
        assertThat(recorded.getAttributes().get(TraceAttributes.QUEUE)).isEqualTo("emails");
        assertThat(recorded.getResource()
                        .getAttribute(io.opentelemetry.api.common.AttributeKey.stringKey("service.name")))
                .isEqualTo("worker-service");
        assertThat(context).isEqualTo("00-0af7651916cd43dd8448eb211c80319c-" + recorded.getSpanId() + "-01");
        assertThat(span.outgoing(SAMPLED)).isEqualTo(context);
    }

    @Test
    void aNewTraceThatIsNotSampledStillHandsOnItsDecision() {
        tracing = recording(0.0);

        TraceSpan root = tracing.start("submit", SpanKind.SERVER, null);
        root.end();

        assertThat(root.recording()).isFalse();
        assertThat(root.propagate(null)).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-00");
        assertThat(exported.getFinishedSpanItems()).isEmpty();
    }

    @Test
    void aNewSampledTraceIsRecordedAsARoot() {
        tracing = recording(1.0);

        TraceSpan root = tracing.start("submit", SpanKind.SERVER, null);
        root.end();

        SpanData recorded = exported.getFinishedSpanItems().getFirst();
        assertThat(recorded.getParentSpanContext().isValid()).isFalse();
        assertThat(root.propagate(null)).endsWith(recorded.getSpanId() + "-01");
    }

    @Test
    void aLinkedSpanStartsATraceOfItsOwnThatLinksToItsCause() {
        tracing = recording(1.0);

        TraceSpan fire = tracing.startLinked("cron fire", SpanKind.PRODUCER, SAMPLED);
        fire.end();

        SpanData recorded = exported.getFinishedSpanItems().getFirst();
        assertThat(recorded.getTraceId()).isNotEqualTo("0af7651916cd43dd8448eb211c80319c");
        assertThat(recorded.getLinks()).singleElement().satisfies(link -> {
            assertThat(link.getSpanContext().getTraceId()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
            assertThat(link.getSpanContext().getSpanId()).isEqualTo("b7ad6b7169203331");
        });
    }

    @Test
    void aFailedSpanCarriesItsErrorType() {
        tracing = recording(1.0);

        tracing.start("dispatch", SpanKind.CLIENT, SAMPLED)
                .fail("timed_out", "timed out after 30s")
                .end();

        SpanData recorded = exported.getFinishedSpanItems().getFirst();
        assertThat(recorded.getStatus().getStatusCode()).isEqualTo(io.opentelemetry.api.trace.StatusCode.ERROR);
        assertThat(recorded.getAttributes().get(TraceAttributes.ERROR_TYPE)).isEqualTo("timed_out");
    }

    @Test
    void aSpanOfPastWorkKeepsItsTimes() {
        tracing = recording(1.0);
        long started = tracing.now();
        long ended = started + Duration.ofMillis(3).toNanos();

        tracing.start("claim", SpanKind.CONSUMER, SAMPLED, started).end(ended);

        SpanData recorded = exported.getFinishedSpanItems().getFirst();
        assertThat(recorded.getStartEpochNanos()).isEqualTo(started);
        assertThat(recorded.getEndEpochNanos()).isEqualTo(ended);
    }

    private Tracing recording(double probability) {
        return Tracing.recording(
                new TracingProperties(
                        true, probability, new TracingProperties.Otlp("", Duration.ofSeconds(1), Map.of())),
                "worker-service",
                List.of(SimpleSpanProcessor.create(exported)));
    }
}
