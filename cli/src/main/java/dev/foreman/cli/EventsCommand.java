package dev.foreman.cli;

import dev.foreman.client.EventFilter;
import dev.foreman.client.EventListener;
import dev.foreman.client.EventSubscription;
import dev.foreman.client.Foreman;
import dev.foreman.client.JobEvent;
import dev.foreman.client.errors.ForemanException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import tools.jackson.databind.json.JsonMapper;

@Command(
        name = "events",
        mixinStandardHelpOptions = true,
        description =
                "Tail job state changes live (Server-Sent Events) until Ctrl-C; -o json prints one JSON object a line.")
final class EventsCommand implements java.util.concurrent.Callable<Integer> {
    private static final JsonMapper JSON = Foreman.jsonMapper();

    @ParentCommand
    ForemanCtl root;

    @Option(names = "--queue")
    String queue;

    @Option(names = "--job", description = "Only this job's changes.")
    UUID job;

    @Option(names = "--after", description = "Resume after this event id.")
    String after;

    @Option(names = "--stats", description = "Also print the periodic stats.")
    boolean stats;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = root.spec.commandLine().getOut();
        PrintWriter err = root.spec.commandLine().getErr();
        boolean json = root.output != Printer.Format.table;
        AtomicReference<ForemanException> refused = new AtomicReference<>();
        EventFilter filter = EventFilter.all();
        if (queue != null) filter.queue(queue);
        if (job != null) filter.job(job);
        if (after != null) filter.after(after);
        EventSubscription subscription = root.foreman().events(filter, new EventListener() {
            @Override
            public void onJob(JobEvent event) {
                out.println(
                        json
                                ? JSON.writeValueAsString(event)
                                : String.format(
                                        "%s  %s  %-9s  %s  %s/%s  attempt %d",
                                        event.eventId(),
                                        event.at(),
                                        event.state().wireName(),
                                        event.id(),
                                        event.queue(),
                                        event.type(),
                                        event.attempt()));
                out.flush();
            }

            @Override
            public void onStats(tools.jackson.databind.JsonNode body) {
                if (stats) {
                    out.println(json ? JSON.writeValueAsString(body) : "stats " + body);
                    out.flush();
                }
            }

            @Override
            public void onReset() {
                err.println("foremanctl: the server no longer has the events after the id given; refetch and carry on");
            }

            @Override
            public void onDisconnected(Throwable cause) {
                err.println("foremanctl: connection lost" + (cause == null ? "" : " (" + cause.getMessage() + ")")
                        + "; reconnecting");
            }

            @Override
            public void onRefused(ForemanException problem) {
                refused.set(problem);
            }
        });
        Runtime.getRuntime().addShutdownHook(new Thread(subscription::close));
        while (!subscription.awaitEnd(Duration.ofSeconds(1))) {
            // runs until Ctrl-C or until the API refuses the subscription
        }
        ForemanException problem = refused.get();
        if (problem != null) {
            err.println("foremanctl: " + problem.getMessage());
            return ExitCode.of(problem);
        }
        return ExitCode.OK;
    }
}
