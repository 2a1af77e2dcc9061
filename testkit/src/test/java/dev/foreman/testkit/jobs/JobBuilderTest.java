package dev.foreman.testkit.jobs;

import static dev.foreman.testkit.jobs.Jobs.aJob;
import static org.assertj.core.api.Assertions.assertThat;

import dev.foreman.common.job.Priority;
import dev.foreman.common.job.RetryPolicy;
import dev.foreman.common.job.ValidatedJob;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class JobBuilderTest {
    private static final Instant NOW = Instant.parse("2026-03-01T09:00:00Z");
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

    @Test
    void defaultsToANormalPostDueNowWithThreeAttempts() {
        ValidatedJob job = aJob(clock).build();

        assertThat(job.queue()).isEqualTo("default");
        assertThat(job.type()).isEqualTo("test");
        assertThat(job.priority()).isEqualTo(Priority.NORMAL);
        assertThat(job.runAt()).isEqualTo(NOW);
        assertThat(job.target().url()).isEqualTo(JobBuilder.PLACEHOLDER_URL);
        assertThat(job.target().method()).isEqualTo("POST");
        assertThat(job.target().headers()).isEmpty();
        assertThat(job.payload()).isNull();
        assertThat(job.timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(job.retry()).isEqualTo(new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofHours(1), 16, null));
        assertThat(job.idempotencyKey()).isNull();
        assertThat(job.callbackUrl()).isNull();
        assertThat(job.labels()).isEmpty();
        assertThat(job.scheduleId()).isNull();
    }

    @Test
    void givesEachBuildAFreshUuidV7FromTheClock() {
        JobBuilder builder = aJob(clock);

        UUID first = builder.build().id();
        UUID second = builder.build().id();

        assertThat(first).isNotEqualTo(second);
        assertThat(first.version()).isEqualTo(7);
        assertThat(first.getMostSignificantBits() >>> 16).isEqualTo(NOW.toEpochMilli());
    }

    @Test
    void setsWhatTheTestSpellsOut() {
        UUID scheduleId = UUID.randomUUID();
        ValidatedJob job = aJob(clock)
                .inQueue("emails")
                .ofType("send_welcome")
                .withPriority(Priority.HIGH)
                .dueIn(Duration.ofMinutes(10))
                .targeting("http://127.0.0.1:8080/hook")
                .withMethod("PUT")
                .withHeader("X-Team", "growth")
                .withPayload("{\"user_id\":42}")
                .withIdempotencyKey("welcome-42")
                .withMaxAttempts(8)
                .withBackoff(Duration.ofSeconds(2), Duration.ofMinutes(5))
                .withMaxDoublings(4)
                .withMaxRetryDuration(Duration.ofHours(24))
                .withTimeout(Duration.ofSeconds(5))
                .withCallbackUrl("http://127.0.0.1:8080/done")
                .withLabel("team", "growth")
                .fromSchedule(scheduleId)
                .build();

        assertThat(job.queue()).isEqualTo("emails");
        assertThat(job.type()).isEqualTo("send_welcome");
        assertThat(job.priority()).isEqualTo(Priority.HIGH);
        assertThat(job.runAt()).isEqualTo(NOW.plus(Duration.ofMinutes(10)));
        assertThat(job.target().url()).isEqualTo("http://127.0.0.1:8080/hook");
        assertThat(job.target().method()).isEqualTo("PUT");
        assertThat(job.target().headers()).isEqualTo(Map.of("X-Team", "growth"));
        assertThat(job.payload()).isEqualTo("{\"user_id\":42}");
        assertThat(job.idempotencyKey()).isEqualTo("welcome-42");
        assertThat(job.retry())
                .isEqualTo(new RetryPolicy(8, Duration.ofSeconds(2), Duration.ofMinutes(5), 4, Duration.ofHours(24)));
        assertThat(job.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(job.callbackUrl()).isEqualTo("http://127.0.0.1:8080/done");
        assertThat(job.labels()).isEqualTo(Map.of("team", "growth"));
        assertThat(job.scheduleId()).isEqualTo(scheduleId);
    }

    @Test
    void dueAtPinsTheRunTimeAndDueNowFollowsTheClockAgain() {
        Instant later = NOW.plus(Duration.ofDays(1));

        assertThat(aJob(clock).dueAt(later).build().runAt()).isEqualTo(later);
        assertThat(aJob(clock).dueAt(later).dueNow().build().runAt()).isEqualTo(NOW);
    }

    @Test
    void keepsAnIdThatWasSet() {
        UUID id = UUID.randomUUID();

        assertThat(aJob().withId(id).build().id()).isEqualTo(id);
    }
}
