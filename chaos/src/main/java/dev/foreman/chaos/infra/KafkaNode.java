package dev.foreman.chaos.infra;

import dev.foreman.bench.stack.ServiceJars;
import dev.foreman.common.job.JobTopics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * One Kafka broker (KRaft, combined broker and controller) in a child JVM running Kafka's own
 * {@code kafka.Kafka} from this JVM's class path, its log in a directory that outlives a restart:
 * so it can be stopped (SIGTERM, a controlled shutdown) and started again on the same port with its
 * topics, offsets and consumer groups, as a broker a user runs. The testkit's broker lives inside
 * the test JVM and loses everything when it stops.
 */
final class KafkaNode implements AutoCloseable {
    private static final int PARTITIONS = 6;
    private static final Duration READY_WITHIN = Duration.ofSeconds(120);
    private static final Duration STOP_WITHIN = Duration.ofSeconds(30);
    private static final String KAFKA_MAIN = "kafka.Kafka";
    private static final String STORAGE_TOOL = "kafka.tools.StorageTool";
    // Present when this JVM runs from Spring Boot's executable jar, whose classes sit in nested jars.
    private static final String BOOT_LAUNCHER = "org.springframework.boot.loader.launch.PropertiesLauncher";

    private final Path directory;
    private final int port;
    private final int controllerPort;
    private final Path log;
    private Process broker;

    KafkaNode(Path directory, int port, int controllerPort, Path log) {
        this.directory = directory;
        this.port = port;
        this.controllerPort = controllerPort;
        this.log = log;
    }

    /** Formats the log directory on the first start, starts the broker and waits until it answers. */
    synchronized void start() {
        try {
            Path config = directory.resolve("server.properties");
            if (!Files.exists(config)) {
                Files.createDirectories(directory.resolve("data"));
                Files.writeString(config, serverProperties());
                format(config);
            }
            broker = java(KAFKA_MAIN, config.toString()).start();
            awaitReady();
        } catch (IOException e) {
            throw new UncheckedIOException("The Kafka broker did not start", e);
        }
    }

    /** Creates the dispatch topics, six partitions each, as the testkit does. */
    void createTopics() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            List<NewTopic> topics = JobTopics.all().stream()
                    .map(name -> new NewTopic(name, PARTITIONS, (short) 1))
                    .toList();
            admin.createTopics(topics).all().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("Could not create the dispatch topics", e);
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not create the dispatch topics within 60 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating the dispatch topics", e);
        }
    }

    /** SIGTERM (a controlled shutdown), SIGKILL if it has not exited within 30 s. */
    synchronized void stop() {
        if (broker == null) {
            return;
        }
        broker.destroy();
        try {
            if (!broker.waitFor(STOP_WITHIN.toMillis(), TimeUnit.MILLISECONDS)) {
                broker.destroyForcibly();
                broker.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            broker.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        broker = null;
    }

    String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** The broker's process, for the resource figures; null while it is stopped. */
    synchronized Long pid() {
        return broker == null ? null : broker.pid();
    }

    private String serverProperties() {
        return String.join(
                "\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + directory.resolve("data"),
                "num.partitions=" + PARTITIONS,
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=6",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "auto.create.topics.enable=true",
                "");
    }

    private void format(Path config) throws IOException {
        Process storageTool = java(
                        STORAGE_TOOL,
                        "format",
                        "--cluster-id",
                        Uuid.randomUuid().toString(),
                        "--config",
                        config.toString())
                .start();
        try {
            if (!storageTool.waitFor(120, TimeUnit.SECONDS) || storageTool.exitValue() != 0) {
                storageTool.destroyForcibly();
                throw new IllegalStateException("kafka-storage format failed; see " + log);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while formatting Kafka's log directory", e);
        }
    }

    private ProcessBuilder java(String mainClass, String... args) {
        List<String> command = new ArrayList<>();
        command.add(ServiceJars.javaCommand());
        command.add("-Xmx512m");
        command.add("-Dchaos.log.dir=" + log.getParent());
        command.add("-Dchaos.log.file=" + log.getFileName());
        if (System.getProperty("logback.configurationFile") != null) {
            command.add("-Dlogback.configurationFile=" + System.getProperty("logback.configurationFile"));
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        if (runsFromBootJar()) {
            command.add("-Dloader.main=" + mainClass);
            command.add(BOOT_LAUNCHER);
        } else {
            command.add(mainClass);
        }
        command.addAll(List.of(args));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    }

    private static boolean runsFromBootJar() {
        try {
            Class.forName(BOOT_LAUNCHER, false, ClassLoader.getSystemClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + READY_WITHIN.toNanos();
        while (System.nanoTime() < deadline) {
            if (!broker.isAlive()) {
                throw new IllegalStateException(
                        "The Kafka broker exited with status " + broker.exitValue() + " while starting; see " + log);
            }
            if (answers()) {
                return;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for Kafka", e);
            }
        }
        throw new IllegalStateException("The Kafka broker did not answer within " + READY_WITHIN + "; see " + log);
    }

    private boolean answers() {
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000))) {
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress("127.0.0.1", port), 500);
            }
            admin.describeCluster().nodes().get(3, TimeUnit.SECONDS);
            return true;
        } catch (IOException | ExecutionException | TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        stop();
    }
}
