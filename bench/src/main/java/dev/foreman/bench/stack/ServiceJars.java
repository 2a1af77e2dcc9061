package dev.foreman.bench.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The services' executable jars in a checkout ({@code <service>/target/foreman-<service>-*-exec.jar},
 * the newest if there are several) and the java command that runs them: the same JDK as this JVM,
 * which {@code ./foreman} picked to be 21 or newer.
 */
public final class ServiceJars {
    public static final String API = "api-service";
    public static final String WORKER = "worker-service";
    public static final String SCHEDULER = "scheduler-service";
    public static final List<String> SERVICES = List.of(API, WORKER, SCHEDULER);

    private ServiceJars() {}

    /** Each service's jar, by service name; fails with what to build when one is missing. */
    public static Map<String, Path> find(Path repoRoot) throws IOException {
        Map<String, Path> jars = new HashMap<>();
        for (String service : SERVICES) {
            Optional<Path> jar = findJar(repoRoot.resolve(service).resolve("target"), service);
            if (jar.isEmpty()) {
                throw new IllegalStateException("No " + service + "/target/foreman-" + service + "-*-exec.jar in "
                        + repoRoot + ". Build the services first (./foreman bench and ./foreman chaos do), or run"
                        + " ./mvnw -B -ntp package -DskipTests -pl " + String.join(",", SERVICES) + " -am");
            }
            jars.put(service, jar.get());
        }
        return jars;
    }

    /** The java launcher of this JVM. */
    public static String javaCommand() {
        return ProcessHandle.current()
                .info()
                .command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    private static Optional<Path> findJar(Path target, String service) throws IOException {
        if (!Files.isDirectory(target)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(file -> {
                        String name = file.getFileName().toString();
                        return name.startsWith("foreman-" + service + "-") && name.endsWith("-exec.jar");
                    })
                    .max(Comparator.comparing(ServiceJars::lastModified));
        }
    }

    private static long lastModified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }
}
