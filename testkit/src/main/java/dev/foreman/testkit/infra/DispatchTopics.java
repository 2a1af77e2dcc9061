package dev.foreman.testkit.infra;

import dev.foreman.common.job.JobTopics;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates Foreman's dispatch topics on a fresh broker, the same way for every kind of broker. */
final class DispatchTopics {
    /** Enough partitions for a few workers to share each priority. */
    static final int PARTITIONS = 6;

    private DispatchTopics() {}

    static void createIn(String bootstrapServers) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            var topics = JobTopics.all().stream()
                    .map(name -> new NewTopic(name, PARTITIONS, (short) 1))
                    .toList();
            admin.createTopics(topics).all().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("Could not create the dispatch topics " + JobTopics.all(), e);
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not create the dispatch topics within 60 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating the dispatch topics", e);
        }
    }
}
