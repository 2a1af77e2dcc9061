package dev.foreman.chaos.verdict;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foreman.chaos.target.Delivery;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CronTicksTest {
    private static final Instant CREATED = Instant.parse("2026-12-02T17:00:00.300Z");
    private static final Instant PAUSED = Instant.parse("2026-12-02T17:00:05.500Z");
    private final UUID schedule = UUID.randomUUID();
    private final List<JobLedger.Fire> fires = new ArrayList<>();
    private final List<JobLedger.ScheduledJob> jobs = new ArrayList<>();
    private final Map<UUID, List<Delivery>> deliveries = new HashMap<>();

    @Test
    void everySecondFiredOnceWithASucceededDeliveredJobPasses() {
        for (int second = 1; second <= 5; second++) {
            fire(second, "succeeded");
        }

        assertThat(check()).isEmpty();
    }

    @Test
    void aMissingTickIsAViolation() {
        fire(1, "succeeded");
        fire(2, "succeeded");
        fire(4, "succeeded");
        fire(5, "succeeded");

        assertThat(check()).singleElement().asString().contains("2000 ms apart");
    }

    @Test
    void aJobWithoutAFireMeansATickFiredTwice() {
        for (int second = 1; second <= 5; second++) {
            fire(second, "succeeded");
        }
        jobs.add(new JobLedger.ScheduledJob(UUID.randomUUID(), schedule, "succeeded"));

        assertThat(check()).singleElement().asString().contains("a tick fired twice");
    }

    @Test
    void aTickWhoseJobDidNotSucceedIsAViolation() {
        for (int second = 1; second <= 5; second++) {
            fire(second, second == 3 ? "dead" : "succeeded");
        }

        assertThat(check()).singleElement().asString().endsWith("is dead");
    }

    private void fire(int second, String state) {
        UUID job = UUID.randomUUID();
        fires.add(new JobLedger.Fire(
                schedule, Instant.parse("2026-12-02T17:00:00Z").plusSeconds(second), "fired", job, state));
        jobs.add(new JobLedger.ScheduledJob(job, schedule, state));
        deliveries.put(job, List.of(new Delivery("cron-1", job, 1, 0, 1)));
    }

    private List<String> check() {
        return CronTicks.violations(List.of(schedule), fires, jobs, deliveries, CREATED, PAUSED, new long[1]);
    }
}
