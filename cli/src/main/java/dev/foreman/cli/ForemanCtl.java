package dev.foreman.cli;

import dev.foreman.client.Foreman;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** {@code foremanctl}: Foreman's API from a terminal. Run with {@code --help} for the commands. */
@Command(
        name = "foremanctl",
        mixinStandardHelpOptions = true,
        versionProvider = ForemanCtl.Version.class,
        description =
                "Foreman from the terminal: jobs, dead letters, schedules, queues, live events, keys and tenants.",
        subcommands = {
            JobsCommand.class,
            DeadLettersCommand.class,
            SchedulesCommand.class,
            QueuesCommand.class,
            EventsCommand.class,
            KeysCommand.class,
            TenantsCommand.class,
            AutoComplete.GenerateCompletion.class
        },
        footer = {
            "",
            "Connection: --url and --api-key, else FOREMAN_API_URL and FOREMAN_API_KEY,",
            "else a profile of the config file (~/.config/foreman/config.yaml or FOREMAN_CONFIG).",
            "",
            "Exit codes: 0 ok, 1 failed, 2 usage, 3 job dead or cancelled, 4 wait timed out,",
            "5 unauthorized or forbidden, 6 not found, 7 request refused, 8 conflict,",
            "9 rate limited or unavailable, 10 unreachable."
        })
public final class ForemanCtl implements Runnable {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--url",
            scope = ScopeType.INHERIT,
            description = "The API's address (default http://localhost:8080).")
    String url;

    @Option(
            names = "--api-key",
            scope = ScopeType.INHERIT,
            description = "The API key (prefer FOREMAN_API_KEY: flags show in ps).")
    String apiKey;

    @Option(names = "--profile", scope = ScopeType.INHERIT, description = "A profile of the config file.")
    String profile;

    @Option(names = "--config", scope = ScopeType.INHERIT, description = "The config file with profiles.")
    Path config;

    @Option(
            names = {"-o", "--output"},
            scope = ScopeType.INHERIT,
            description = "table, json or yaml (default: ${DEFAULT-VALUE}).",
            defaultValue = "table")
    Printer.Format output;

    private final Map<String, String> env;
    private Foreman foreman;

    public ForemanCtl() {
        this(System.getenv());
    }

    ForemanCtl(Map<String, String> env) {
        this.env = env;
    }

    public static void main(String[] args) {
        System.exit(commandLine(new ForemanCtl()).execute(args));
    }

    /** The command line with foremanctl's exit codes and error messages. */
    static CommandLine commandLine(ForemanCtl root) {
        CommandLine commandLine = new CommandLine(root);
        commandLine.setExecutionExceptionHandler((failure, line, parsed) -> {
            PrintWriter err = line.getErr();
            if (failure instanceof UsageError usage) {
                err.println("foremanctl: " + usage.getMessage());
                return ExitCode.USAGE;
            }
            err.println("foremanctl: " + failure.getMessage());
            return ExitCode.of(failure);
        });
        commandLine
                .getSubcommands()
                .get("generate-completion")
                .getCommandSpec()
                .usageMessage()
                .hidden(false);
        return commandLine;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    Foreman foreman() {
        if (foreman == null) {
            Path file = config != null ? config : Connection.defaultConfigFile(env);
            Connection connection = Connection.resolve(url, apiKey, profile, file, env);
            foreman = Foreman.builder()
                    .baseUrl(connection.url())
                    .apiKey(connection.apiKey())
                    .build();
        }
        return foreman;
    }

    Printer printer() {
        return new Printer(spec.commandLine().getOut(), output);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = ForemanCtl.class.getPackage().getImplementationVersion();
            return new String[] {"foremanctl " + (version == null ? "(development build)" : version)};
        }
    }
}
