package dev.foreman.bench.stages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foreman.bench.report.StageSummary;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StageHistogramsTest {
    private static final String API_BEFORE = """
            # HELP foreman_outbox_relay_lag_seconds Time from a job's outbox row being written to its record being acknowledged by Kafka
            # TYPE foreman_outbox_relay_lag_seconds histogram
            foreman_outbox_relay_lag_seconds_bucket{application="api-service",path="commit",le="0.001"} 10.0
            foreman_outbox_relay_lag_seconds_bucket{application="api-service",path="commit",le="0.005"} 12.0
            foreman_outbox_relay_lag_seconds_bucket{application="api-service",path="commit",le="0.05"} 12.0
            foreman_outbox_relay_lag_seconds_bucket{application="api-service",path="commit",le="+Inf"} 12.0
            foreman_outbox_relay_lag_seconds_count{application="api-service",path="commit"} 12.0
            foreman_outbox_relay_lag_seconds_sum{application="api-service",path="commit"} 0.019
            foreman_outbox_relay_lag_seconds_bucket{application="api-service",path="relay",le="0.001"} 0.0
            foreman_outbox_relay_lag_seconds_bucket{application="api-service",path="relay",le="0.005"} 0.0
            foreman_outbox_relay_lag_seconds_bucket{application="api-service",path="relay",le="0.05"} 2.0
            foreman_outbox_relay_lag_seconds_bucket{application="api-service",path="relay",le="+Inf"} 2.0
            # HELP foreman_outbox_relay_lag_seconds_max Time from a job's outbox row being written to its record being acknowledged by Kafka
            # TYPE foreman_outbox_relay_lag_seconds_max gauge
            foreman_outbox_relay_lag_seconds_max{application="api-service",path="commit"} 0.0041
            # HELP http_server_requests_seconds
            # TYPE http_server_requests_seconds histogram
            http_server_requests_seconds_bucket{application="api-service",error="none",exception="none",method="POST",outcome="SUCCESS",status="202",uri="/v1/jobs",le="0.005"} 100.0
            http_server_requests_seconds_bucket{application="api-service",error="none",exception="none",method="POST",outcome="SUCCESS",status="202",uri="/v1/jobs",le="+Inf"} 100.0
            http_server_requests_seconds_bucket{application="api-service",error="none",exception="none",method="POST",outcome="SUCCESS",status="202",uri="/v1/jobs/batch",le="0.005"} 40.0
            http_server_requests_seconds_bucket{application="api-service",error="none",exception="none",method="POST",outcome="SUCCESS",status="202",uri="/v1/jobs/batch",le="+Inf"} 40.0
            http_server_requests_seconds_bucket{application="api-service",error="none",exception="none",method="GET",outcome="SUCCESS",status="200",uri="/v1/jobs",le="0.005"} 9.0
            http_server_requests_seconds_bucket{application="api-service",error="none",exception="none",method="GET",outcome="SUCCESS",status="200",uri="/v1/jobs",le="+Inf"} 9.0
            jvm_memory_used_bytes{application="api-service",area="heap",id="G1 Eden Space"} 1.2E7
            """;
    // Later, and with the labels in another order, as nothing in the format forbids.
    private static final String API_AFTER = """
            # TYPE foreman_outbox_relay_lag_seconds histogram
            foreman_outbox_relay_lag_seconds_bucket{le="0.001",path="commit",application="api-service"} 10.0
            foreman_outbox_relay_lag_seconds_bucket{le="0.005",path="commit",application="api-service"} 20.0
            foreman_outbox_relay_lag_seconds_bucket{le="0.05",path="commit",application="api-service"} 21.0
            foreman_outbox_relay_lag_seconds_bucket{le="+Inf",path="commit",application="api-service"} 22.0
            foreman_outbox_relay_lag_seconds_bucket{le="0.001",path="relay",application="api-service"} 0.0
            foreman_outbox_relay_lag_seconds_bucket{le="0.005",path="relay",application="api-service"} 0.0
            foreman_outbox_relay_lag_seconds_bucket{le="0.05",path="relay",application="api-service"} 2.0
            foreman_outbox_relay_lag_seconds_bucket{le="+Inf",path="relay",application="api-service"} 2.0
            http_server_requests_seconds_bucket{application="api-service",error="none",exception="none",method="POST",outcome="SUCCESS",status="202",uri="/v1/jobs",le="0.005"} 1090.0
            http_server_requests_seconds_bucket{application="api-service",error="none",exception="none",method="POST",outcome="SUCCESS",status="202",uri="/v1/jobs",le="+Inf"} 1100.0
            http_server_requests_seconds_bucket{application="api-service",error="none",exception="none",method="POST",outcome="SUCCESS",status="202",uri="/v1/jobs/batch",le="0.005"} 90.0
            http_server_requests_seconds_bucket{application="api-service",error="none",exception="none",method="POST",outcome="SUCCESS",status="202",uri="/v1/jobs/batch",le="+Inf"} 90.0
            """;

    @Test
    void groupsBucketsByEveryLabelButLe() {
        StageHistograms histograms = StageHistograms.parse(API_BEFORE);

        assertThat(histograms.series().keySet())
                .filteredOn(series -> series.metric() == StageMetric.RELAY_LAG)
                .extracting(series -> series.labels().get("path"))
                .containsExactly("commit", "relay");
        assertThat(histograms.series().keySet())
                .allSatisfy(series -> assertThat(series.labels()).doesNotContainKey("le"));
    }

    @Test
    void keepsOnlyPostsToV1JobsOfTheServerRequestHistogram() {
        StageHistograms histograms = StageHistograms.parse(API_BEFORE);

        assertThat(histograms.series().keySet())
                .filteredOn(series -> series.metric() == StageMetric.POST_JOBS)
                .singleElement()
                .satisfies(series -> assertThat(series.labels())
                        .containsEntry("uri", "/v1/jobs")
                        .containsEntry("method", "POST"));
    }

    @Test
    void summarisesWhatEachSeriesRecordedBetweenTwoScrapesInMilliseconds() {
        Map<String, StageSummary> stages = StageHistograms.parse(API_AFTER)
                .minus(StageHistograms.parse(API_BEFORE))
                .summaries();

        // Pipeline order (the request, then the relay); the relay path recorded nothing and has no line.
        assertThat(stages.keySet()).containsExactly("post_jobs", "relay_lag{path=commit}");
        StageSummary commit = stages.get("relay_lag{path=commit}");
        assertThat(commit.metric()).isEqualTo("foreman_outbox_relay_lag_seconds");
        assertThat(commit.labels()).isEqualTo(Map.of("application", "api-service", "path", "commit"));
        assertThat(commit.count()).isEqualTo(10);
        assertThat(commit.p50()).isEqualTo(5.0);
        assertThat(commit.p90()).isEqualTo(50.0);
        assertThat(commit.p99()).isEqualTo(Double.POSITIVE_INFINITY);
        StageSummary post = stages.get("post_jobs");
        assertThat(post.count()).isEqualTo(1000);
        assertThat(post.p99()).isEqualTo(5.0);
    }

    @Test
    void namesAStageWithoutLabelsWhenItHasOneSeries() {
        String before = """
                foreman_outbox_relay_lag_seconds_bucket{application="api-service",le="0.002097151"} 0.0
                foreman_outbox_relay_lag_seconds_bucket{application="api-service",le="+Inf"} 0.0
                """;
        String after = """
                foreman_outbox_relay_lag_seconds_bucket{application="api-service",le="0.002097151"} 3.0
                foreman_outbox_relay_lag_seconds_bucket{application="api-service",le="+Inf"} 3.0
                """;

        Map<String, StageSummary> stages = StageHistograms.parse(after)
                .minus(StageHistograms.parse(before))
                .summaries();

        assertThat(stages).containsOnlyKeys("relay_lag");
        assertThat(stages.get("relay_lag").p50()).isEqualTo(2.097);
    }

    @Test
    void countsASeriesRegisteredBetweenTheScrapesFromZero() {
        String after = """
                foreman_worker_claim_lateness_seconds_bucket{service="foreman-worker",le="0.016777216"} 4.0
                foreman_worker_claim_lateness_seconds_bucket{service="foreman-worker",le="+Inf"} 4.0
                """;

        Map<String, StageSummary> stages =
                StageHistograms.parse(after).minus(StageHistograms.empty()).summaries();

        assertThat(stages.get("claim_lateness").count()).isEqualTo(4);
        assertThat(stages.get("claim_lateness").p99()).isEqualTo(16.777);
    }

    @Test
    void sumsTheSameSeriesExposedByTwoServices() {
        String one = """
                foreman_outbox_relay_step_seconds_bucket{step="publish",le="0.01"} 2.0
                foreman_outbox_relay_step_seconds_bucket{step="publish",le="+Inf"} 2.0
                """;
        String other = """
                foreman_outbox_relay_step_seconds_bucket{le="0.01",step="publish"} 0.0
                foreman_outbox_relay_step_seconds_bucket{le="+Inf",step="publish"} 3.0
                """;

        StageHistograms sum = StageHistograms.parse(one).plus(StageHistograms.parse(other));

        assertThat(sum.summaries()).containsOnlyKeys("relay_step");
        assertThat(sum.summaries().get("relay_step").count()).isEqualTo(5);
    }

    @Test
    void findsNoSeriesForATimerThatPublishesNoBuckets() {
        String exposition = """
                # TYPE foreman_worker_dispatch_duration_seconds summary
                foreman_worker_dispatch_duration_seconds_count{result="2xx",service="foreman-worker"} 52.0
                foreman_worker_dispatch_duration_seconds_sum{result="2xx",service="foreman-worker"} 0.31
                foreman_worker_dispatch_duration_seconds_max{result="2xx",service="foreman-worker"} 0.02
                """;

        assertThat(StageHistograms.parse(exposition).series()).isEmpty();
    }
}
