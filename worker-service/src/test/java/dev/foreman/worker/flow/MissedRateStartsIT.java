package dev.foreman.worker.flow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foreman.common.job.ClaimedJob;
import dev.foreman.common.job.DueJob;
import dev.foreman.common.job.Job;
import dev.foreman.common.job.JobRepository;
import dev.foreman.common.job.SqlTime;
import dev.foreman.common.job.ValidatedJob;
import dev.foreman.common.queue.JobHold;
import dev.foreman.common.queue.ParkReason;
import dev.foreman.common.queue.ParkedJobRepository;
import dev.foreman.common.queue.QueueRepository;
import dev.foreman.common.queue.QueueSettings;
import dev.foreman.testkit.infra.TestInfrastructure;
import dev.foreman.testkit.infra.TestTenant;
import dev.foreman.testkit.jobs.Jobs;
import dev.foreman.testkit.jobs.StoredJobs;
import dev.foreman.testkit.time.MutableClock;
import dev.foreman.worker.WorkerProperties;
import dev.foreman.worker.WorkerPropertiesFixtures;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Jobs that come back later than the tolerance after the start their rate bucket reserved for them
 * ({@link MissedStarts}), on the real Postgres and Redis: the gate, the claim and the parking as
 * the worker runs them, and the scheduler's wake-up of parked jobs played by the test at the
 * instants it names on a clock it moves. An admitted job starts at its {@code run_at} if it was
 * claimed ahead of it (the worker holds it until then), else at once.
 */
class MissedRateStartsIT {
    private static final String OWNER = "missed-rate-starts-it";
    private static final String QUEUE = "rated";
    private static final Duration TOLERANCE = Duration.ofMillis(500);
    // The scheduler's defaults: it looks every promote interval for slots within the lookahead.
    private static final Duration PROMOTE_INTERVAL = Duration.ofMillis(100);
    private static final Duration PROMOTE_LOOKAHEAD = Duration.ofMillis(500);

    private static final String PARKED_DUE_BY = """
            SELECT COUNT(*)
            FROM jobs
            WHERE tenant_id = :tenantId
              AND state = 'queued'
              AND parked_until <= :dueBy
            """;

    private static final String FIRST_PARKED_UNTIL = """
            SELECT MIN(parked_until) AS parked_until
            FROM jobs
            WHERE tenant_id = :tenantId
              AND state = 'queued'
              AND parked_until IS NOT NULL
            """;

    private final TestInfrastructure infra = TestInfrastructure.shared();
    private final MutableClock clock =
            MutableClock.at(Clock.systemUTC().instant().truncatedTo(ChronoUnit.MILLIS));
    private final JdbcClient jdbc = JdbcClient.create(infra.dataSource());
    private final JobRepository jobs = new JobRepository(jdbc);
    private final ParkedJobRepository parked = new ParkedJobRepository(jdbc);
    private final QueueRepository queues = new QueueRepository(jdbc);
    private final StoredJobs stored = new StoredJobs(jdbc, clock);
    private final WorkerProperties worker = WorkerPropertiesFixtures.smallWorker("missed-rate-starts-it");
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final LettuceConnectionFactory redis = redis(infra.redisUrl());
    private final AdmissionGate gate = gate();
    private final TestTenant tenant = infra.createTenant("missed-rate-starts");
    private final Map<UUID, Instant> starts = new LinkedHashMap<>();

    @AfterEach
    void closeRedis() {
        redis.destroy();
    }

    @Test
    void jobsThatMissedTheirReservedStartsWhileNoWorkerClaimedDoNotStartInABurstWhenTheyComeBack() {
        int perSecond = 10;
        int burst = 10;
        limitQueue(perSecond, burst);
        List<Job> queued = queued(60);

        claimAndAdmit(ids(queued));
        assertThat(starts).as("the burst starts at once, the rest wait parked").hasSize(burst);

        // No worker claims anything for 20 s (stopped, or too cold to): every reserved start goes by.
        clock.advance(Duration.ofSeconds(20));
        Instant back = clock.instant();
        for (int round = 0; round < 200 && starts.size() < queued.size(); round++) {
            wakeDueAndClaim(clock.instant().plus(PROMOTE_LOOKAHEAD));
            clock.advance(PROMOTE_INTERVAL);
        }

        assertThat(starts.keySet()).containsExactlyInAnyOrderElementsOf(ids(queued));
        assertThat(starts.values().stream().filter(s -> !s.isBefore(back)))
                .as("the 50 jobs that missed their starts start when they come back")
                .hasSize(50);
        assertThat(mostStartsWithinASecond(starts.values()))
                .as("starts in any second, against the bucket's burst plus a second's worth")
                .isLessThanOrEqualTo(burst + perSecond);
        assertThat(askedAgain()).isEqualTo(50);
    }

    @Test
    void aJobThatAskedAgainTakesItsSecondStartEvenWhenEveryWakeUpComesBackLaterThanTheTolerance() {
        limitQueue(2, 1);
        List<Job> queued = queued(10);
        claimAndAdmit(ids(queued));
        assertThat(starts).hasSize(1);

        // Every job comes back a second later than the tolerance after its slot, every time.
        Duration wayBack = TOLERANCE.plusSeconds(1);
        for (int round = 0; round < 100 && starts.size() < queued.size(); round++) {
            Instant slot = firstParkedUntil();
            clock.set(slot.plus(wayBack));
            wakeDueAndClaim(slot);
        }

        assertThat(starts.keySet())
                .as("every job started: none was parked for good")
                .containsExactlyInAnyOrderElementsOf(ids(queued));
        assertThat(askedAgain()).as("each parked job asked again once").isEqualTo(9);
        assertThat(queued)
                .allSatisfy(job -> assertThat(queues.findHolds(tenant.id(), job.id()))
                        .filteredOn(h -> h.reason().equals(ParkReason.RATE.wireName()))
                        .extracting(JobHold::times)
                        .allSatisfy(times ->
                                assertThat(times).as("parked for a start").isLessThanOrEqualTo(2)));
    }

    private void limitQueue(int perSecond, int burst) {
        queues.saveSettings(
                new QueueSettings(tenant.id(), QUEUE, false, null, (double) perSecond, burst), clock.instant());
    }

    private List<Job> queued(int count) {
        List<ValidatedJob> newJobs = IntStream.range(0, count)
                .mapToObj(i -> Jobs.aJob(clock).inQueue(QUEUE).build())
                .toList();
        return stored.queued(tenant, newJobs);
    }

    /**
     * A round of the scheduler's waker and of the worker at the clock's now: wakes the tenant's
     * jobs parked until {@code dueBy} at the latest, claims them and lets the gate admit them.
     */
    private void wakeDueAndClaim(Instant dueBy) {
        Instant now = clock.instant();
        int due = jdbc.sql(PARKED_DUE_BY)
                .param("tenantId", tenant.id())
                .param("dueBy", SqlTime.param(dueBy))
                .query(Integer.class)
                .single();
        if (due == 0) {
            return;
        }
        // The longest-parked first: those parked until dueBy at the latest.
        List<DueJob> woken = parked.wakeInQueue(tenant.id(), QUEUE, ParkReason.RATE, now, due);
        claimAndAdmit(woken.stream().map(DueJob::id).toList());
    }

    private void claimAndAdmit(List<UUID> ids) {
        Instant now = clock.instant();
        List<ClaimedJob> claimed = jobs.claimQueued(ids, OWNER, now, worker.leaseMargin());
        for (ClaimedJob admitted : gate.admit(claimed, OWNER)) {
            Instant runAt = admitted.job().runAt();
            Instant start = runAt.isAfter(now) ? runAt : now;
            assertThat(starts.put(admitted.job().id(), start))
                    .as("job %s started twice", admitted.job().id())
                    .isNull();
        }
    }

    private Instant firstParkedUntil() {
        return jdbc.sql(FIRST_PARKED_UNTIL)
                .param("tenantId", tenant.id())
                .query((rs, n) -> SqlTime.read(rs, "parked_until"))
                .single();
    }

    private double askedAgain() {
        return meters.get("foreman.queue.rate.asked.again").counter().count();
    }

    private static int mostStartsWithinASecond(Collection<Instant> starts) {
        List<Instant> sorted = starts.stream().sorted().toList();
        int most = 0;
        int first = 0;
        for (int last = 0; last < sorted.size(); last++) {
            while (!sorted.get(last).isBefore(sorted.get(first).plusSeconds(1))) {
                first++;
            }
            most = Math.max(most, last - first + 1);
        }
        return most;
    }

    private static List<UUID> ids(List<Job> jobs) {
        return jobs.stream().map(Job::id).toList();
    }

    private AdmissionGate gate() {
        FlowProperties flow = new FlowProperties(
                0.5, Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofMillis(250), TOLERANCE);
        StringRedisTemplate template = new StringRedisTemplate(redis);
        return new AdmissionGate(
                new FlowRedis(template), new QueueLimits(queues, flow), parked, clock, flow, worker, meters);
    }

    private static LettuceConnectionFactory redis(String url) {
        URI uri = URI.create(url);
        LettuceConnectionFactory factory =
                new LettuceConnectionFactory(new RedisStandaloneConfiguration(uri.getHost(), uri.getPort()));
        factory.afterPropertiesSet();
        factory.start();
        return factory;
    }
}
