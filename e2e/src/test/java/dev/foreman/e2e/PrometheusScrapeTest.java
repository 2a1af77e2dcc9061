package dev.foreman.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class PrometheusScrapeTest {
    private static final String SCRAPE = """
            # HELP foreman_jobs_submitted_total Jobs accepted by the API
            # TYPE foreman_jobs_submitted_total counter
            foreman_jobs_submitted_total{result="created",service="foreman-api"} 3.0
            foreman_jobs_submitted_total{result="replayed",service="foreman-api"} 0.0
            # HELP foreman_outbox_relay_lag_seconds Outbox to Kafka
            # TYPE foreman_outbox_relay_lag_seconds histogram
            foreman_outbox_relay_lag_seconds_bucket{path="commit",service="foreman-api",le="0.001"} 1
            foreman_outbox_relay_lag_seconds_bucket{path="commit",service="foreman-api",le="+Inf"} 2
            foreman_outbox_relay_lag_seconds_count{path="commit",service="foreman-api"} 2
            foreman_outbox_relay_lag_seconds_sum{path="commit",service="foreman-api"} 0.004
            # HELP foreman_outbox_relay_lag_seconds_max Outbox to Kafka
            # TYPE foreman_outbox_relay_lag_seconds_max gauge
            foreman_outbox_relay_lag_seconds_max{path="commit",service="foreman-api"} 0.003
            # TYPE foreman_queue_jobs gauge
            foreman_queue_jobs{queue="a \\"quoted\\" name",state="queued",service="foreman-scheduler"} 4
            """;

    @Test
    void readsFamiliesWithTheirTypeAndLabelsAsTheCatalogueNamesThem() {
        PrometheusScrape scrape = PrometheusScrape.parse(SCRAPE, Set.of("service"));

        assertThat(scrape.families().values())
                .containsExactly(
                        new PrometheusScrape.Family("foreman_jobs_submitted_total", "counter", Set.of("result")),
                        new PrometheusScrape.Family("foreman_outbox_relay_lag_seconds", "histogram", Set.of("path")),
                        new PrometheusScrape.Family("foreman_queue_jobs", "gauge", Set.of("queue", "state")));
    }

    @Test
    void namesACounterWithItsTotalWhenItsTypeLineDoesNot() {
        PrometheusScrape scrape = PrometheusScrape.parse(
                "# TYPE foreman_x counter\nforeman_x_total{service=\"s\"} 1\n", Set.of("service"));

        assertThat(scrape.families()).containsOnlyKeys("foreman_x_total");
        assertThat(scrape.families().get("foreman_x_total").type()).isEqualTo("counter");
    }
}
