package dev.foreman.cli;

import dev.foreman.client.Job;
import dev.foreman.client.Priority;
import java.util.List;
import java.util.UUID;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "dlq", mixinStandardHelpOptions = true, description = "The dead-letter queue: list, retry, discard.")
final class DeadLettersCommand {
    @ParentCommand
    ForemanCtl root;

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Dead jobs not discarded, newest first.")
    int list(@ArgGroup(exclusive = false) JobsCommand.Filters filters) {
        JobsCommand.Filters chosen = filters == null ? new JobsCommand.Filters() : filters;
        if (filters == null) chosen.limit = 50;
        chosen.state = null;
        List<Job> jobs = root.foreman()
                .deadLetters()
                .list(chosen.query())
                .limit(chosen.limit)
                .toList();
        root.printer().many(jobs, JobsCommand.COLUMNS);
        return ExitCode.OK;
    }

    @Command(
            name = "retry",
            mixinStandardHelpOptions = true,
            description = "Retry one dead job by id, or with --all every one matching the filters.")
    int retry(
            @Parameters(paramLabel = "ID", arity = "0..1") UUID id,
            @Option(names = "--all", description = "Retry every dead-letter job matching --queue/--type/--priority.")
                    boolean all,
            @Option(names = "--queue") String queue,
            @Option(names = "--type") String type,
            @Option(names = "--priority") String priority) {
        if (id != null && !all) {
            root.printer().one(root.foreman().deadLetters().retry(id));
            return ExitCode.OK;
        }
        if (id == null && all) {
            Priority chosen = priority == null ? null : Enums.parse(Priority.class, priority, "--priority");
            int retried = root.foreman().deadLetters().retryAll(queue, type, chosen);
            root.printer().one(new Retried(retried));
            return ExitCode.OK;
        }
        root.spec.commandLine().getErr().println("foremanctl: give one ID, or --all with optional filters");
        return ExitCode.USAGE;
    }

    record Retried(int retried) {}

    @Command(
            name = "discard",
            mixinStandardHelpOptions = true,
            description = "Take a job out of the dead-letter queue.")
    int discard(@Parameters(paramLabel = "ID") UUID id) {
        root.foreman().deadLetters().discard(id);
        root.printer().note("discarded " + id);
        return ExitCode.OK;
    }
}
