package dev.foreman.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foreman.bench.stack.RepoRoot;
import dev.foreman.chaos.verdict.ReportText;
import dev.foreman.chaos.verdict.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The short chaos run of CI (issue #20): the whole fleet as separate processes, a hundred clients
 * for three minutes, a fault every 20 s in the order seed 20 gives, and every end check must pass.
 * The services run with C1 only ({@code -XX:TieredStopAtLevel=1}, as the testkit's service
 * processes do): seven JVMs compiling with C2 on CI's two cores would stretch their start.
 * The services run from the exec jars their modules' {@code package} phase built earlier in the
 * same reactor build. The report is printed and kept in {@code target/chaos-report.txt}.
 */
class ChaosIT {

    @Test
    void noAcknowledgedJobIsLostStuckOrRunTwiceAtOnceThroughThreeMinutesOfFaults() throws Exception {
        ChaosOptions options = ChaosOptions.parse(
                "--duration",
                "3m",
                "--clients",
                "100",
                "--fault-every",
                "20s",
                "--seed",
                "20",
                "--drain",
                "90s",
                "--service-jvm-option",
                "-XX:TieredStopAtLevel=1");
        Path repoRoot = RepoRoot.above(Path.of("")).orElseThrow();

        Verdict verdict = new ChaosRun(options, repoRoot).run();

        String report = ReportText.render(verdict);
        System.out.print(report);
        Files.writeString(Files.createDirectories(Path.of("target")).resolve("chaos-report.txt"), report);
        assertThat(verdict.passed()).as(report).isTrue();
    }
}
