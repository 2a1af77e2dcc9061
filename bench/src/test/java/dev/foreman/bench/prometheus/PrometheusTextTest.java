package dev.foreman.bench.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {

    @Test
    void readsNameLabelsAndValueAndSkipsHelpAndTypeLines() {
        String exposition = """
                # HELP foreman_outbox_relay_lag_seconds Time from a job's outbox row being written to its record
                # TYPE foreman_outbox_relay_lag_seconds histogram
                foreman_outbox_relay_lag_seconds_bucket{application="api-service",path="commit",le="0.005"} 12.0
                """;

        List<PrometheusText.Sample> samples = PrometheusText.samples(exposition, name -> true);

        assertThat(samples).singleElement().satisfies(sample -> {
            assertThat(sample.name()).isEqualTo("foreman_outbox_relay_lag_seconds_bucket");
            assertThat(sample.labels())
                    .isEqualTo(Map.of("application", "api-service", "path", "commit", "le", "0.005"));
            assertThat(sample.value()).isEqualTo(12.0);
        });
    }

    @Test
    void keepsOnlyTheMetricsAsked() {
        String exposition = """
                jvm_memory_used_bytes{area="heap",id="G1 Eden Space"} 1.2E7
                foreman_worker_claim_lateness_seconds_bucket{service="foreman-worker",le="0.001"} 3.0
                foreman_worker_claim_lateness_seconds_count{service="foreman-worker"} 3.0
                """;

        assertThat(PrometheusText.samples(exposition, "foreman_worker_claim_lateness_seconds_bucket"::equals))
                .extracting(PrometheusText.Sample::name)
                .containsExactly("foreman_worker_claim_lateness_seconds_bucket");
    }

    @Test
    void seesTheSameLabelsWhateverOrderTheExpositionWritesThemIn() {
        String exposition = """
                a_bucket{le="0.1",path="relay",application="api-service"} 1
                a_bucket{application="api-service",le="0.1",path="relay"} 1
                """;

        List<PrometheusText.Sample> samples = PrometheusText.samples(exposition, name -> true);

        assertThat(samples.get(0).labels()).isEqualTo(samples.get(1).labels());
        assertThat(samples.get(0).labels().keySet()).containsExactly("application", "le", "path");
    }

    @Test
    void readsLabelValuesHoldingBracesCommasAndEscapedQuotes() {
        String exposition = """
                http_server_requests_seconds_bucket{method="GET",uri="/v1/jobs/{id}",error="say \\"no\\", twice",le="+Inf"} 7
                """;

        PrometheusText.Sample sample =
                PrometheusText.samples(exposition, name -> true).getFirst();

        assertThat(sample.labels())
                .containsEntry("uri", "/v1/jobs/{id}")
                .containsEntry("error", "say \"no\", twice")
                .containsEntry("le", "+Inf");
        assertThat(sample.value()).isEqualTo(7.0);
    }

    @Test
    void ignoresTimestampsExemplarsAndLinesWithoutLabels() {
        String exposition = """
                process_uptime_seconds 12.5 1700000000000
                a_bucket{le="0.5"} 4.0 # {trace_id="abc"} 0.3 1700000000.000
                """;

        assertThat(PrometheusText.samples(exposition, name -> true))
                .extracting(PrometheusText.Sample::value)
                .containsExactly(12.5, 4.0);
    }

    @Test
    void skipsALineThatDoesNotParseAndKeepsTheRest() {
        String exposition = """
                a_bucket{le="0.5" 4.0
                a_bucket{le="0.5"} many
                a_bucket{le="1.0"} 5.0
                """;

        assertThat(PrometheusText.samples(exposition, name -> true))
                .extracting(PrometheusText.Sample::value)
                .containsExactly(5.0);
    }

    @Test
    void readsInfinityAsPrometheusWritesIt() {
        assertThat(PrometheusText.number("+Inf")).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(PrometheusText.number("-Inf")).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(PrometheusText.number("1.048576E-3")).isEqualTo(0.001048576);
    }
}
