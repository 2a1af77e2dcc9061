package dev.foreman.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.foreman.bench.scenario.Scenario;
import dev.foreman.bench.scenario.ScenarioSettings;
import dev.foreman.bench.scenario.Scenarios;
import dev.foreman.bench.stack.PreloadedJobs;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {

    @Test
    void defaultsToTheFullRunOfIssueFive() {
        BenchOptions options = BenchOptions.defaults();

        assertThat(options.scenarios())
                .containsExactly("submit", "batch", "drain", "e2e", "delayed", "events", "ratelimit", "backlog");
        assertThat(options.jobs()).isEqualTo(100_000);
        assertThat(options.delayedJobs()).isEqualTo(10_000);
        assertThat(options.rate()).isEqualTo(1000.0);
        assertThat(options.clients()).isEqualTo(32);
        assertThat(options.batchClients()).isEqualTo(4);
        assertThat(options.batchSize()).isEqualTo(500);
        assertThat(options.warmup()).isEqualTo(Duration.ofSeconds(30));
        assertThat(options.warmupMax()).isEqualTo(Duration.ofSeconds(180));
        assertThat(options.duration()).isEqualTo(Duration.ofSeconds(20));
        assertThat(options.latencyDuration()).isEqualTo(Duration.ofSeconds(30));
        assertThat(options.backlogJobs()).isEqualTo(100_000);
        assertThat(options.backlogRate()).isEqualTo(20.0);
        assertThat(options.rateLimit()).isEqualTo(50.0);
        assertThat(options.queueLimits()).isFalse();
        assertThat(options.out()).isNull();
        assertThat(options.apiUrl()).isNull();
        assertThat(options.apiKey()).isNull();
        assertThat(options.jfr()).isFalse();
        assertThat(options.serviceJvmOptions()).isEmpty();
        assertThat(options.help()).isFalse();
    }

    @Test
    void readsOptionsWithSpacesOrEqualsSigns() {
        BenchOptions options = BenchOptions.parse(new String[] {
            "--scenario", "e2e", "--jobs=20000", "--rate", "500", "--duration", "10s", "--out", "/tmp/r.json", "--jfr"
        });

        assertThat(options.scenarios()).containsExactly("e2e");
        assertThat(options.jobs()).isEqualTo(20_000);
        assertThat(options.rate()).isEqualTo(500.0);
        assertThat(options.duration()).isEqualTo(Duration.ofSeconds(10));
        assertThat(options.out()).isEqualTo(Path.of("/tmp/r.json"));
        assertThat(options.jfr()).isTrue();
    }

    @Test
    void runsScenariosInTheirOwnOrderWhateverOrderTheyWereAskedIn() {
        BenchOptions options = BenchOptions.parse(new String[] {"--scenario", "delayed,submit,drain"});

        assertThat(Scenarios.selected(options.scenarios(), options.scenarioSettings()))
                .extracting(Scenario::name)
                .containsExactly("submit", "drain", "delayed");
    }

    @Test
    void readsTheBacklogRateLimitAndQueueLimitOptionsIntoTheScenarioSettings() {
        BenchOptions options = BenchOptions.parse(new String[] {
            "--scenario",
            "backlog,ratelimit,e2e",
            "--backlog-jobs",
            "200",
            "--backlog-rate=5",
            "--rate-limit",
            "20",
            "--queue-limits"
        });

        ScenarioSettings settings = options.scenarioSettings();
        assertThat(settings.backlogJobs()).isEqualTo(200);
        assertThat(settings.backlogRate()).isEqualTo(5.0);
        assertThat(settings.rateLimit()).isEqualTo(20.0);
        assertThat(settings.queueLimits()).isTrue();
        assertThat(Scenarios.selected(options.scenarios(), settings))
                .extracting(Scenario::name)
                .containsExactly("e2e", "ratelimit", "backlog");
    }

    @Test
    void refusesARateLimitTheQueueApiWouldRefuse() {
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--rate-limit", "100001"}))
                .hasMessageContaining("--rate-limit must be at most 100000");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--rate-limit", "0"}))
                .hasMessageContaining("--rate-limit must be a positive number");
    }

    @Test
    void capsTheDelayedJobsAtASmallerJobCountForQuickRuns() {
        assertThat(BenchOptions.parse(new String[] {"--jobs", "5000"}).delayedJobs())
                .isEqualTo(5000);
        assertThat(BenchOptions.parse(new String[] {"--jobs", "5000", "--delayed-jobs", "8000"})
                        .delayedJobs())
                .isEqualTo(8000);
    }

    @Test
    void capsTheBacklogAtASmallerJobCountForQuickRuns() {
        assertThat(BenchOptions.parse(new String[] {"--jobs", "5000"}).backlogJobs())
                .isEqualTo(5000);
        assertThat(BenchOptions.parse(new String[] {"--jobs", "5000", "--backlog-jobs", "200000"})
                        .backlogJobs())
                .isEqualTo(200_000);
    }

    @Test
    void aLongerMinimumWarmUpRaisesTheDefaultMaximumButNotAGivenOne() {
        assertThat(BenchOptions.parse(new String[] {"--warmup", "4m"}).warmupMax())
                .isEqualTo(Duration.ofMinutes(4));
        assertThat(BenchOptions.parse(new String[] {"--warmup", "10s", "--warmup-max", "10s"})
                        .warmupMax())
                .isEqualTo(Duration.ofSeconds(10));
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--warmup", "1m", "--warmup-max", "30s"}))
                .hasMessageContaining("--warmup-max must not be shorter than --warmup");
    }

    @Test
    void acceptsDurationsWithUnitsIsoOrBareSeconds() {
        assertThat(BenchOptions.duration("--duration", "500ms", false)).isEqualTo(Duration.ofMillis(500));
        assertThat(BenchOptions.duration("--duration", "2m", false)).isEqualTo(Duration.ofMinutes(2));
        assertThat(BenchOptions.duration("--duration", "PT20S", false)).isEqualTo(Duration.ofSeconds(20));
        assertThat(BenchOptions.duration("--duration", "15", false)).isEqualTo(Duration.ofSeconds(15));
        assertThat(BenchOptions.duration("--warmup", "0", true)).isZero();
    }

    @Test
    void targetsARunningStackOnlyWithBothUrlAndKey() {
        BenchOptions options =
                BenchOptions.parse(new String[] {"--api-url", "http://127.0.0.1:8080", "--api-key", "fk_test"});

        assertThat(options.apiUrl()).isEqualTo(URI.create("http://127.0.0.1:8080"));
        assertThat(options.apiKey()).isEqualTo("fk_test");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--api-url", "http://127.0.0.1:8080"}))
                .hasMessageContaining("--api-url and --api-key go together");
    }

    @Test
    void preloadsNothingUnlessAskedAndOnlyIntoAStackItStarts() {
        assertThat(BenchOptions.defaults().preload()).isEqualTo(PreloadedJobs.Preload.NONE);

        BenchOptions options =
                BenchOptions.parse(new String[] {"--preload-finished", "10_000_000", "--preload-waiting=1000000"});

        assertThat(options.preload()).isEqualTo(new PreloadedJobs.Preload(10_000_000, 1_000_000));
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--preload-waiting", "-1"}))
                .hasMessageContaining("--preload-waiting must be a whole number of at least 0");
        assertThatThrownBy(() -> BenchOptions.parse(
                        new String[] {"--api-url", "http://127.0.0.1:8080", "--api-key", "k", "--preload-finished", "5"
                        }))
                .hasMessageContaining("need a stack the bench starts");
    }

    @Test
    void explainsWhatIsWrongWithABadOption() {
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--scenario", "soak"}))
                .hasMessageContaining("unknown scenario 'soak'");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--jobs", "0"}))
                .hasMessageContaining("--jobs must be a positive whole number");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--duration", "soon"}))
                .hasMessageContaining("--duration must be a positive duration");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--rate"})).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--threads", "4"}))
                .hasMessageContaining("unknown option --threads");
    }

    @Test
    void commitsAreDurableUnlessSynchronousCommitIsTurnedOff() {
        assertThat(BenchOptions.parse(new String[] {}).synchronousCommit()).isTrue();
        assertThat(BenchOptions.parse(new String[] {"--synchronous-commit", "off"})
                        .synchronousCommit())
                .isFalse();
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--synchronous-commit", "maybe"}))
                .hasMessageContaining("on or off");
    }

    @Test
    void runsNoPeerUnlessOneIsNamed() {
        assertThat(BenchOptions.defaults().peer()).isNull();
    }

    @Test
    void takesJobRunrAsThePeerAndRefusesAnyOther() {
        assertThat(BenchOptions.parse(new String[] {"--peer", "jobrunr"}).peer())
                .isEqualTo("jobrunr");
        assertThat(BenchOptions.parse(new String[] {"--peer=JobRunr"}).peer()).isEqualTo("jobrunr");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--peer", "quartz"}))
                .hasMessageContaining("--peer must be one of jobrunr, not 'quartz'");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--peer"})).hasMessageContaining("needs a value");
    }
}
