package dev.foreman.bench.peer;

import com.zaxxer.hikari.HikariDataSource;
import dev.foreman.bench.report.Progress;
import dev.foreman.bench.report.ScenarioResult;
import dev.foreman.bench.scenario.DeliveryWait;
import dev.foreman.bench.target.Arrivals;
import dev.foreman.bench.target.NoopTarget;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.UUID;
import java.util.stream.IntStream;
import org.jobrunr.jobs.mappers.JobMapper;
import org.jobrunr.jobs.states.StateName;
import org.jobrunr.scheduling.JobRequestScheduler;
import org.jobrunr.server.BackgroundJobServer;
import org.jobrunr.server.BackgroundJobServerConfiguration;
import org.jobrunr.server.JobActivator;
import org.jobrunr.storage.StorageProvider;
import org.jobrunr.storage.sql.common.SqlStorageProviderFactory;
import org.jobrunr.utils.mapper.JsonMapper;
import org.jobrunr.utils.mapper.jackson3.Jackson3JsonMapper;

/**
 * One JobRunr run on a fresh database: a {@code BackgroundJobServer} with the trial's settings is
 * started and ready first (as Foreman's worker is before its e2e run), then {@code jobs} no-op jobs
 * are enqueued in one stream ({@code JobRequestScheduler.enqueue(Stream)}, which JobRunr saves in
 * batches), and the bench waits for them at the target. The figures carry the names of Foreman's
 * e2e figures, measured the same way, so the two compare key by key.
 */
final class JobRunrTrial {
    static final String METHOD = "JobRunr's free edition in the bench JVM on a fresh database of its own Postgres:"
            + " a BackgroundJobServer started and ready, then every job enqueued through"
            + " JobRequestScheduler.enqueue(Stream); each job POSTs Foreman's bench payload to the same no-op"
            + " target. delivered_jobs_per_second = distinct jobs delivered / (last delivery - first delivery);"
            + " first_submit_to_last_delivery_jobs_per_second counts from the start of the enqueue.";
    private static final Duration READY_WITHIN = Duration.ofSeconds(60);
    private static final Duration FIRST_DELIVERY_WITHIN = Duration.ofSeconds(60);
    private static final Duration STALL_LIMIT = Duration.ofSeconds(60);
    private static final Duration CONFIRM_WITHIN = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofMillis(100);

    private final PeerPostgres postgres;
    private final NoopTarget target;
    private final HttpClient http;

    JobRunrTrial(PeerPostgres postgres, NoopTarget target, HttpClient http) {
        this.postgres = postgres;
        this.target = target;
        this.http = http;
    }

    /** @param name the trial's database and target run, unique within the bench run */
    ScenarioResult run(String name, int jobs, JobRunrSettings settings) throws InterruptedException {
        ScenarioResult result = new ScenarioResult("jobrunr " + settings.describe(), METHOD);
        Arrivals arrivals = target.arrivals(name);
        String url = target.url(name).toString();
        try (HikariDataSource dataSource = postgres.freshDatabase(name, settings.poolSize())) {
            JsonMapper json = new Jackson3JsonMapper();
            // Creates JobRunr's tables in the fresh database (JobRunr's own migrations).
            StorageProvider storage = SqlStorageProviderFactory.using(dataSource);
            storage.setJobMapper(new JobMapper(json));
            NoopPostHandler handler = new NoopPostHandler(http);
            BackgroundJobServer server =
                    new BackgroundJobServer(storage, json, activatorOf(handler), configuration(settings));
            try {
                server.start();
                awaitReady(server);
                result.figure("jobs", jobs);
                Progress.say("peer jobrunr (%s): enqueueing %,d jobs", settings.describe(), jobs);
                long startNanos = System.nanoTime();
                new JobRequestScheduler(storage)
                        .enqueue(IntStream.range(0, jobs).mapToObj(i -> new NoopPost(UUID.randomUUID(), url)));
                long enqueuedNanos = System.nanoTime();
                result.figure("enqueue_jobs_per_second", jobs / seconds(enqueuedNanos - startNanos));
                long delivered = DeliveryWait.await("peer jobrunr", arrivals, jobs, FIRST_DELIVERY_WITHIN, STALL_LIMIT);
                result.figure("jobs_delivered", delivered);
                if (delivered > 1) {
                    result.figure(
                                    "delivered_jobs_per_second",
                                    delivered / seconds(arrivals.lastNanos() - arrivals.firstNanos()))
                            .figure(
                                    "first_submit_to_last_delivery_jobs_per_second",
                                    delivered / seconds(arrivals.lastNanos() - startNanos))
                            .figure("duplicate_deliveries", arrivals.duplicates());
                }
                if (delivered < jobs) {
                    return result.failed("only " + delivered + " of " + jobs + " jobs reached the target");
                }
                long lastDelivery = arrivals.lastNanos();
                if (awaitAllSucceeded(storage, jobs)) {
                    result.figure("all_succeeded_after_last_delivery_ms", (System.nanoTime() - lastDelivery) / 1e6);
                } else {
                    result.note("JobRunr still had jobs not SUCCEEDED " + CONFIRM_WITHIN + " after the last delivery");
                }
                return result.note("settings: " + settings.describe() + "; virtual-thread workers (JobRunr's default on"
                        + " JDK 21+); Postgres " + postgres.commitMode());
            } finally {
                server.stop();
                storage.close();
                target.forget(name);
            }
        }
    }

    private static BackgroundJobServerConfiguration configuration(JobRunrSettings settings) {
        return BackgroundJobServerConfiguration.usingStandardBackgroundJobServerConfiguration()
                .andName("foreman-bench-peer")
                .andWorkerCount(settings.workers())
                .andPollInterval(settings.pollInterval());
    }

    private static JobActivator activatorOf(NoopPostHandler handler) {
        return new JobActivator() {
            @Override
            public <T> T activateJob(Class<T> type) {
                return type.isInstance(handler) ? type.cast(handler) : null;
            }
        };
    }

    private static void awaitReady(BackgroundJobServer server) throws InterruptedException {
        long deadline = System.nanoTime() + READY_WITHIN.toNanos();
        while (server.isNotReadyToProcessJobs()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("JobRunr's BackgroundJobServer was not ready within " + READY_WITHIN);
            }
            Thread.sleep(POLL);
        }
    }

    /** Whether JobRunr recorded every job as SUCCEEDED within {@link #CONFIRM_WITHIN}. */
    private static boolean awaitAllSucceeded(StorageProvider storage, long jobs) throws InterruptedException {
        long deadline = System.nanoTime() + CONFIRM_WITHIN.toNanos();
        while (System.nanoTime() < deadline) {
            if (storage.countJobs(StateName.SUCCEEDED) >= jobs) {
                return true;
            }
            Thread.sleep(POLL);
        }
        return false;
    }

    private static double seconds(long nanos) {
        return Math.max(1, nanos) / 1e9;
    }
}
