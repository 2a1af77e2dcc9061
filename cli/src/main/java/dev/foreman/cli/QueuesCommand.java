package dev.foreman.cli;

import dev.foreman.client.JobState;
import dev.foreman.client.Queue;
import dev.foreman.client.QueueSettings;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "queues", mixinStandardHelpOptions = true, description = "Queues: depth, pause, resume, limits, purge.")
final class QueuesCommand {
    private static final List<Printer.Column> COLUMNS = List.of(
            new Printer.Column("NAME", "name"),
            new Printer.Column("PAUSED", "paused"),
            new Printer.Column("MAX CONC", "max_concurrency"),
            new Printer.Column("PER SEC", "rate_limit.per_second"),
            new Printer.Column("QUEUED", "counts.queued"),
            new Printer.Column("RUNNING", "counts.running"),
            new Printer.Column("SCHEDULED", "counts.scheduled"),
            new Printer.Column("RETRYING", "counts.retrying"),
            new Printer.Column("DEAD", "counts.dead"),
            new Printer.Column("OLDEST MS", "oldest_queued_age_ms"));

    @ParentCommand
    ForemanCtl root;

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Every queue with its depth by state.")
    int list() {
        List<Queue> queues = root.foreman().queues().list();
        root.printer().many(queues, COLUMNS);
        return ExitCode.OK;
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "One queue.")
    int get(@Parameters(paramLabel = "NAME") String name) {
        root.printer().one(root.foreman().queues().get(name));
        return ExitCode.OK;
    }

    @Command(name = "pause", mixinStandardHelpOptions = true, description = "Start no new attempt of the queue's jobs.")
    int pause(@Parameters(paramLabel = "NAME") String name) {
        root.printer().one(root.foreman().queues().pause(name));
        return ExitCode.OK;
    }

    @Command(name = "resume", mixinStandardHelpOptions = true, description = "Start the queue's jobs again.")
    int resume(@Parameters(paramLabel = "NAME") String name) {
        root.printer().one(root.foreman().queues().resume(name));
        return ExitCode.OK;
    }

    @Command(
            name = "purge",
            mixinStandardHelpOptions = true,
            description = "Cancel the queue's jobs that have not started.")
    int purge(
            @Parameters(paramLabel = "NAME") String name,
            @Option(
                            names = "--state",
                            split = ",",
                            description = "Only these states (default scheduled,queued,retrying).")
                    List<String> states,
            @Option(names = "--yes", description = "Purge without asking (needed when not on a terminal).")
                    boolean yes) {
        if (!yes && !Confirm.ask(root, "Cancel the jobs of queue " + name + " that have not started?")) {
            root.spec.commandLine().getErr().println("foremanctl: not purged (pass --yes to purge without asking)");
            return ExitCode.USAGE;
        }
        JobState[] chosen = states == null
                ? new JobState[0]
                : states.stream()
                        .map(state -> Enums.parse(JobState.class, state, "--state"))
                        .toArray(JobState[]::new);
        long cancelled = root.foreman().queues().purge(name, chosen);
        root.printer().one(new Purged(cancelled));
        return ExitCode.OK;
    }

    record Purged(long cancelled) {}

    @Command(name = "set", mixinStandardHelpOptions = true, description = "Change a queue's limits.")
    int set(
            @Parameters(paramLabel = "NAME") String name,
            @Option(names = "--max-concurrency", description = "Attempts running at once across every worker.")
                    Integer maxConcurrency,
            @Option(names = "--no-max-concurrency", description = "Remove the concurrency limit.")
                    boolean noMaxConcurrency,
            @Option(names = "--per-second", description = "Starts per second (token bucket).") Double perSecond,
            @Option(
                            names = "--burst",
                            description = "Starts at once after a quiet time (default: per-second, at least 1).")
                    Integer burst,
            @Option(names = "--no-rate-limit", description = "Remove the rate limit.") boolean noRateLimit) {
        QueueSettings settings = QueueSettings.change();
        if (maxConcurrency != null) settings.maxConcurrency(maxConcurrency);
        if (noMaxConcurrency) settings.removeMaxConcurrency();
        if (perSecond != null)
            settings.rateLimit(perSecond, burst != null ? burst : Math.max(1, (int) Math.ceil(perSecond)));
        if (noRateLimit) settings.removeRateLimit();
        root.printer().one(root.foreman().queues().update(name, settings));
        return ExitCode.OK;
    }
}
