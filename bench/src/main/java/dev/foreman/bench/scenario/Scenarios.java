package dev.foreman.bench.scenario;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/** The scenarios by name, in the order a full run takes them. */
public final class Scenarios {
    /**
     * Every scenario, in run order. Drain comes before the scenarios that need a worker so that,
     * in a full run, its backlog builds up before any worker has started. Backlog comes last: it
     * leaves the most behind (its purged jobs' Kafka records, claimed by nobody, still pass the
     * worker).
     */
    public static final List<String> NAMES =
            List.of("submit", "batch", "drain", "e2e", "delayed", "events", "ratelimit", "backlog");

    private Scenarios() {}

    /** The named scenarios (a subset of {@link #NAMES}), in run order whatever order they were asked in. */
    public static List<Scenario> selected(Collection<String> names, ScenarioSettings settings) {
        Map<String, Scenario> all = Map.of(
                "submit", new SubmitScenario(settings),
                "batch", new BatchScenario(settings),
                "drain", new DrainScenario(settings),
                "e2e", new EndToEndScenario(settings),
                "delayed", new DelayedScenario(settings),
                "events", new EventsScenario(settings),
                "ratelimit", new RateLimitScenario(settings),
                "backlog", new BacklogScenario(settings));
        return NAMES.stream().filter(names::contains).map(all::get).toList();
    }
}
