package dev.foreman.bench;

import dev.foreman.bench.load.ForemanClient;
import dev.foreman.bench.peer.JobRunrPeer;
import dev.foreman.bench.peer.JobRunrSettings;
import dev.foreman.bench.prometheus.PrometheusEndpoint;
import dev.foreman.bench.report.BenchReport;
import dev.foreman.bench.report.CpuCalibration;
import dev.foreman.bench.report.Machine;
import dev.foreman.bench.report.MachineSpeed;
import dev.foreman.bench.report.PeerComparison;
import dev.foreman.bench.report.Progress;
import dev.foreman.bench.report.ScenarioResult;
import dev.foreman.bench.resources.HeapProbe;
import dev.foreman.bench.resources.ResourceSampler;
import dev.foreman.bench.resources.WindowUsage;
import dev.foreman.bench.scenario.Scenario;
import dev.foreman.bench.scenario.ScenarioContext;
import dev.foreman.bench.scenario.Scenarios;
import dev.foreman.bench.stack.ExternalStack;
import dev.foreman.bench.stack.ManagedStack;
import dev.foreman.bench.stack.RepoRoot;
import dev.foreman.bench.stack.Stack;
import dev.foreman.bench.target.NoopTarget;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import tools.jackson.databind.json.JsonMapper;

/**
 * Foreman's benchmark: starts a stack (or targets a running one), runs the chosen scenarios against
 * it, and prints a table of the figures on standard output and writes them as JSON. Progress goes
 * to standard error. Run it with {@code ./foreman bench}; {@code --help} lists the options.
 */
public final class Bench {
    private static final Duration API_READY_WITHIN = Duration.ofSeconds(60);
    // Before each scenario: a stack that broke in the previous one (an out-of-memory api-service,
    // say) fails the next scenario at once instead of letting every request of it time out.
    private static final Duration API_ANSWERS_WITHIN = Duration.ofSeconds(30);

    private final BenchOptions options;
    private final Path repoRoot;
    private final Clock clock = Clock.systemUTC();
    private final JsonMapper json = JsonMapper.builder().build();
    private final AtomicReference<Stack> stack = new AtomicReference<>();

    private Bench(BenchOptions options, Path repoRoot) {
        this.options = options;
        this.repoRoot = repoRoot;
    }

    public static void main(String[] args) {
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.err.print(BenchOptions.USAGE);
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.print(BenchOptions.USAGE);
            return;
        }
        Path repoRoot = RepoRoot.above(Path.of("")).orElse(null);
        if (repoRoot == null && options.apiUrl() == null) {
            System.err.println("bench: run it inside a Foreman checkout (it starts the services from their jars there),"
                    + " or give --api-url and --api-key of a running stack");
            System.exit(2);
            return;
        }
        Path benchTarget = repoRoot == null ? Path.of("target") : repoRoot.resolve("bench/target");
        // Read by logback.xml before the first logger exists: the embedded Kafka broker logs into this folder.
        System.setProperty("bench.log.dir", benchTarget.resolve("logs").toString());
        // The JDK server behind the no-op target closes idle connections beyond 200 by default; the
        // worker keeps up to its max-in-flight open, and reconnecting would be measured as Foreman's cost.
        if (System.getProperty("sun.net.httpserver.maxIdleConnections") == null) {
            System.setProperty("sun.net.httpserver.maxIdleConnections", "2048");
        }
        // Only the table goes to standard output; whatever else writes there (Kafka's storage
        // formatter prints its progress) joins the progress lines on standard error.
        PrintStream table = System.out;
        System.setOut(System.err);
        System.exit(new Bench(options, repoRoot).run(benchTarget, table));
    }

    /**
     * Answers the process exit status: 0 when every scenario finished (and the peer, if asked for,
     * delivered every job), 1 otherwise.
     */
    private int run(Path benchTarget, PrintStream table) {
        Instant startedAt = clock.instant();
        Path out = options.out() != null ? options.out() : benchTarget.resolve("bench-results.json");
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(this::stopStack));
        // Taken before the stack starts, so the load average shows what else was using the machine
        // and the speed how fast its cores were.
        Machine machine = Machine.current();
        MachineSpeed speedBefore = measureSpeed("before the stack starts");
        List<ScenarioResult> results = new ArrayList<>();
        List<ScenarioResult> peerTrials = new ArrayList<>();
        PeerComparison peer = null;
        String stackDescription = "not started";
        HttpClient probes = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2))
                .build();
        try (NoopTarget target = NoopTarget.start(clock)) {
            Stack started = startStack(benchTarget, probes);
            stack.set(started);
            stackDescription = started.describe();
            try (ForemanClient api = new ForemanClient(started.apiUrl(), started.apiKey(), json);
                    ResourceSampler sampler = new ResourceSampler(
                            started::monitored, new HeapProbe(PrometheusEndpoint.over(probes)), clock)) {
                String notReady = apiProblem(api, API_READY_WITHIN);
                if (notReady != null) {
                    throw new IllegalStateException(notReady);
                }
                ScenarioContext context = new ScenarioContext(
                        started, api, target, json, clock, newRunId(), PrometheusEndpoint.over(probes));
                for (Scenario scenario : Scenarios.selected(options.scenarios(), options.scenarioSettings())) {
                    if (stack.get() == null) {
                        // Ctrl-C stopped the stack under us; the shutdown hook is finishing up.
                        break;
                    }
                    ScenarioResult result = runOne(scenario, context, sampler);
                    results.add(result);
                    System.err.print(BenchReport.table(List.of(result)));
                }
                if (target.strays() > 0) {
                    Progress.say("the target received %,d requests that named no job", target.strays());
                }
            } finally {
                stopStack();
            }
            if (options.peer() != null) {
                peer = runPeer(target, results, peerTrials);
            }
        } catch (Exception e) {
            Progress.say("bench failed: %s", e);
            if (results.isEmpty()) {
                return 1;
            }
        }
        // The host can change during a run; a second reading, with the stack stopped, shows it.
        MachineSpeed speedAfter = measureSpeed("after the last scenario");
        BenchReport report = new BenchReport(
                startedAt,
                clock.instant(),
                machine,
                speedBefore,
                speedAfter,
                stackDescription,
                settings(),
                Stream.concat(results.stream(), peerTrials.stream()).toList(),
                peer);
        try {
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, json.writerWithDefaultPrettyPrinter().writeValueAsString(report.toJson(json)));
        } catch (IOException e) {
            Progress.say("could not write %s: %s", out, e.getMessage());
        }
        table.print(report.table());
        table.flush();
        Progress.say("results written to %s", out);
        boolean allFinished = results.stream().allMatch(result -> result.error() == null);
        boolean peerCompared = options.peer() == null || peer != null;
        return allFinished && results.size() == options.scenarios().size() && peerCompared ? 0 : 1;
    }

    private Stack startStack(Path benchTarget, HttpClient probes) throws IOException, InterruptedException {
        if (options.apiUrl() != null) {
            Progress.say("targeting the running stack at %s", options.apiUrl());
            return new ExternalStack(options.apiUrl(), options.apiKey());
        }
        List<String> jvmOptions = new ArrayList<>(options.serviceJvmOptions());
        if (options.jfr()) {
            Path jfr = Files.createDirectories(benchTarget.resolve("jfr"));
            jvmOptions.add("-XX:StartFlightRecording=filename=" + jfr.resolve("{service}.jfr")
                    + ",settings=profile,dumponexit=true");
        }
        if (!options.synchronousCommit()) {
            // Read by the embedded Postgres as it starts (TestInfrastructure's server settings).
            System.setProperty("foreman.infra.postgres.synchronous_commit", "off");
        }
        return ManagedStack.start(repoRoot, jvmOptions, options.preload(), probes);
    }

    /**
     * Runs the peer once Foreman's stack has stopped, so the two never share the machine, and adds
     * its trials to {@code peerTrials}; {@code results} are Foreman's. Null when no trial of the
     * peer delivered every job.
     */
    private PeerComparison runPeer(NoopTarget target, List<ScenarioResult> results, List<ScenarioResult> peerTrials)
            throws Exception {
        JobRunrPeer.Outcome outcome =
                new JobRunrPeer(target, clock, JobRunrSettings.TRIALS).run(options.jobs(), options.synchronousCommit());
        peerTrials.addAll(outcome.trials());
        outcome.trials().forEach(trial -> System.err.print(BenchReport.table(List.of(trial))));
        if (outcome.best() == null) {
            Progress.say("peer %s: no trial delivered every job; no ratio", options.peer());
            return null;
        }
        ScenarioResult e2e = results.stream()
                .filter(result -> result.name().equals("e2e"))
                .findFirst()
                .orElse(null);
        return PeerComparison.of(
                options.peer(), JobRunrPeer.version(), outcome.bestSettings().describe(), e2e, outcome.best());
    }

    private ScenarioResult runOne(Scenario scenario, ScenarioContext context, ResourceSampler sampler) {
        Progress.say("scenario %s", scenario.name());
        ScenarioResult result;
        WindowUsage usage;
        try {
            String problem = apiProblem(context.api(), API_ANSWERS_WITHIN);
            if (problem != null) {
                return new ScenarioResult(scenario.name(), "")
                        .failed(problem + "; see bench/target/logs/api-service.log");
            }
            if (scenario.needsWorker()) {
                context.stack().startWorker();
            }
            sampler.beginWindow();
            try {
                result = scenario.run(context);
            } finally {
                usage = sampler.endWindow();
            }
            result.resources(usage);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result = new ScenarioResult(scenario.name(), "").failed("interrupted");
        } catch (Exception e) {
            Progress.say("scenario %s failed: %s", scenario.name(), e);
            result = new ScenarioResult(scenario.name(), "").failed(String.valueOf(e));
        }
        return result;
    }

    /**
     * Null once {@code GET /v1/jobs} answers 200 with the bench's key, else what was wrong when
     * {@code within} ran out. A fresh tenant's key may take a moment to be accepted, and an
     * external stack may still be starting.
     */
    private static String apiProblem(ForemanClient api, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            try {
                int status = api.probe();
                if (status == 200) {
                    return null;
                }
                last = "status " + status;
            } catch (IOException e) {
                last = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            }
            Thread.sleep(250);
        }
        return "GET /v1/jobs did not answer 200 with the bench's API key within " + within + " (last: " + last + ")";
    }

    /** Null when the bench is interrupted meanwhile; the report then says it was not measured. */
    private static MachineSpeed measureSpeed(String when) {
        try {
            MachineSpeed speed = CpuCalibration.standard().measure();
            Progress.say("cpu speed %s: %s", when, speed.describe());
            return speed;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private void stopStack() {
        Stack current = stack.getAndSet(null);
        if (current != null) {
            Progress.say("stopping the stack");
            current.close();
        }
    }

    private Map<String, Object> settings() {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("scenarios", options.scenarios());
        settings.put("jobs", options.jobs());
        settings.put("delayed_jobs", options.delayedJobs());
        settings.put("rate_per_second", options.rate());
        settings.put("clients", options.clients());
        settings.put("batch_clients", options.batchClients());
        settings.put("batch_size", options.batchSize());
        settings.put("warmup_s", options.warmup().toMillis() / 1000.0);
        settings.put("warmup_max_s", options.warmupMax().toMillis() / 1000.0);
        settings.put("duration_s", options.duration().toMillis() / 1000.0);
        settings.put("latency_duration_s", options.latencyDuration().toMillis() / 1000.0);
        settings.put("backlog_jobs", options.backlogJobs());
        settings.put("backlog_rate_per_second", options.backlogRate());
        settings.put("rate_limit_per_second", options.rateLimit());
        settings.put("queue_limits", options.queueLimits());
        settings.put("jfr", options.jfr());
        settings.put("synchronous_commit", options.synchronousCommit() ? "on" : "off");
        settings.put("service_jvm_options", options.serviceJvmOptions());
        settings.put("preload_finished_jobs", options.preload().finished());
        settings.put("preload_waiting_jobs", options.preload().waiting());
        settings.put("peer", options.peer());
        return settings;
    }

    private static String newRunId() {
        byte[] id = new byte[3];
        ThreadLocalRandom.current().nextBytes(id);
        return HexFormat.of().formatHex(id);
    }
}
