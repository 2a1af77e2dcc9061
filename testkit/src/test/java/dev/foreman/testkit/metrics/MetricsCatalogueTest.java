package dev.foreman.testkit.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class MetricsCatalogueTest {
    private static final String CATALOGUE = """
            # Metrics

            | metric | type | labels | appears | meaning |
            |---|---|---|---|---|
            | `ignored_outside_a_section` | gauge | — | start | Not under a service heading. |

            ## api-service

            | metric | type | labels | appears | meaning |
            |---|---|---|---|---|
            | `foreman_jobs_submitted_total` | counter | `result` | first use | Jobs accepted. |
            | `foreman_outbox_relay_lag_seconds` | histogram | `path` | first use | Outbox to Kafka. |

            ## scheduler-service

            | metric | type | labels | appears | meaning |
            |---|---|---|---|---|
            | `foreman_queue_jobs` | gauge | `queue`, `state` | leader | Depth. |
            | `foreman_submit_group_jobs` | summary | — | start | Jobs per commit. |

            ## Platform metrics

            | metric | type | labels | services | meaning |
            |---|---|---|---|---|
            | `up` | gauge | `job`, `instance` | prometheus | Scraped. |
            | `jvm_memory_used_bytes` | gauge | `area` | api, worker, scheduler | Memory. |
            """;

    @Test
    void readsEachServicesTableAndThePlatformTable() {
        MetricsCatalogue catalogue = MetricsCatalogue.parse(CATALOGUE);

        assertThat(catalogue.entries()).hasSize(6);
        assertThat(catalogue.of("api"))
                .extracting(CatalogueEntry::name)
                .containsExactly(
                        "foreman_jobs_submitted_total", "foreman_outbox_relay_lag_seconds", "jvm_memory_used_bytes");
        assertThat(catalogue.of("scheduler").getFirst())
                .isEqualTo(new CatalogueEntry(
                        "foreman_queue_jobs", "gauge", Set.of("queue", "state"), Set.of("scheduler"), "leader"));
        assertThat(catalogue.familyOf("up").orElseThrow().services()).containsExactly("prometheus");
    }

    @Test
    void findsTheFamilyOfEverySeriesATimerOrHistogramHas() {
        MetricsCatalogue catalogue = MetricsCatalogue.parse(CATALOGUE);

        assertThat(catalogue.familyOf("foreman_outbox_relay_lag_seconds_bucket"))
                .isPresent();
        assertThat(catalogue.familyOf("foreman_outbox_relay_lag_seconds_max")).isPresent();
        assertThat(catalogue.familyOf("foreman_submit_group_jobs_count")).isPresent();
        assertThat(catalogue.familyOf("foreman_submit_group_jobs_bucket"))
                .as("a summary has no buckets")
                .isEmpty();
        assertThat(catalogue.familyOf("foreman_jobs_submitted"))
                .as("a counter is named with _total")
                .isEmpty();
    }

    @Test
    void refusesARowItCannotRead() {
        assertThatThrownBy(() -> MetricsCatalogue.parse("## api-service\n| `x_total` | countr | — | start | x |\n"))
                .hasMessageContaining("Unknown type 'countr'");
        assertThatThrownBy(
                        () -> MetricsCatalogue.parse("## api-service\n| `x_total` | counter | — | sometimes | x |\n"))
                .hasMessageContaining("appears column");
    }
}
