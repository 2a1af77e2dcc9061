package dev.foreman.chaos;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The command line of {@code ./foreman chaos}.
 *
 * @param think a client's pause between one acknowledged job and its next submit (on average)
 * @param drain how long the jobs may take to finish after the load before the unfinished count as stuck
 * @param schedules how many every-second cron schedules run through the faults
 * @param serviceJvmOptions extra JVM options for every service process
 */
record ChaosOptions(
        Duration duration,
        Duration faultEvery,
        int clients,
        long seed,
        Duration think,
        Duration drain,
        int schedules,
        List<String> serviceJvmOptions,
        boolean help) {

    static final String USAGE = """
            usage: ./foreman chaos [options]
              --duration D      how long the clients submit while faults are injected (default 5m)
              --fault-every D   one fault this often; a fault whose target takes longer to come back
                                delays the next one (default 20s)
              --clients N       concurrent clients (default 500)
              --seed S          fixes the order and choices of the faults (default: random, printed)
              --think D         a client's mean pause between jobs (default 2s)
              --drain D         how long jobs may take to finish after the load (default 2m)
              --schedules N     every-second cron schedules (default 3)
              --service-jvm-option O
                                an extra JVM option for every service process; repeat it to add more
              --help            this text
            Durations: 500ms, 20s, 2m, PT20S; a bare number means seconds. Exit status 0 when every
            check passed, 1 when one failed, 2 for a bad command line.
            """;

    private static final Set<String> OPTIONS = Set.of(
            "--duration",
            "--fault-every",
            "--clients",
            "--seed",
            "--think",
            "--drain",
            "--schedules",
            "--service-jvm-option");

    static ChaosOptions defaults() {
        return new ChaosOptions(
                Duration.ofMinutes(5),
                Duration.ofSeconds(20),
                500,
                ThreadLocalRandom.current().nextLong(1, 1_000_000),
                Duration.ofSeconds(2),
                Duration.ofMinutes(2),
                3,
                List.of(),
                false);
    }

    static ChaosOptions parse(String... args) {
        ChaosOptions options = defaults();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg;
            String value = null;
            int equals = arg.indexOf('=');
            if (arg.startsWith("--") && equals > 0) {
                name = arg.substring(0, equals);
                value = arg.substring(equals + 1);
            }
            if (name.equals("--help") || name.equals("-h")) {
                return options.withHelp();
            }
            if (!OPTIONS.contains(name)) {
                throw new IllegalArgumentException("unknown option " + name);
            }
            if (value == null) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(name + " needs a value");
                }
                value = args[++i];
            }
            options = switch (name) {
                case "--duration" ->
                    options.with(positive(name, duration(name, value)), null, null, null, null, null, null);
                case "--fault-every" ->
                    options.with(null, positive(name, duration(name, value)), null, null, null, null, null);
                case "--clients" ->
                    options.with(null, null, positive(name, integer(name, value)), null, null, null, null);
                case "--seed" -> options.with(null, null, null, longValue(name, value), null, null, null);
                case "--think" -> options.with(null, null, null, null, duration(name, value), null, null);
                case "--drain" ->
                    options.with(null, null, null, null, null, positive(name, duration(name, value)), null);
                case "--schedules" -> options.with(null, null, null, null, null, null, integer(name, value));
                case "--service-jvm-option" -> options.withServiceJvmOption(value);
                default -> throw new IllegalArgumentException("unknown option " + name);
            };
        }
        return options;
    }

    private ChaosOptions with(
            Duration duration,
            Duration faultEvery,
            Integer clients,
            Long seed,
            Duration think,
            Duration drain,
            Integer schedules) {
        return new ChaosOptions(
                duration == null ? this.duration : duration,
                faultEvery == null ? this.faultEvery : faultEvery,
                clients == null ? this.clients : clients,
                seed == null ? this.seed : seed,
                think == null ? this.think : think,
                drain == null ? this.drain : drain,
                schedules == null ? this.schedules : schedules,
                serviceJvmOptions,
                help);
    }

    private ChaosOptions withServiceJvmOption(String option) {
        List<String> options = new ArrayList<>(serviceJvmOptions);
        options.add(option);
        return new ChaosOptions(
                duration, faultEvery, clients, seed, think, drain, schedules, List.copyOf(options), help);
    }

    private ChaosOptions withHelp() {
        return new ChaosOptions(duration, faultEvery, clients, seed, think, drain, schedules, serviceJvmOptions, true);
    }

    static Duration duration(String name, String value) {
        String text = value.trim().toLowerCase(Locale.ROOT);
        try {
            if (text.startsWith("pt")) {
                return Duration.parse(text.toUpperCase(Locale.ROOT));
            }
            if (text.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
            }
            if (text.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(text.substring(0, text.length() - 1)));
            }
            if (text.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(text.substring(0, text.length() - 1)));
            }
            if (text.endsWith("h")) {
                return Duration.ofHours(Long.parseLong(text.substring(0, text.length() - 1)));
            }
            return Duration.ofSeconds(Long.parseLong(text));
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new IllegalArgumentException(name + " must be a duration such as 20s or 5m, was '" + value + "'");
        }
    }

    private static int integer(String name, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, was '" + value + "'");
        }
    }

    private static long longValue(String name, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, was '" + value + "'");
        }
    }

    private static Duration positive(String name, Duration value) {
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be longer than zero");
        }
        return value;
    }

    private static int positive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be at least 1");
        }
        return value;
    }
}
