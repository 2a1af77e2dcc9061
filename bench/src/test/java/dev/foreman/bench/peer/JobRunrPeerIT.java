package dev.foreman.bench.peer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foreman.bench.report.ScenarioResult;
import dev.foreman.bench.target.NoopTarget;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobRunrPeerIT {
    private static final int JOBS = 200;

    @Test
    void deliversEveryJobOnceToTheTargetOnDurableCommitsAndReportsItsThroughput() throws Exception {
        Clock clock = Clock.systemUTC();
        try (NoopTarget target = NoopTarget.start(clock)) {
            JobRunrPeer.Outcome outcome = new JobRunrPeer(
                            target, clock, List.of(new JobRunrSettings(16, Duration.ofSeconds(5), 10)))
                    .run(JOBS, true);

            ScenarioResult trial = outcome.trials().getFirst();
            assertThat(trial.error()).isNull();
            assertThat(trial.figures())
                    .containsEntry("jobs", (double) JOBS)
                    .containsEntry("jobs_delivered", (double) JOBS)
                    .containsEntry("duplicate_deliveries", 0.0)
                    .containsKeys(
                            "delivered_jobs_per_second",
                            "first_submit_to_last_delivery_jobs_per_second",
                            "all_succeeded_after_last_delivery_ms");
            assertThat(trial.notes()).anySatisfy(note -> assertThat(note).contains("synchronous_commit=on, fsync=on"));
            assertThat(trial.resources()).containsKey("postgres");
            assertThat(outcome.best()).isSameAs(trial);
            assertThat(outcome.bestSettings().workers()).isEqualTo(16);
            assertThat(target.strays()).isZero();
        }
    }
}
