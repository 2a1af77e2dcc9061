package dev.foreman.worker.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foreman.common.tracing.TraceAttributes;
import dev.foreman.common.tracing.TraceSpan;
import dev.foreman.common.tracing.Tracing;
import dev.foreman.common.tracing.TracingProperties;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class HttpSpansTest {
    private static final String SAMPLED = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    @Test
    void reportsTheUrlWithoutItsQueryFragmentOrUserInfo() {
        SpanData span =
                recorded(s -> HttpSpans.request(s, "post", "https://user:pw@svc.example:8443/hooks/a?token=secret#x"));

        assertThat(span.getAttributes().get(TraceAttributes.URL_FULL)).isEqualTo("https://svc.example:8443/hooks/a");
        assertThat(span.getAttributes().get(TraceAttributes.HTTP_REQUEST_METHOD))
                .isEqualTo("POST");
        assertThat(span.getAttributes().get(TraceAttributes.SERVER_ADDRESS)).isEqualTo("svc.example");
        assertThat(span.getAttributes().get(TraceAttributes.SERVER_PORT)).isEqualTo(8443L);
        assertThat(span.getAttributes().asMap().values())
                .noneMatch(value -> value.toString().contains("secret"));
    }

    @Test
    void takesTheSchemesDefaultPort() {
        SpanData span = recorded(s -> HttpSpans.request(s, "GET", "https://svc.example/a"));

        assertThat(span.getAttributes().get(TraceAttributes.SERVER_PORT)).isEqualTo(443L);
    }

    @Test
    void anErrorStatusFailsTheSpanAndASuccessDoesNot() {
        SpanData failed = recorded(s -> HttpSpans.answered(s, 503));
        SpanData succeeded = recorded(s -> HttpSpans.answered(s, 204));

        assertThat(failed.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(failed.getAttributes().get(TraceAttributes.ERROR_TYPE)).isEqualTo("503");
        assertThat(succeeded.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
        assertThat(succeeded.getAttributes().get(TraceAttributes.HTTP_RESPONSE_STATUS_CODE))
                .isEqualTo(204L);
    }

    private static SpanData recorded(Consumer<TraceSpan> describe) {
        InMemorySpanExporter exported = InMemorySpanExporter.create();
        try (Tracing tracing = Tracing.recording(
                new TracingProperties(true, 1.0, new TracingProperties.Otlp(null, Duration.ofSeconds(1), Map.of())),
                "worker-service",
                List.of(SimpleSpanProcessor.create(exported)))) {
            TraceSpan span = tracing.start("dispatch", SpanKind.CLIENT, SAMPLED);
            describe.accept(span);
            span.end();
            // Read before the close: shutting the exporter down empties it.
            return exported.getFinishedSpanItems().getFirst();
        }
    }
}
