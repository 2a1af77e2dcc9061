package dev.foreman.cli;

import dev.foreman.client.JobSpec;
import dev.foreman.client.Priority;
import dev.foreman.client.Schedule;
import dev.foreman.client.ScheduleSpec;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "schedules", mixinStandardHelpOptions = true, description = "Cron schedules.")
final class SchedulesCommand {
    private static final List<Printer.Column> COLUMNS = List.of(
            new Printer.Column("ID", "id"),
            new Printer.Column("NAME", "name"),
            new Printer.Column("CRON", "cron"),
            new Printer.Column("ZONE", "time_zone"),
            new Printer.Column("PAUSED", "paused"),
            new Printer.Column("NEXT FIRE", "next_fire_at"),
            new Printer.Column("LAST FIRED", "last_fired_at"));

    @ParentCommand
    ForemanCtl root;

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a schedule.")
    int create(
            @Option(names = "--name", required = true) String name,
            @Option(
                            names = "--cron",
                            required = true,
                            description = "5 fields, 6 with seconds first, or @hourly, @daily, ...")
                    String cron,
            @Option(names = "--time-zone", description = "An IANA zone such as Europe/Berlin (default UTC).")
                    String zone,
            @Option(names = "--target", required = true, description = "The URL each fire's job goes to.")
                    String target,
            @Option(names = "--queue") String queue,
            @Option(names = "--type") String type,
            @Option(names = "--priority") String priority,
            @Option(names = "--payload", description = "JSON body: inline, @file, or -.") String payload,
            @Option(names = {"-H", "--header"}) Map<String, String> headers,
            @Option(names = "--misfire-policy") String misfirePolicy,
            @Option(names = "--overlap-policy") String overlapPolicy) {
        JobSpec.Builder job = JobSpec.to(target);
        if (queue != null) job.queue(queue);
        if (type != null) job.type(type);
        if (priority != null) job.priority(Enums.parse(Priority.class, priority, "--priority"));
        if (payload != null) job.payload(Inputs.json(payload));
        if (headers != null) headers.forEach(job::header);
        ScheduleSpec spec = ScheduleSpec.named(name).cron(cron).job(job.build());
        if (zone != null) spec.timeZone(zone);
        if (misfirePolicy != null) spec.misfirePolicy(misfirePolicy);
        if (overlapPolicy != null) spec.overlapPolicy(overlapPolicy);
        root.printer().one(root.foreman().schedules().create(spec));
        return ExitCode.OK;
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Every schedule, newest first.")
    int list() {
        List<Schedule> schedules = root.foreman().schedules().list().toList();
        root.printer().many(schedules, COLUMNS);
        return ExitCode.OK;
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "One schedule with its next fire times.")
    int get(@Parameters(paramLabel = "ID") UUID id) {
        root.printer().one(root.foreman().schedules().get(id));
        return ExitCode.OK;
    }

    @Command(name = "pause", mixinStandardHelpOptions = true, description = "Stop firing until resumed.")
    int pause(@Parameters(paramLabel = "ID") UUID id) {
        root.printer().one(root.foreman().schedules().pause(id));
        return ExitCode.OK;
    }

    @Command(name = "resume", mixinStandardHelpOptions = true, description = "Fire again from the next match.")
    int resume(@Parameters(paramLabel = "ID") UUID id) {
        root.printer().one(root.foreman().schedules().resume(id));
        return ExitCode.OK;
    }

    @Command(name = "trigger", mixinStandardHelpOptions = true, description = "Submit the schedule's job now.")
    int trigger(@Parameters(paramLabel = "ID") UUID id) {
        root.printer().one(root.foreman().schedules().trigger(id));
        return ExitCode.OK;
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a schedule; its jobs stay.")
    int delete(@Parameters(paramLabel = "ID") UUID id) {
        root.foreman().schedules().delete(id);
        root.printer().note("deleted " + id);
        return ExitCode.OK;
    }
}
