package dev.foreman.devstack;

import dev.foreman.common.tenant.ApiKeys;
import dev.foreman.testkit.infra.TestInfrastructure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import sun.misc.Signal;

/**
 * The embedded development stack: Postgres, Kafka and Redis in this JVM, and (mode {@code dev})
 * the three services as separate Spring contexts, or (mode {@code infra}) only the infrastructure
 * with the settings that let the service jars run as separate processes against it.
 *
 * <p>Postgres data and the dev API key are kept under {@code .devstack/} between restarts. Kafka's
 * data is not: Postgres is the truth, and jobs left queued are published again from it.
 */
public final class Devstack {
    private Devstack() {}

    public static void main(String[] args) throws Exception {
        String mode = args.length == 0 ? "dev" : args[0].toLowerCase(Locale.ROOT);
        DevstackSettings settings = DevstackSettings.fromSystemProperties();
        long started = System.nanoTime();

        TestInfrastructure infra = TestInfrastructure.startEmbedded(settings.dataDirectory(), settings.ports());
        infra.migrate();

        switch (mode) {
            case "infra" -> {
                String apiKey = devApiKey(settings.dataDirectory());
                System.out.println(
                        Banner.infrastructure(Banner.Addresses.of(infra), settings, apiKey, elapsed(started)));
                Thread.currentThread().join();
            }
            case "dev" -> {
                String apiKey = devApiKey(settings.dataDirectory());
                DevTarget target = DevTarget.start(settings.targetPort());
                RunningServices services = RunningServices.start(
                        infra,
                        new RunningServices.ServicePorts(
                                settings.apiPort(), settings.workerPort(), settings.schedulerPort()),
                        apiKey,
                        Map.of());
                stopServicesFirstOnSignal(services, target);
                System.out.println(Banner.full(settings, apiKey, target, elapsed(started)));
                Thread.currentThread().join();
            }
            default -> {
                System.err.println("usage: devstack [dev|infra]");
                System.exit(2);
            }
        }
    }

    /**
     * On SIGTERM or SIGINT, stops {@code parts} in order and only then exits, which stops Postgres,
     * Kafka and Redis. Exiting at once would run every shutdown hook together, the embedded servers'
     * own among them (embedded Redis registers one that cannot be turned off), so the services would
     * lose their infrastructure while they still drain into it and log errors until they gave up.
     */
    private static void stopServicesFirstOnSignal(AutoCloseable... parts) {
        AtomicBoolean stopping = new AtomicBoolean();
        Runnable stop = () -> {
            long started = System.nanoTime();
            for (AutoCloseable part : parts) {
                try {
                    part.close();
                } catch (Exception e) {
                    System.err.println("devstack: " + part + " did not stop cleanly: " + e);
                }
            }
            System.out.printf(
                    "Foreman devstack: services stopped in %.1f s; stopping Postgres, Kafka and Redis%n",
                    elapsed(started).toMillis() / 1000.0);
            System.exit(0);
        };
        for (String name : List.of("TERM", "INT")) {
            Signal.handle(new Signal(name), signal -> {
                if (stopping.compareAndSet(false, true)) {
                    Thread.ofPlatform().name("devstack-stop").start(stop);
                }
            });
        }
    }

    /** One key per data directory, so the curl lines a developer saved keep working after a restart. */
    private static String devApiKey(Path dataDirectory) throws IOException {
        Path file = dataDirectory.resolve("api-key");
        if (Files.exists(file)) {
            return Files.readString(file).strip();
        }
        String key = ApiKeys.newKey();
        Files.createDirectories(dataDirectory);
        Files.writeString(file, key + "\n");
        return key;
    }

    private static Duration elapsed(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }
}
