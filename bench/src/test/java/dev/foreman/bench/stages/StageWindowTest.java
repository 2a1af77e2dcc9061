package dev.foreman.bench.stages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foreman.bench.prometheus.PrometheusEndpoint;
import dev.foreman.bench.report.ScenarioResult;
import dev.foreman.bench.resources.ProcessGroup;
import java.io.IOException;
import java.net.URI;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StageWindowTest {
    private static final URI API = URI.create("http://127.0.0.1:41001");
    private static final URI WORKER = URI.create("http://127.0.0.1:41002");

    /** Answers, per service, the next of its expositions; a null one fails the read. */
    private final Map<URI, List<String>> expositions = new HashMap<>();

    private final Map<URI, Integer> reads = new HashMap<>();

    private final PrometheusEndpoint endpoint = actuator -> {
        int read;
        synchronized (reads) {
            read = reads.merge(actuator, 1, Integer::sum) - 1;
        }
        String exposition = expositions.get(actuator).get(read);
        if (exposition == null) {
            throw new IOException("Connection refused");
        }
        return exposition;
    };

    @Test
    void reportsEveryServicesStagesWithANoteOnWhatTheyAre() {
        expositions.put(API, List.of(relayLag(0), relayLag(40)));
        expositions.put(WORKER, List.of(claimLateness(5), claimLateness(45)));
        ScenarioResult result = new ScenarioResult("e2e", "open loop");

        StageWindow window =
                StageWindow.begin(List.of(service("api-service", API), service("worker-service", WORKER)), endpoint);
        window.end(result);

        assertThat(result.stages()).containsOnlyKeys("relay_lag", "claim_lateness");
        assertThat(result.stages().get("relay_lag").count()).isEqualTo(40);
        assertThat(result.stages().get("claim_lateness").count()).isEqualTo(40);
        assertThat(result.notes()).containsExactly(StageWindow.EXPLANATION);
        assertThat(result.error()).isNull();
    }

    @Test
    void leavesOutAServiceThatCouldNotBeReadAndSaysSo() {
        expositions.put(API, List.of(relayLag(0), relayLag(40)));
        expositions.put(WORKER, Arrays.asList(claimLateness(5), null));
        ScenarioResult result = new ScenarioResult("e2e", "open loop");

        StageWindow window =
                StageWindow.begin(List.of(service("api-service", API), service("worker-service", WORKER)), endpoint);
        window.end(result);

        assertThat(result.stages()).containsOnlyKeys("relay_lag");
        assertThat(result.notes())
                .anySatisfy(note -> assertThat(note)
                        .startsWith("stage lines: could not read /actuator/prometheus of worker-service after")
                        .contains("Connection refused"));
        assertThat(result.error()).isNull();
    }

    @Test
    void leavesOutAServiceWhoseHistogramsWentBackwards() {
        expositions.put(API, List.of(relayLag(0), relayLag(40)));
        expositions.put(WORKER, List.of(claimLateness(500), claimLateness(3)));
        ScenarioResult result = new ScenarioResult("e2e", "open loop");

        StageWindow window =
                StageWindow.begin(List.of(service("api-service", API), service("worker-service", WORKER)), endpoint);
        window.end(result);

        assertThat(result.stages()).containsOnlyKeys("relay_lag");
        assertThat(result.notes())
                .anySatisfy(note -> assertThat(note).contains("worker-service's histograms went backwards"));
    }

    @Test
    void asksNothingOfAStackWhoseServicesHaveNoActuator() {
        ScenarioResult result = new ScenarioResult("e2e", "open loop");
        ProcessGroup bench = new ProcessGroup("bench (load generator and target)", () -> List.of(1L), null);

        StageWindow window = StageWindow.begin(List.of(bench), endpoint);
        window.end(result);

        assertThat(reads).isEmpty();
        assertThat(result.stages()).isEmpty();
        assertThat(result.notes()).isEmpty();
    }

    private static ProcessGroup service(String name, URI actuator) {
        return new ProcessGroup(name, () -> List.of(1L), actuator);
    }

    private static String relayLag(int count) {
        return """
                foreman_outbox_relay_lag_seconds_bucket{application="api-service",le="0.005"} %d.0
                foreman_outbox_relay_lag_seconds_bucket{application="api-service",le="+Inf"} %d.0
                """.formatted(count, count);
    }

    private static String claimLateness(int count) {
        return """
                foreman_worker_claim_lateness_seconds_bucket{service="foreman-worker",le="0.01"} %d.0
                foreman_worker_claim_lateness_seconds_bucket{service="foreman-worker",le="+Inf"} %d.0
                """.formatted(count, count);
    }
}
