package dev.foreman.bench;

import dev.foreman.bench.peer.Peers;
import dev.foreman.bench.scenario.ScenarioSettings;
import dev.foreman.bench.scenario.Scenarios;
import dev.foreman.bench.stack.PreloadedJobs.Preload;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The bench's command line. Defaults are the figures issue #5 asks for; {@code BenchOptionsTest}
 * pins them.
 *
 * @param scenarios the scenarios to run, a subset of {@link Scenarios#NAMES}
 * @param jobs jobs of the end-to-end throughput run and of the drain backlog
 * @param delayedJobs jobs of the delayed scenario; by default 10,000 or {@code jobs} if fewer
 * @param rate jobs per second offered by the open-loop latency run
 * @param clients concurrent clients of the single-submit run
 * @param batchClients concurrent clients of every batch submission
 * @param batchSize jobs per batch request
 * @param warmup the shortest load before the submit, batch and open-loop runs start measuring
 * @param warmupMax the longest; by default 180 s, or {@code warmup} if that is longer
 * @param duration measured length of the submit and batch runs
 * @param latencyDuration length of the open-loop latency run and of the backlog scenario's probes
 * @param backlogJobs low-priority jobs of one tenant queued ahead of the backlog scenario's probes; by
 *     default 100,000 or {@code jobs} if fewer
 * @param backlogRate probe jobs per second of each probe stream of the backlog scenario
 * @param rateLimit the {@code per_second} the ratelimit scenario configures on its queue
 * @param queueLimits whether e2e first configures limits on its queues that never bind
 * @param out where the JSON report goes; null means {@code bench/target/bench-results.json}
 * @param apiUrl an already running api-service to target instead of starting a stack; null to start one
 * @param apiKey the API key for {@code apiUrl}
 * @param jfr whether each started service records a JFR profile into {@code bench/target/jfr}
 * @param serviceJvmOptions extra JVM options for each started service
 * @param synchronousCommit whether Postgres (Foreman's and the peer's) commits durably
 * @param preload jobs loaded into the database before the services start (a stack the bench starts only)
 * @param peer a peer to run after Foreman's scenarios ({@code jobrunr}), or null for none
 * @param help whether to print the usage and stop
 */
record BenchOptions(
        List<String> scenarios,
        int jobs,
        int delayedJobs,
        double rate,
        int clients,
        int batchClients,
        int batchSize,
        Duration warmup,
        Duration warmupMax,
        Duration duration,
        Duration latencyDuration,
        int backlogJobs,
        double backlogRate,
        double rateLimit,
        boolean queueLimits,
        Path out,
        URI apiUrl,
        String apiKey,
        boolean jfr,
        List<String> serviceJvmOptions,
        boolean synchronousCommit,
        Preload preload,
        String peer,
        boolean help) {

    static final String USAGE = """
            Usage: ./foreman bench [options]
              --scenario NAMES        all (default) or a comma-separated list of
                                      submit,batch,drain,e2e,delayed,events,ratelimit,backlog
              --jobs N                jobs of the end-to-end throughput run and of the drain backlog (100000)
              --delayed-jobs N        jobs of the delayed scenario, due over one minute (10000, at most --jobs)
              --rate R                jobs/s offered by the open-loop latency run (1000)
              --clients C             concurrent clients of the single-submit run (32)
              --batch-clients C       concurrent clients of batch submissions (4)
              --batch-size S          jobs per POST /v1/jobs/batch (500)
              --warmup D              shortest warm-up before submit, batch and the open loop measure (30s);
                                      it goes on until the JIT of every JVM has settled (0 for none)
              --warmup-max D          longest warm-up, settled or not (180s, or --warmup if longer)
              --duration D            measured length of the submit and batch runs (20s)
              --latency-duration D    length of the open-loop latency run and of the backlog probes (30s)
              --backlog-jobs N        low-priority jobs of one tenant queued ahead of the backlog probes
                                      (100000, at most --jobs)
              --backlog-rate R        jobs/s of each backlog probe stream (20)
              --rate-limit R          per_second the ratelimit scenario sets on its queue (50; at most 100000);
                                      it submits 2 x R x --latency-duration jobs
              --queue-limits          e2e first sets max_concurrency and rate_limit on its queues far above
                                      what it reaches (limits configured, not binding), for an A/B of their cost
              --out FILE              JSON report (bench/target/bench-results.json)
              --api-url URL           target a running api-service instead of starting a stack
              --api-key KEY           API key for --api-url
              --jfr                   record a JFR profile of each started service into bench/target/jfr
              --service-jvm-option O  extra JVM option for each started service (repeatable)
              --synchronous-commit V  on (default): a 202 means the job is on disk, as with a user's Postgres;
                                      off: faster, not durable; every report says which
              --preload-finished N    first load N succeeded jobs (with their attempts, finished over the last six
                                      days) into the database, to measure on a table months of use left (0)
              --preload-waiting N     first load N scheduled jobs, created over the last hour, each due a day
                                      after it was created (0)
              --peer NAME             then run jobrunr (JobRunr's free edition) on a fresh Postgres with the
                                      same --jobs and target, and print its throughput next to e2e's, and the ratio
            Durations: 500ms, 20s, 2m, PT20S; a bare number is seconds.
            """;

    private static final int DEFAULT_DELAYED_JOBS = 10_000;
    private static final int DEFAULT_BACKLOG_JOBS = 100_000;
    // The queue API's largest per_second.
    private static final double MAX_RATE_LIMIT = 100_000;
    private static final Duration DEFAULT_WARMUP_MAX = Duration.ofSeconds(180);
    private static final Pattern UNIT_DURATION = Pattern.compile("(\\d+)(ms|s|m|h)?");

    static BenchOptions defaults() {
        return parse(new String[0]);
    }

    /** @throws IllegalArgumentException with a message for the user when an option is wrong */
    static BenchOptions parse(String[] args) {
        Set<String> scenarios = new LinkedHashSet<>(Scenarios.NAMES);
        int jobs = 100_000;
        Integer delayedJobs = null;
        double rate = 1000;
        int clients = 32;
        int batchClients = 4;
        int batchSize = 500;
        Duration warmup = Duration.ofSeconds(30);
        Duration warmupMax = null;
        Duration duration = Duration.ofSeconds(20);
        Duration latencyDuration = Duration.ofSeconds(30);
        Integer backlogJobs = null;
        double backlogRate = 20;
        double rateLimit = 50;
        boolean queueLimits = false;
        Path out = null;
        URI apiUrl = null;
        String apiKey = null;
        boolean jfr = false;
        boolean synchronousCommit = true;
        long preloadFinished = 0;
        long preloadWaiting = 0;
        String peer = null;
        boolean help = false;
        List<String> jvmOptions = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg;
            String value = null;
            int equals = arg.indexOf('=');
            if (arg.startsWith("--") && equals > 0) {
                name = arg.substring(0, equals);
                value = arg.substring(equals + 1);
            }
            if (name.equals("--jfr")) {
                jfr = true;
                continue;
            }
            if (name.equals("--queue-limits")) {
                queueLimits = true;
                continue;
            }
            if (name.equals("--help") || name.equals("-h")) {
                help = true;
                continue;
            }
            if (value == null) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(name + " needs a value");
                }
                value = args[++i];
            }
            switch (name) {
                case "--scenario" -> scenarios = scenarios(value);
                case "--jobs" -> jobs = positiveInt(name, value);
                case "--delayed-jobs" -> delayedJobs = positiveInt(name, value);
                case "--rate" -> rate = positiveDouble(name, value);
                case "--clients" -> clients = positiveInt(name, value);
                case "--batch-clients" -> batchClients = positiveInt(name, value);
                case "--batch-size" -> batchSize = positiveInt(name, value);
                case "--warmup" -> warmup = duration(name, value, true);
                case "--warmup-max" -> warmupMax = duration(name, value, true);
                case "--duration" -> duration = duration(name, value, false);
                case "--latency-duration" -> latencyDuration = duration(name, value, false);
                case "--backlog-jobs" -> backlogJobs = positiveInt(name, value);
                case "--backlog-rate" -> backlogRate = positiveDouble(name, value);
                case "--rate-limit" -> rateLimit = rateLimit(name, value);
                case "--out" -> out = Path.of(value);
                case "--api-url" -> apiUrl = URI.create(value);
                case "--api-key" -> apiKey = value;
                case "--service-jvm-option" -> jvmOptions.add(value);
                case "--synchronous-commit" -> synchronousCommit = onOff(name, value);
                case "--preload-finished" -> preloadFinished = nonNegativeLong(name, value);
                case "--preload-waiting" -> preloadWaiting = nonNegativeLong(name, value);
                case "--peer" -> peer = peer(name, value);
                default -> throw new IllegalArgumentException("unknown option " + name);
            }
        }
        if (warmupMax != null && warmupMax.compareTo(warmup) < 0) {
            throw new IllegalArgumentException("--warmup-max must not be shorter than --warmup");
        }
        if ((apiUrl == null) != (apiKey == null)) {
            throw new IllegalArgumentException("--api-url and --api-key go together");
        }
        Preload preload = new Preload(preloadFinished, preloadWaiting);
        if (apiUrl != null && preload.any()) {
            throw new IllegalArgumentException(
                    "--preload-finished and --preload-waiting need a stack the bench starts" + " (not --api-url)");
        }
        return new BenchOptions(
                List.copyOf(scenarios),
                jobs,
                delayedJobs != null ? delayedJobs : Math.min(DEFAULT_DELAYED_JOBS, jobs),
                rate,
                clients,
                batchClients,
                batchSize,
                warmup,
                warmupMax != null ? warmupMax : max(warmup, DEFAULT_WARMUP_MAX),
                duration,
                latencyDuration,
                backlogJobs != null ? backlogJobs : Math.min(DEFAULT_BACKLOG_JOBS, jobs),
                backlogRate,
                rateLimit,
                queueLimits,
                out,
                apiUrl,
                apiKey,
                jfr,
                List.copyOf(jvmOptions),
                synchronousCommit,
                preload,
                peer,
                help);
    }

    private static long nonNegativeLong(String name, String value) {
        try {
            long parsed = Long.parseLong(value.replace("_", ""));
            if (parsed >= 0) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // Reported below.
        }
        throw new IllegalArgumentException(name + " must be a whole number of at least 0, not '" + value + "'");
    }

    private static String peer(String name, String value) {
        String peer = value.trim().toLowerCase(Locale.ROOT);
        if (!Peers.NAMES.contains(peer)) {
            throw new IllegalArgumentException(
                    name + " must be one of " + String.join(",", Peers.NAMES) + ", not '" + value + "'");
        }
        return peer;
    }

    private static double rateLimit(String name, String value) {
        double parsed = positiveDouble(name, value);
        if (parsed > MAX_RATE_LIMIT) {
            throw new IllegalArgumentException(
                    name + " must be at most " + (long) MAX_RATE_LIMIT + " (the queue API's largest), was " + value);
        }
        return parsed;
    }

    private static boolean onOff(String name, String value) {
        return switch (value) {
            case "on" -> true;
            case "off" -> false;
            default -> throw new IllegalArgumentException(name + " must be on or off, not " + value);
        };
    }

    /** What the scenarios need of these options. */
    ScenarioSettings scenarioSettings() {
        return new ScenarioSettings(
                jobs,
                delayedJobs,
                rate,
                clients,
                batchClients,
                batchSize,
                warmup,
                warmupMax,
                duration,
                latencyDuration,
                backlogJobs,
                backlogRate,
                rateLimit,
                queueLimits);
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static Set<String> scenarios(String value) {
        Set<String> names = new LinkedHashSet<>();
        for (String name : value.toLowerCase(Locale.ROOT).split(",")) {
            String trimmed = name.trim();
            if (trimmed.equals("all")) {
                names.addAll(Scenarios.NAMES);
            } else if (Scenarios.NAMES.contains(trimmed)) {
                names.add(trimmed);
            } else {
                throw new IllegalArgumentException(
                        "unknown scenario '" + trimmed + "'; use all or some of " + String.join(",", Scenarios.NAMES));
            }
        }
        return names;
    }

    private static int positiveInt(String name, String value) {
        try {
            int parsed = Integer.parseInt(value.replace("_", "").replace(",", ""));
            if (parsed > 0) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // Reported below.
        }
        throw new IllegalArgumentException(name + " must be a positive whole number, was '" + value + "'");
    }

    private static double positiveDouble(String name, String value) {
        try {
            double parsed = Double.parseDouble(value);
            if (parsed > 0 && Double.isFinite(parsed)) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // Reported below.
        }
        throw new IllegalArgumentException(name + " must be a positive number, was '" + value + "'");
    }

    static Duration duration(String name, String value, boolean zeroAllowed) {
        Duration parsed = null;
        String text = value.trim().toLowerCase(Locale.ROOT);
        Matcher units = UNIT_DURATION.matcher(text);
        if (units.matches()) {
            long amount = Long.parseLong(units.group(1));
            String unit = units.group(2) == null ? "s" : units.group(2);
            parsed = switch (unit) {
                case "ms" -> Duration.ofMillis(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofSeconds(amount);
            };
        } else {
            try {
                parsed = Duration.parse(value.trim());
            } catch (DateTimeParseException e) {
                // Reported below.
            }
        }
        if (parsed == null || parsed.isNegative() || (parsed.isZero() && !zeroAllowed)) {
            throw new IllegalArgumentException(name + " must be a " + (zeroAllowed ? "" : "positive ")
                    + "duration like 20s, 500ms, 2m or PT20S," + " was '" + value + "'");
        }
        return parsed;
    }
}
