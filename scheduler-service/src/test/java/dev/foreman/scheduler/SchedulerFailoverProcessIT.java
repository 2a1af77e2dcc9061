package dev.foreman.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.foreman.common.job.Job;
import dev.foreman.common.job.JobRepository;
import dev.foreman.common.job.JobState;
import dev.foreman.common.job.SqlTime;
import dev.foreman.common.schedule.FireOutcome;
import dev.foreman.common.schedule.MisfirePolicy;
import dev.foreman.common.schedule.OverlapPolicy;
import dev.foreman.common.schedule.Schedule;
import dev.foreman.testkit.infra.TestInfrastructure;
import dev.foreman.testkit.infra.TestTenant;
import dev.foreman.testkit.jobs.Jobs;
import dev.foreman.testkit.jobs.StoredJobs;
import dev.foreman.testkit.process.ServiceProcess;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Issue #4's failover, black-box: two scheduler processes, and the leader killed with SIGKILL, so
 * no shutdown hook releases its Redis lock and the standby must wait for it to run out. An
 * every-second schedule fires on through the kill: every second once, one job each, and no fire
 * made later than the lock's TTL allows.
 *
 * <p>The processes keep their leader lock in a Redis database of their own: other test classes'
 * schedulers in this JVM lock database 0, and a lock one of them left to run out must not decide
 * who leads here. The Postgres advisory lock cannot be moved aside like that (its name is the
 * lock key, fixed in code), but it decides only while Redis is unreachable, and failsafe runs the
 * test classes one after another, each closing its schedulers when it ends: none of them runs
 * during this test, so only these two processes fire the schedule.
 *
 * <p>With the default settings, a lease that expires just after the leader died is reaped within
 * 10 s of the death (issue #20's recovery target): the lock outlives the leader by at most its TTL,
 * the standby tries every third of it, and then reaps at its next round.
 */
class SchedulerFailoverProcessIT {
    private static final Duration LEADER_TTL = Duration.ofSeconds(3);
    private static final Duration CRON_INTERVAL = Duration.ofMillis(200);
    /**
     * The latest a fire may be made across the kill: the dead leader's lock lives up to one TTL
     * after its last renewal, the standby tries to take it every third of the TTL, and then fires
     * at its next cron round; plus a second for a busy two-core machine.
     */
    private static final Duration MAX_LATENESS =
            LEADER_TTL.plus(LEADER_TTL.dividedBy(3)).plus(CRON_INTERVAL).plusSeconds(1);

    /** Issue #20: an expired lease is reaped within this long of the leader's death. */
    private static final Duration REAP_TARGET = Duration.ofSeconds(10);

    private static final int FIRES_BEFORE_KILL = 3;
    private static final Duration FIRING_AFTER_TAKEOVER = Duration.ofSeconds(5);
    /** Two JVMs starting side by side on a small machine. */
    private static final Duration STARTUP = Duration.ofSeconds(240);

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final int REDIS_DATABASE = 7;

    // No repository reads the time a fire was recorded: the lateness of a fire is a test's question.
    private static final String FIND_FIRES = """
            SELECT fire_at, outcome, job_id, recorded_at
            FROM schedule_fires
            WHERE schedule_id = :scheduleId
            ORDER BY fire_at
            """;

    private static final Logger log = LoggerFactory.getLogger(SchedulerFailoverProcessIT.class);

    private final TestInfrastructure infra = TestInfrastructure.shared();
    private final JdbcClient jdbc = JdbcClient.create(infra.dataSource());
    private final TenantSchedules schedules = new TenantSchedules("scheduler-failover-it");
    private final Clock clock = Clock.systemUTC();
    private final List<ServiceProcess> processes = new ArrayList<>();

    /** One row of {@code schedule_fires}, with when the leader recorded it. */
    private record Fire(Instant at, FireOutcome outcome, UUID jobId, Instant recordedAt) {
        Duration lateness() {
            return Duration.between(at, recordedAt);
        }
    }

    @AfterEach
    void stopEverything() {
        processes.forEach(ServiceProcess::close);
        schedules.deleteAll();
    }

    @Test
    void firesEverySecondOnceAcrossAKilledLeaderNoLaterThanTheLockTtlAllows() {
        ServiceProcess a = start("scheduler-a");
        ServiceProcess b = start("scheduler-b");
        await("both schedulers ready, exactly one leading (" + a + ", " + b + ")")
                .atMost(STARTUP)
                .until(() -> {
                    assertAlive(a);
                    assertAlive(b);
                    return a.isReady() && b.isReady() && leadsByRedis(a) != leadsByRedis(b);
                });
        ServiceProcess leader = leadsByRedis(a) ? a : b;
        ServiceProcess standby = leader == a ? b : a;
        // Created once a leader runs, so that the first fires are a running leader's, not late from the start-up.
        Schedule everySecond =
                schedules.create("* * * * * *", "UTC", MisfirePolicy.FIRE_ONCE, OverlapPolicy.ALLOW, clock.instant());

        await(leader + " fires " + FIRES_BEFORE_KILL + " times")
                .atMost(PATIENCE)
                .until(() -> fires(everySecond).size() >= FIRES_BEFORE_KILL);
        assertThat(leadsByRedis(leader)).as("%s still leads", leader).isTrue();
        Instant killedAt = clock.instant();
        leader.kill();

        await(standby + " takes the leader lock over").atMost(PATIENCE).until(() -> {
            assertAlive(standby);
            return leadsByRedis(standby);
        });
        await(standby + " fires for " + FIRING_AFTER_TAKEOVER + " after taking over")
                .atMost(PATIENCE)
                .until(() -> {
                    assertAlive(standby);
                    List<Fire> sinceKill = fires(everySecond).stream()
                            .filter(fire -> fire.recordedAt().isAfter(killedAt))
                            .toList();
                    return !sinceKill.isEmpty()
                            && !sinceKill
                                    .getLast()
                                    .at()
                                    .isBefore(sinceKill.getFirst().recordedAt().plus(FIRING_AFTER_TAKEOVER));
                });
        // Nothing fires any more: the fires and the jobs read next are one consistent picture.
        standby.kill();

        List<Fire> fires = fires(everySecond);
        logFailover(fires, killedAt);
        assertThat(fires)
                .as("fires the killed leader made")
                .filteredOn(fire -> fire.recordedAt().isBefore(killedAt))
                .hasSizeGreaterThanOrEqualTo(FIRES_BEFORE_KILL);
        assertThat(IntStream.range(1, fires.size())
                        .mapToObj(i -> Duration.between(
                                fires.get(i - 1).at(), fires.get(i).at())))
                .as("every second has a record, one only, across the kill")
                .containsOnly(Duration.ofSeconds(1));
        // The fires the kill delayed are a few seconds late, far within the misfire threshold (1 min by
        // default), so each counts as on time and fires late; fire_once would only decide among fires
        // missed by more than that, so none is skipped: one job for every second.
        assertThat(fires).extracting(Fire::outcome).containsOnly(FireOutcome.FIRED);
        List<Job> jobs = schedules.jobs(everySecond);
        assertThat(jobs)
                .as("one job per fire, none twice")
                .extracting(Job::id)
                .containsExactlyInAnyOrderElementsOf(
                        fires.stream().map(Fire::jobId).toList());
        assertThat(jobs)
                .extracting(Job::runAt)
                .containsExactlyElementsOf(fires.stream().map(Fire::at).toList());
        assertThat(fires.stream().map(Fire::lateness).max(Comparator.naturalOrder()))
                .as("how late the latest fire was made (the kill's gap)")
                .hasValueSatisfying(latest -> assertThat(latest).isLessThanOrEqualTo(MAX_LATENESS));
    }

    @Test
    void reapsALeaseThatExpiredAfterTheLeaderWasKilledWithinTenSecondsOfTheKillWithTheDefaults() {
        ServiceProcess a = startWithDefaults("reaper-a");
        ServiceProcess b = startWithDefaults("reaper-b");
        await("both schedulers ready, exactly one leading (" + a + ", " + b + ")")
                .atMost(STARTUP)
                .until(() -> {
                    assertAlive(a);
                    assertAlive(b);
                    return a.isReady() && b.isReady() && leadsByRedis(a) != leadsByRedis(b);
                });
        ServiceProcess leader = leadsByRedis(a) ? a : b;
        TestTenant tenant = infra.createTenant("scheduler-failover-it");
        // Claimed as if 29 s ago with the usual 30 s lease: it expires a second from now, after the kill.
        Clock claimedAt = Clock.offset(clock, Duration.ofSeconds(-29));
        Job running = new StoredJobs(infra.dataSource(), claimedAt).running(tenant, Jobs.aJob(claimedAt));

        Instant killedAt = clock.instant();
        leader.kill();

        JobRepository jobs = new JobRepository(jdbc);
        Job reaped = await("the standby reaps job " + running.id() + " whose lease expired after the kill")
                .atMost(PATIENCE)
                .until(
                        () -> jobs.findByTenantAndId(tenant.id(), running.id()).orElseThrow(),
                        job -> job.state() != JobState.RUNNING);
        Duration recovery = Duration.between(killedAt, reaped.updatedAt());
        log.info(
                "Leader killed at {}: an expired lease was reaped {} ms after the kill", killedAt, recovery.toMillis());
        assertThat(reaped.state()).isEqualTo(JobState.QUEUED);
        assertThat(recovery).isLessThan(REAP_TARGET);
    }

    private ServiceProcess start(String name) {
        return start(
                name,
                Map.of(
                        "FOREMAN_SCHEDULER_LEADERTTL",
                        LEADER_TTL.toMillis() + "ms",
                        "FOREMAN_SCHEDULER_CRONINTERVAL",
                        CRON_INTERVAL.toMillis() + "ms"));
    }

    private ServiceProcess startWithDefaults(String name) {
        return start(name, Map.of());
    }

    private ServiceProcess start(String name, Map<String, String> settings) {
        Map<String, String> environment = new HashMap<>(settings);
        environment.put("SPRING_DATA_REDIS_URL", infra.redisUrl().replaceAll("/+$", "") + "/" + REDIS_DATABASE);
        ServiceProcess process = ServiceProcess.start("scheduler-service", name, environment);
        processes.add(process);
        return process;
    }

    private static void assertAlive(ServiceProcess process) {
        assertThat(process.isAlive()).as("%s is alive", process).isTrue();
    }

    private List<Fire> fires(Schedule schedule) {
        return jdbc.sql(FIND_FIRES)
                .param("scheduleId", schedule.id())
                .query((rs, n) -> new Fire(
                        SqlTime.read(rs, "fire_at"),
                        FireOutcome.valueOf(rs.getString("outcome").toUpperCase(Locale.ROOT)),
                        rs.getObject("job_id", UUID.class),
                        SqlTime.read(rs, "recorded_at")))
                .list();
    }

    /** The measured failover, for whoever tunes the TTL: how late fires got, and the pause in firing. */
    private static void logFailover(List<Fire> fires, Instant killedAt) {
        List<Instant> recorded =
                fires.stream().map(Fire::recordedAt).distinct().sorted().toList();
        Duration longestPause = IntStream.range(1, recorded.size())
                .mapToObj(i -> Duration.between(recorded.get(i - 1), recorded.get(i)))
                .max(Comparator.naturalOrder())
                .orElse(Duration.ZERO);
        Fire latest = fires.stream().max(Comparator.comparing(Fire::lateness)).orElseThrow();
        log.info(
                "Leader killed at {}: {} fires, the latest {} late (due {}, made {}); longest pause between fire rounds {}",
                killedAt,
                fires.size(),
                latest.lateness(),
                latest.at(),
                latest.recordedAt(),
                longestPause);
    }

    /** The leader gauge while a process leads by the Redis lock. */
    private static final Pattern LEADS_BY_REDIS =
            Pattern.compile("(?m)^foreman_scheduler_leader\\{[^}]*lock=\"redis\"[^}]*} 1(\\.0)?$");

    /** Whether its {@code foreman_scheduler_leader} gauge says it leads by the Redis lock. */
    private static boolean leadsByRedis(ServiceProcess scheduler) {
        return scheduler
                .get("/actuator/prometheus")
                .filter(body -> LEADS_BY_REDIS.matcher(body).find())
                .isPresent();
    }
}
