package dev.foreman.cli;

import dev.foreman.client.Attempt;
import dev.foreman.client.Foreman;
import dev.foreman.client.Job;
import dev.foreman.client.JobQuery;
import dev.foreman.client.JobSpec;
import dev.foreman.client.JobState;
import dev.foreman.client.JobWaitTimeoutException;
import dev.foreman.client.Priority;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
        name = "jobs",
        mixinStandardHelpOptions = true,
        description = "Submit, read, list, cancel, retry and watch jobs.")
final class JobsCommand {
    static final List<Printer.Column> COLUMNS = List.of(
            new Printer.Column("ID", "id"),
            new Printer.Column("QUEUE", "queue"),
            new Printer.Column("TYPE", "type"),
            new Printer.Column("PRIORITY", "priority"),
            new Printer.Column("STATE", "state"),
            new Printer.Column("ATTEMPT", "attempt"),
            new Printer.Column("UPDATED", "updated_at"),
            new Printer.Column("LAST ERROR", "last_error"));

    @ParentCommand
    ForemanCtl root;

    static final class Filters {
        @Option(names = "--state", description = "scheduled, queued, running, retrying, succeeded, dead or cancelled")
        String state;

        @Option(names = "--queue")
        String queue;

        @Option(names = "--type")
        String type;

        @Option(names = "--priority", description = "high, normal or low")
        String priority;

        @Option(
                names = "--limit",
                defaultValue = "50",
                description = "At most this many jobs (default ${DEFAULT-VALUE}).")
        int limit;

        JobQuery query() {
            JobQuery query = JobQuery.all().pageSize(Math.min(Math.max(limit, 1), 200));
            if (state != null) {
                query.state(Enums.parse(JobState.class, state, "--state"));
            }
            if (queue != null) {
                query.queue(queue);
            }
            if (type != null) {
                query.type(type);
            }
            if (priority != null) {
                query.priority(Enums.parse(Priority.class, priority, "--priority"));
            }
            return query;
        }
    }

    static final class Wait {
        @Option(names = "--wait", description = "Wait until the job ends; exit 0 only if it succeeded.")
        boolean wait;

        @Option(
                names = "--wait-timeout",
                defaultValue = "5m",
                description = "How long --wait waits (default ${DEFAULT-VALUE}).")
        String timeout;
    }

    @Command(name = "submit", mixinStandardHelpOptions = true, description = "Submit one job.")
    int submit(
            @Option(names = "--target", required = true, description = "The URL the job's request goes to.")
                    String target,
            @Option(names = "--method", description = "The request's method (default POST).") String method,
            @Option(names = "--queue") String queue,
            @Option(names = "--type") String type,
            @Option(names = "--priority", description = "high, normal or low") String priority,
            @Option(names = "--payload", description = "JSON body: inline, @file, or - for standard input.")
                    String payload,
            @Option(
                            names = {"-H", "--header"},
                            description = "A header of the job's request, Name=value.")
                    Map<String, String> headers,
            @Option(
                            names = {"-l", "--label"},
                            description = "A label, name=value.")
                    Map<String, String> labels,
            @Option(names = "--delay", description = "Run after this long: 30s, 5m, 2h, PT10M.") String delay,
            @Option(names = "--run-at", description = "Run at this time, RFC 3339.") String runAt,
            @Option(names = "--timeout", description = "How long one attempt may take.") String timeout,
            @Option(names = "--max-attempts") Integer maxAttempts,
            @Option(names = "--idempotency-key") String idempotencyKey,
            @Option(names = "--callback-url") String callbackUrl,
            @ArgGroup(exclusive = false) Wait wait) {
        JobSpec.Builder spec = JobSpec.to(target);
        if (method != null) spec.method(method);
        if (queue != null) spec.queue(queue);
        if (type != null) spec.type(type);
        if (priority != null) spec.priority(Enums.parse(Priority.class, priority, "--priority"));
        if (payload != null) spec.payload(Inputs.json(payload));
        if (headers != null) headers.forEach(spec::header);
        if (labels != null) labels.forEach(spec::label);
        if (delay != null) spec.delay(Durations.parse(delay, "--delay"));
        if (runAt != null) spec.runAt(Instant.parse(runAt));
        if (timeout != null) spec.timeout(Durations.parse(timeout, "--timeout"));
        if (maxAttempts != null) spec.maxAttempts(maxAttempts);
        if (idempotencyKey != null) spec.idempotencyKey(idempotencyKey);
        if (callbackUrl != null) spec.callbackUrl(callbackUrl);
        Job job = root.foreman().jobs().submit(spec.build());
        if (wait == null || !wait.wait) {
            root.printer().one(job);
            return ExitCode.OK;
        }
        return awaitAndPrint(job.id(), Durations.parse(wait.timeout, "--wait-timeout"));
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Show one job.")
    int get(@Parameters(paramLabel = "ID") UUID id) {
        root.printer().one(root.foreman().jobs().get(id));
        return ExitCode.OK;
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List jobs, newest first.")
    int list(@ArgGroup(exclusive = false) Filters filters) {
        Filters chosen = filters == null ? new Filters() : filters;
        if (filters == null) chosen.limit = 50;
        List<Job> jobs =
                root.foreman().jobs().list(chosen.query()).limit(chosen.limit).toList();
        root.printer().many(jobs, COLUMNS);
        return ExitCode.OK;
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true, description = "Cancel a job that has not ended.")
    int cancel(@Parameters(paramLabel = "ID") UUID id) {
        root.printer().one(root.foreman().jobs().cancel(id));
        return ExitCode.OK;
    }

    @Command(name = "retry", mixinStandardHelpOptions = true, description = "Queue a dead or cancelled job again.")
    int retry(@Parameters(paramLabel = "ID") UUID id) {
        root.printer().one(root.foreman().jobs().retry(id));
        return ExitCode.OK;
    }

    @Command(name = "attempts", mixinStandardHelpOptions = true, description = "A job's attempt timeline.")
    int attempts(@Parameters(paramLabel = "ID") UUID id) {
        List<Attempt> attempts = root.foreman().jobs().attempts(id);
        root.printer()
                .many(
                        attempts,
                        List.of(
                                new Printer.Column("#", "attempt"),
                                new Printer.Column("STARTED", "started_at"),
                                new Printer.Column("MS", "duration_ms"),
                                new Printer.Column("OUTCOME", "outcome"),
                                new Printer.Column("HTTP", "http_status"),
                                new Printer.Column("WORKER", "worker"),
                                new Printer.Column("ERROR", "error")));
        return ExitCode.OK;
    }

    @Command(
            name = "watch",
            mixinStandardHelpOptions = true,
            description = "Print a job's state changes until it ends.")
    int watch(
            @Parameters(paramLabel = "ID") UUID id,
            @Option(
                            names = "--timeout",
                            defaultValue = "30m",
                            description = "Give up after (default ${DEFAULT-VALUE}).")
                    String timeout) {
        Foreman foreman = root.foreman();
        Printer printer = root.printer();
        Instant deadline = Instant.now().plus(Durations.parse(timeout, "--timeout"));
        JobState last = null;
        while (true) {
            Job job = foreman.jobs().get(id);
            if (job.state() != last) {
                last = job.state();
                printer.note(Instant.now() + "  " + job.state().wireName() + "  attempt " + job.attempt()
                        + (job.lastError() == null ? "" : "  " + job.lastError()));
            }
            if (job.isTerminal()) {
                if (root.output != Printer.Format.table) {
                    printer.one(job);
                }
                return job.state() == JobState.SUCCEEDED ? ExitCode.OK : ExitCode.JOB_FAILED;
            }
            if (Instant.now().isAfter(deadline)) {
                return ExitCode.WAIT_TIMEOUT;
            }
            Durations.sleep(Duration.ofMillis(250));
        }
    }

    private int awaitAndPrint(UUID id, Duration timeout) {
        try {
            Job ended = root.foreman().jobs().awaitTerminal(id, timeout);
            root.printer().one(ended);
            return ended.state() == JobState.SUCCEEDED ? ExitCode.OK : ExitCode.JOB_FAILED;
        } catch (JobWaitTimeoutException timedOut) {
            root.printer().one(timedOut.lastSeen());
            root.spec.commandLine().getErr().println("foremanctl: " + timedOut.getMessage());
            return ExitCode.WAIT_TIMEOUT;
        }
    }
}
