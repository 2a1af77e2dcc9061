package dev.foreman.bench.peer;

import dev.foreman.bench.prometheus.PrometheusEndpoint;
import dev.foreman.bench.report.Progress;
import dev.foreman.bench.report.ScenarioResult;
import dev.foreman.bench.resources.HeapProbe;
import dev.foreman.bench.resources.ProcessGroup;
import dev.foreman.bench.resources.ResourceSampler;
import dev.foreman.bench.resources.WindowUsage;
import dev.foreman.bench.target.NoopTarget;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jobrunr.server.BackgroundJobServer;

/**
 * JobRunr as the bench's peer: starts its Postgres, runs one {@link JobRunrTrial} per setting, each
 * on a fresh database, and answers every trial's result and the best one (most delivered jobs per
 * second among those that delivered every job).
 */
public final class JobRunrPeer {
    private static final String UNKNOWN_VERSION = "unknown";
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final String DELIVERED = "delivered_jobs_per_second";
    private static final Comparator<ScenarioResult> BY_DELIVERED =
            Comparator.comparingDouble(result -> result.figures().get(DELIVERED));

    private final NoopTarget target;
    private final Clock clock;
    private final List<JobRunrSettings> trials;

    /** @param trials the settings to try, each on a fresh database; at least one */
    public JobRunrPeer(NoopTarget target, Clock clock, List<JobRunrSettings> trials) {
        if (trials.isEmpty()) {
            throw new IllegalArgumentException("no settings to try");
        }
        this.target = target;
        this.clock = clock;
        this.trials = List.copyOf(trials);
    }

    /**
     * What the peer's runs gave.
     *
     * @param trials every trial's result, in the order they ran
     * @param best the best trial that delivered every job, or null when none did
     * @param bestSettings its settings, or null
     */
    public record Outcome(List<ScenarioResult> trials, ScenarioResult best, JobRunrSettings bestSettings) {}

    /** JobRunr's version, from its jar's manifest. */
    public static String version() {
        String version = BackgroundJobServer.class.getPackage().getImplementationVersion();
        return version == null ? UNKNOWN_VERSION : version;
    }

    /**
     * @param jobs jobs of every trial, the same count as Foreman's e2e run
     * @param synchronousCommit the bench's commit mode, for the peer's Postgres too
     */
    public Outcome run(int jobs, boolean synchronousCommit) throws Exception {
        Progress.say("peer jobrunr %s: starting its own embedded Postgres", version());
        List<ScenarioResult> results = new ArrayList<>();
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT)
                .build();
        try (PeerPostgres postgres = PeerPostgres.start(synchronousCommit);
                ResourceSampler sampler = new ResourceSampler(
                        () -> processes(postgres), new HeapProbe(PrometheusEndpoint.over(http)), clock)) {
            Progress.say("peer jobrunr: Postgres runs with %s", postgres.commitMode());
            JobRunrTrial trial = new JobRunrTrial(postgres, target, http);
            for (int i = 0; i < trials.size(); i++) {
                JobRunrSettings settings = trials.get(i);
                sampler.beginWindow();
                ScenarioResult result;
                WindowUsage usage;
                try {
                    result = trial.run("jobrunr_trial_" + (i + 1), jobs, settings);
                } catch (RuntimeException e) {
                    Progress.say("peer jobrunr (%s) failed: %s", settings.describe(), e);
                    result = new ScenarioResult("jobrunr " + settings.describe(), JobRunrTrial.METHOD)
                            .failed(String.valueOf(e));
                } finally {
                    usage = sampler.endWindow();
                }
                results.add(result.resources(usage));
            }
        }
        return best(results);
    }

    private Outcome best(List<ScenarioResult> results) {
        ScenarioResult best = null;
        JobRunrSettings bestSettings = null;
        for (int i = 0; i < results.size(); i++) {
            ScenarioResult result = results.get(i);
            if (result.error() != null || !result.figures().containsKey(DELIVERED)) {
                continue;
            }
            if (best == null || BY_DELIVERED.compare(result, best) > 0) {
                best = result;
                bestSettings = trials.get(i);
            }
        }
        return new Outcome(List.copyOf(results), best, bestSettings);
    }

    /**
     * Neither counts towards a stack total: the JobRunr server runs in the bench's JVM, beside the
     * load and the target, so a total of its Postgres alone would understate the peer's cost.
     */
    private static List<ProcessGroup> processes(PeerPostgres postgres) {
        return List.of(
                new ProcessGroup("postgres", postgres::pids, null, false),
                ProcessGroup.benchJvm("bench (JobRunr server, enqueue, target)"));
    }
}
