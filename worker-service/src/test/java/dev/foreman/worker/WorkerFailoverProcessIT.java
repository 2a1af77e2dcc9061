package dev.foreman.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.foreman.common.job.Job;
import dev.foreman.common.job.JobRepository;
import dev.foreman.common.job.JobState;
import dev.foreman.common.job.Priority;
import dev.foreman.testkit.dispatch.StandInRelay;
import dev.foreman.testkit.infra.TestInfrastructure;
import dev.foreman.testkit.infra.TestTenant;
import dev.foreman.testkit.jobs.Jobs;
import dev.foreman.testkit.process.ServiceProcess;
import dev.foreman.testkit.target.StubTarget;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Issue #20's recovery target, black-box: two workers as separate processes in one consumer group,
 * one killed with SIGKILL (no shutdown hook, no leave-group request), and jobs published to its
 * partitions after the kill. They are served again within 10 s of the kill: the group drops the
 * silent member after the worker's session timeout (6 s by default, Kafka's own is 45 s) and gives
 * its partitions to the survivor. The workers run with their default Kafka settings.
 */
class WorkerFailoverProcessIT {
    private static final Logger log = LoggerFactory.getLogger(WorkerFailoverProcessIT.class);

    private static final Duration RECOVERY_TARGET = Duration.ofSeconds(10);
    private static final Duration STARTUP = Duration.ofSeconds(120);
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final int JOBS_ON_THE_DEAD_PARTITIONS = 5;

    private final TestInfrastructure infra = TestInfrastructure.shared();
    private final JobRepository jobs = new JobRepository(JdbcClient.create(infra.dataSource()));
    private final StandInRelay relay = new StandInRelay();
    private final Clock clock = Clock.systemUTC();
    private final String group = "worker-failover-it-" + UUID.randomUUID();
    private final List<ServiceProcess> workers = new ArrayList<>();
    private final TestTenant tenant = infra.createTenant("worker-failover-it");
    private final StubTarget target = StubTarget.start();
    private final Admin admin =
            Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers()));

    @AfterEach
    void stopEverything() {
        workers.forEach(ServiceProcess::close);
        target.close();
        relay.close();
        admin.close();
    }

    @Test
    void servesAKilledWorkersPartitionsAgainWithinTenSeconds() throws Exception {
        ServiceProcess killed = start("failover-a");
        ServiceProcess survivor = start("failover-b");
        await("both workers ready and sharing the partitions (" + killed.log() + ", " + survivor.log() + ")")
                .atMost(STARTUP)
                .until(() -> {
                    workers.forEach(w ->
                            assertThat(w.isAlive()).as("%s is alive", w.log()).isTrue());
                    return killed.isReady()
                            && survivor.isReady()
                            && partitionsOf(killed).isPresent()
                            && partitionsOf(survivor).isPresent();
                });
        Set<TopicPartition> orphaned = partitionsOf(killed).orElseThrow();

        Instant killedAt = clock.instant();
        killed.kill();
        List<Job> onOrphanedPartitions = publishUntilOn(orphaned);

        await("the jobs on the killed worker's partitions " + orphaned + " succeed")
                .atMost(PATIENCE)
                .until(() -> onOrphanedPartitions.stream()
                        .allMatch(job -> current(job).state() == JobState.SUCCEEDED));
        Duration recovery = onOrphanedPartitions.stream()
                .map(job -> Duration.between(killedAt, current(job).startedAt()))
                .max(Comparator.naturalOrder())
                .orElseThrow();
        log.info(
                "A SIGKILLed worker's partitions {} were served again {} ms after the kill (target {})",
                orphaned,
                recovery.toMillis(),
                RECOVERY_TARGET);
        assertThat(recovery).isLessThan(RECOVERY_TARGET);
    }

    /** Publishes jobs, right after the kill, until enough of them went to the given partitions. */
    private List<Job> publishUntilOn(Set<TopicPartition> partitions) {
        List<Job> on = new ArrayList<>();
        while (on.size() < JOBS_ON_THE_DEAD_PARTITIONS) {
            Job job = jobs.insertAllSkippingKnownIdempotencyKeys(
                            tenant.id(),
                            List.of(Jobs.aJob()
                                    .withPriority(Priority.NORMAL)
                                    .targeting(target.url("/hook"))
                                    .build()),
                            clock.instant())
                    .getFirst();
            RecordMetadata sent = relay.publish(job);
            if (partitions.contains(new TopicPartition(sent.topic(), sent.partition()))) {
                on.add(job);
            }
        }
        return on;
    }

    /** The partitions the group gave the worker process, once it has some. */
    private Optional<Set<TopicPartition>> partitionsOf(ServiceProcess worker) throws Exception {
        ConsumerGroupDescription description;
        try {
            description = admin.describeConsumerGroups(List.of(group))
                    .describedGroups()
                    .get(group)
                    .get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                // No worker has joined yet (a slow start on a busy machine).
                return Optional.empty();
            }
            throw e;
        }
        // Workers name their Kafka client (and their leases) <HOSTNAME>-<pid>-….
        String clientPrefix = worker.name() + "-" + worker.pid() + "-";
        return description.members().stream()
                .filter(member -> member.clientId().startsWith(clientPrefix))
                .map(MemberDescription::assignment)
                .map(assignment -> assignment.topicPartitions().stream()
                        .filter(p -> p.topic().equals(Priority.NORMAL.topic()))
                        .collect(Collectors.toSet()))
                .filter(assigned -> !assigned.isEmpty())
                .findFirst();
    }

    private ServiceProcess start(String name) {
        ServiceProcess worker = ServiceProcess.start(
                "worker-service",
                name,
                Map.of("FOREMAN_WORKER_CONSUMERGROUP", group, "FOREMAN_WORKER_SHUTDOWNGRACE", "1s"));
        workers.add(worker);
        return worker;
    }

    private Job current(Job job) {
        return jobs.findByTenantAndId(tenant.id(), job.id()).orElseThrow();
    }
}
