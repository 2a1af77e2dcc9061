package dev.foreman.testkit.infra;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.common.utils.Exit;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * One Kafka broker in KRaft mode (combined broker and controller) inside this JVM. Its logs live in
 * a temporary directory that is deleted on close: Kafka data never survives a restart.
 */
final class EmbeddedKafkaServer implements AutoCloseable {
    // The name Kafka's KafkaClusterTestKit gives the client listener of a combined node.
    private static final String BROKER_LISTENER = "EXTERNAL";
    private static final String ADDRESS_PROPERTY = "foreman.testkit.embedded-kafka.brokers";
    private static final String TEMP_DIRECTORY_DELETION = "delete-temp-file-shutdown-hook";
    // Kafka's shutdown-hook adder is JVM-wide: brokers starting at the same time take turns.
    private static final Object EXIT_HOOKS = new Object();

    private final EmbeddedKafkaKraftBroker broker;
    private final PortForwarder forwarder;
    private final String bootstrapServers;
    private final List<Runnable> directoryDeletions;

    private EmbeddedKafkaServer(
            EmbeddedKafkaKraftBroker broker,
            PortForwarder forwarder,
            String bootstrapServers,
            List<Runnable> directoryDeletions) {
        this.broker = broker;
        this.forwarder = forwarder;
        this.bootstrapServers = bootstrapServers;
        this.directoryDeletions = directoryDeletions;
    }

    static EmbeddedKafkaServer start(int port) {
        // Topics are created by DispatchTopics, the same way for the embedded and container brokers.
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, DispatchTopics.PARTITIONS);
        // By default the broker writes its address into the JVM-wide spring.kafka.bootstrap-servers,
        // which outranks application.yml and goes stale when a second broker in the JVM stops.
        broker.brokerListProperty(ADDRESS_PROPERTY);
        Map<String, String> properties = new HashMap<>(Map.of(
                // Consumers in tests join at once instead of waiting for more members.
                "group.initial.rebalance.delay.ms", "0",
                "offsets.topic.replication.factor", "1",
                "offsets.topic.num.partitions", "6",
                "transaction.state.log.replication.factor", "1",
                "transaction.state.log.min.isr", "1",
                "num.partitions", String.valueOf(DispatchTopics.PARTITIONS),
                "auto.create.topics.enable", "true"));
        if (port == 0) {
            broker.brokerProperties(properties);
            List<Runnable> deletions = startDeferringDirectoryDeletion(broker);
            return new EmbeddedKafkaServer(broker, null, broker.getBrokersAsString(), deletions);
        }
        // Kafka's test kit binds the broker to a port it picks itself (kafkaPorts(...) is ignored in
        // KRaft mode), so the requested port forwards to it and is what the broker advertises.
        String address = "127.0.0.1:" + port;
        PortForwarder forwarder = PortForwarder.listenOn(port);
        try {
            properties.put("advertised.listeners", BROKER_LISTENER + "://" + address);
            broker.brokerProperties(properties);
            List<Runnable> deletions = startDeferringDirectoryDeletion(broker);
            forwarder.forwardTo(socketAddress(broker.getBrokersAsString()));
            return new EmbeddedKafkaServer(broker, forwarder, address, deletions);
        } catch (RuntimeException e) {
            closeQuietly(forwarder, e);
            throw e;
        }
    }

    /**
     * Starts the broker, keeping back the JVM shutdown hooks Kafka's test kit registers to delete
     * the broker's directories: run at exit beside ours, they delete the files while the broker
     * still writes to them, which fills the end of every test run with errors. {@link #close()}
     * runs them once the broker has stopped.
     */
    private static List<Runnable> startDeferringDirectoryDeletion(EmbeddedKafkaKraftBroker broker) {
        List<Runnable> deletions = new CopyOnWriteArrayList<>();
        synchronized (EXIT_HOOKS) {
            Exit.setShutdownHookAdder((name, hook) -> {
                if (name.equals(TEMP_DIRECTORY_DELETION)) {
                    deletions.add(hook);
                } else {
                    Runtime.getRuntime().addShutdownHook(new Thread(hook, name));
                }
            });
            try {
                broker.afterPropertiesSet();
            } finally {
                Exit.resetShutdownHookAdder();
            }
        }
        return deletions;
    }

    private static InetSocketAddress socketAddress(String hostAndPort) {
        int colon = hostAndPort.lastIndexOf(':');
        return new InetSocketAddress(
                hostAndPort.substring(0, colon), Integer.parseInt(hostAndPort.substring(colon + 1)));
    }

    private static void closeQuietly(AutoCloseable closeable, Exception failure) {
        try {
            closeable.close();
        } catch (Exception e) {
            failure.addSuppressed(e);
        }
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public void close() throws IOException {
        broker.destroy();
        directoryDeletions.forEach(Runnable::run);
        if (forwarder != null) {
            forwarder.close();
        }
    }
}
