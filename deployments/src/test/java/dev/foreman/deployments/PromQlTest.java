package dev.foreman.deployments;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromQlTest {

    @Test
    void findsTheMetricsOfAnExpressionAndNotItsFunctionsLabelsOrKeywords() {
        assertThat(
                        PromQl.metricNames(
                                "histogram_quantile(0.99, sum by (le, path) (rate(foreman_outbox_relay_lag_seconds_bucket{path=~\"a|b\"}[$__rate_interval])))"))
                .containsExactly("foreman_outbox_relay_lag_seconds_bucket");
        assertThat(PromQl.metricNames(
                        "sum(rate(a_total[5m])) / sum(rate(b_total[5m] offset 1h)) > 0.5 and on() c == bool 1"))
                .containsExactly("a_total", "b_total", "c");
        assertThat(PromQl.metricNames("(sum(foreman_scheduler_leader) or vector(0)) < 1"))
                .containsExactly("foreman_scheduler_leader");
        assertThat(PromQl.metricNames("sum(up{job=~\"foreman-.*\"}) by (job) == 0"))
                .containsExactly("up");
    }

    @Test
    void readsTheMetricOfAGrafanaLabelValuesQuery() {
        assertThat(PromQl.metricNames("label_values(foreman_queue_jobs, queue)"))
                .containsExactly("foreman_queue_jobs");
    }
}
