package dev.foreman.chaos;

import dev.foreman.bench.stack.RepoRoot;
import dev.foreman.chaos.verdict.ReportText;
import dev.foreman.chaos.verdict.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code ./foreman chaos}: one chaos run, its report on standard output (progress on standard
 * error, the report also in {@code chaos/target/chaos-report.txt}), exit status 0 when every check
 * passed and 1 otherwise.
 */
public final class Chaos {
    private Chaos() {}

    public static void main(String[] args) {
        // Before anything logs: the bench's jar holds a logback.xml of its own.
        System.setProperty("logback.configurationFile", "chaos-logback.xml");
        ChaosOptions options;
        try {
            options = ChaosOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("chaos: " + e.getMessage());
            System.err.print(ChaosOptions.USAGE);
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.print(ChaosOptions.USAGE);
            return;
        }
        Path repoRoot = RepoRoot.above(Path.of("")).orElse(null);
        if (repoRoot == null) {
            System.err.println("chaos: run it inside a Foreman checkout: it starts the services from their jars there");
            System.exit(2);
            return;
        }
        int status;
        try {
            Verdict verdict = new ChaosRun(options, repoRoot).run();
            String report = ReportText.render(verdict);
            System.out.print(report);
            Files.writeString(
                    Files.createDirectories(repoRoot.resolve("chaos/target")).resolve("chaos-report.txt"), report);
            status = verdict.passed() ? 0 : 1;
        } catch (Exception e) {
            System.err.println("chaos: the run broke off: " + e);
            e.printStackTrace();
            status = 1;
        }
        System.exit(status);
    }
}
