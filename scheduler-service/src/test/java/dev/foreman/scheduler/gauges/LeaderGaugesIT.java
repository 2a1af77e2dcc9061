package dev.foreman.scheduler.gauges;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.foreman.common.job.Priority;
import dev.foreman.common.stats.JobStatsRepository;
import dev.foreman.common.stats.WorkerHeartbeatRepository;
import dev.foreman.scheduler.CaughtUpWorkers;
import dev.foreman.scheduler.TenantJobs;
import dev.foreman.scheduler.TestSchedulerProperties;
import dev.foreman.testkit.infra.TestInfrastructure;
import dev.foreman.testkit.jobs.Jobs;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The leader's gauges sampled from a real Postgres and Kafka: what they publish while leading, and
 * that a standby publishes none. The database is shared with other tests, so each test asserts on
 * the queue, group or worker it made.
 */
class LeaderGaugesIT {
    private final TestInfrastructure infra = TestInfrastructure.shared();
    private final JdbcClient jdbc = JdbcClient.create(infra.dataSource());
    private final JobStatsRepository stats = new JobStatsRepository(jdbc);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final AtomicBoolean leading = new AtomicBoolean(true);
    private final Admin admin =
            Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers()));

    LeaderGaugesIT() {
        infra.migrate();
    }

    @AfterEach
    void closeAdmin() {
        admin.close();
    }

    @Test
    void publishesAQueuesDepthByStateAndHowLongItsOldestQueuedJobHasWaited() {
        TenantJobs jobs = new TenantJobs("gauges-it");
        String queue = "gauges-" + UUID.randomUUID();
        Instant now = Instant.now();
        jobs.insertQueuedSince(Jobs.aJob().inQueue(queue), now.minus(Duration.ofMinutes(2)));
        jobs.insertQueuedSince(Jobs.aJob().inQueue(queue), now.minus(Duration.ofMinutes(1)));
        jobs.insert(Jobs.aJob().inQueue(queue).dueAt(now.plus(Duration.ofHours(1))), now);
        LeaderGauges gauges =
                leaderGauges(new QueueDepthGauges(stats, Clock.fixed(now, ZoneOffset.UTC), meters, 100_000));

        gauges.runRound();

        assertThat(gauge("foreman.queue.jobs", "queue", queue, "state", "queued"))
                .isEqualTo(2.0);
        assertThat(gauge("foreman.queue.jobs", "queue", queue, "state", "scheduled"))
                .isEqualTo(1.0);
        assertThat(gauge("foreman.queue.jobs", "queue", queue, "state", "running"))
                .isZero();
        assertThat(gauge("foreman.queue.oldest.queued.age", "queue", queue)).isCloseTo(120.0, within(1.0));
    }

    @Test
    void aStandbyWithdrawsEverySeriesItPublishedWhileLeading() {
        TenantJobs jobs = new TenantJobs("gauges-it");
        String queue = "gauges-" + UUID.randomUUID();
        jobs.insertQueuedSince(Jobs.aJob().inQueue(queue), Instant.now());
        LeaderGauges gauges = leaderGauges(
                new QueueDepthGauges(stats, Clock.systemUTC(), meters, 100_000),
                new OutboxGauges(stats, Clock.systemUTC(), meters),
                new LiveWorkerGauges(new WorkerHeartbeatRepository(jdbc), Clock.systemUTC(), meters));
        gauges.runRound();
        assertThat(meters.find("foreman.queue.jobs").tag("queue", queue).gauges())
                .isNotEmpty();

        leading.set(false);
        gauges.runRound();

        assertThat(meters.find("foreman.queue.jobs").gauges()).isEmpty();
        assertThat(meters.find("foreman.queue.oldest.queued.age").gauges()).isEmpty();
        assertThat(meters.find("foreman.outbox.backlog").gauges()).isEmpty();
        assertThat(meters.find("foreman.workers.live").gauges()).isEmpty();
    }

    @Test
    void countsTheOutboxRowsWaitingForKafkaAndTheOldestOnesAge() {
        TenantJobs jobs = new TenantJobs("gauges-it");
        Instant now = Instant.now();
        // Inserted without publishing: its outbox row waits.
        jobs.insert(Jobs.aJob().dueAt(now), now);
        leaderGauges(new OutboxGauges(stats, Clock.systemUTC(), meters)).runRound();

        assertThat(gauge("foreman.outbox.backlog")).isGreaterThanOrEqualTo(1.0);
        assertThat(gauge("foreman.outbox.oldest.age")).isGreaterThanOrEqualTo(0.0);
    }

    @Test
    void countsTheWorkersWhoseHeartbeatIsRecent() {
        WorkerHeartbeatRepository heartbeats = new WorkerHeartbeatRepository(jdbc);
        Instant now = Instant.now();
        heartbeats.recordHeartbeat("gauges-it-" + UUID.randomUUID(), now);
        leaderGauges(new LiveWorkerGauges(heartbeats, Clock.fixed(now, ZoneOffset.UTC), meters))
                .runRound();

        assertThat(gauge("foreman.workers.live")).isGreaterThanOrEqualTo(1.0);
    }

    @Test
    void theConsumerLagOfATopicIsWhatTheGroupHasNotCommittedAndZeroOnceItHas() throws Exception {
        String group = "gauges-it-" + UUID.randomUUID();
        write(Priority.HIGH);
        write(Priority.HIGH);
        LeaderGauges gauges = leaderGauges(new ConsumerLagGauges(admin, group, meters));

        gauges.runRound();
        // A group that never committed has every record of the topic ahead of it.
        assertThat(gauge("foreman.kafka.consumer.lag", "topic", Priority.HIGH.topic()))
                .isGreaterThanOrEqualTo(2.0);

        CaughtUpWorkers.commitEverythingReadBy(admin, group);
        gauges.runRound();
        assertThat(gauge("foreman.kafka.consumer.lag", "topic", Priority.HIGH.topic()))
                .isZero();
    }

    @Test
    void aSampleThatFailsIsWithdrawnAndTheOthersStillPublish() {
        SampledGauges failing = new SampledGauges() {
            @Override
            public void sample() {
                throw new IllegalStateException("Kafka is unreachable");
            }

            @Override
            public void clear() {}
        };
        LeaderGauges gauges = leaderGauges(
                failing, new LiveWorkerGauges(new WorkerHeartbeatRepository(jdbc), Clock.systemUTC(), meters));

        assertThat(gauges.runRound()).isEqualTo(1);
        assertThat(meters.find("foreman.workers.live").gauges()).hasSize(1);
    }

    private LeaderGauges leaderGauges(SampledGauges... gauges) {
        return new LeaderGauges(leading::get, List.of(gauges), TestSchedulerProperties.bind(Map.of()));
    }

    private double gauge(String name, String... tags) {
        Gauge gauge = meters.find(name).tags(tags).gauge();
        assertThat(gauge).as("gauge %s %s", name, List.of(tags)).isNotNull();
        return gauge.value();
    }

    private void write(Priority priority) throws Exception {
        Map<String, Object> settings = new HashMap<>();
        settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers());
        settings.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        settings.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(settings)) {
            producer.send(new ProducerRecord<>(
                            priority.topic(), UUID.randomUUID().toString(), new byte[0]))
                    .get(30, TimeUnit.SECONDS);
        }
    }
}
