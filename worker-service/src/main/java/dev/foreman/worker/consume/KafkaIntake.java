package dev.foreman.worker.consume;

import dev.foreman.common.job.ClaimedJob;
import dev.foreman.common.job.JobTopics;
import dev.foreman.common.job.Priority;
import dev.foreman.common.loop.BackgroundLoop;
import dev.foreman.common.loop.BackgroundLoop.Next;
import dev.foreman.common.loop.LoopWork;
import dev.foreman.common.tracing.TraceAttributes;
import dev.foreman.common.tracing.TraceSpan;
import dev.foreman.common.tracing.Tracing;
import dev.foreman.worker.WorkerProperties;
import dev.foreman.worker.attempt.InFlightAttempts;
import dev.foreman.worker.claim.JobClaimer;
import dev.foreman.worker.consume.IntakeBatch.Delivery;
import dev.foreman.worker.consume.PriorityGate.Turn;
import dev.foreman.worker.lease.AttemptDrain;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.opentelemetry.api.trace.SpanKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.stereotype.Component;

/**
 * The worker's intake: a raw Kafka consumer on the three priority topics, driven by one dedicated
 * thread. Each round it polls no more than the free in-flight capacity (see {@link PriorityGate}
 * for which topics a poll reads), claims every delivered job in one statement, commits the
 * offsets only after the claim committed (from then on the lease protects the job, so a crash
 * loses nothing; see {@link PendingOffsets}, at most every 100 ms), and launches the claimed
 * attempts, high priority first.
 *
 * <p>The last {@link WorkerProperties#effectiveHighPriorityReserve()} free slots are kept for high
 * priority: a backlog of normal or low jobs never takes them, and while only they are free intake
 * reads the high topic alone, so a high job behind a full worker starts when it arrives, not when
 * the backlog frees a slot.
 *
 * <p>When every slot is busy it pauses all partitions and keeps polling, so the consumer stays in
 * its group without fetching anything, until a slot frees. Stopping stops the polling and leaves the
 * consumer group, so other workers take over its partitions at once, then lets {@link AttemptDrain}
 * end the attempts still running (the shutdown grace, then a hand-back). Its place in the stop
 * order: {@code WorkerShutdownOrder}.
 */
@Component
class KafkaIntake implements LoopWork {
    private static final Logger log = LoggerFactory.getLogger(KafkaIntake.class);
    private static final Duration ERROR_BACKOFF = Duration.ofSeconds(1);
    // How often claimed offsets are committed; a crash redelivers at most this much, to claim nothing.
    private static final Duration COMMIT_INTERVAL = Duration.ofMillis(100);
    // Beyond the drain: the last offset commit, leaving the group and the hand-back's statement.
    private static final Duration LEAVING_PATIENCE = Duration.ofSeconds(8);
    private static final Map<String, Priority> PRIORITY_OF_TOPIC = EnumSet.allOf(Priority.class).stream()
            .collect(Collectors.toUnmodifiableMap(Priority::topic, Function.identity()));

    private final KafkaProperties kafka;
    private final WorkerProperties properties;
    private final JobClaimer claimer;
    private final InFlightAttempts inFlight;
    private final AttemptDrain drain;
    private final PriorityGate gate;
    private final Tracing tracing;
    private final int maxPollRecords;
    private final int highPriorityReserve;
    private final Counter undecodable;
    private final MeterRegistry meters;
    private final PendingOffsets offsets = new PendingOffsets(COMMIT_INTERVAL, System.nanoTime());

    private final BackgroundLoop loop;
    private Consumer<String, byte[]> consumer;
    // The consumer's own client metrics (kafka_consumer_*: fetch rates, records-lag-max), bound to it
    // while it lives.
    private KafkaClientMetrics clientMetrics;
    private Set<Priority> open = EnumSet.allOf(Priority.class);
    private boolean warnedUndecodable;

    KafkaIntake(
            KafkaProperties kafka,
            WorkerProperties properties,
            JobClaimer claimer,
            InFlightAttempts inFlight,
            AttemptDrain drain,
            Tracing tracing,
            MeterRegistry meters) {
        this.kafka = kafka;
        this.tracing = tracing;
        this.properties = properties;
        this.claimer = claimer;
        this.inFlight = inFlight;
        this.drain = drain;
        this.gate = new PriorityGate(properties.lowPriorityShare());
        this.maxPollRecords = Math.min(properties.maxPollRecords(), properties.maxInFlight());
        this.highPriorityReserve = properties.effectiveHighPriorityReserve();
        this.meters = meters;
        this.undecodable = Counter.builder("foreman.worker.records.undecodable")
                .description("Dispatch records that could not be decoded and were skipped")
                .register(meters);
        // Each round waits in the poll; the thread is the one that keeps the worker's JVM running.
        this.loop = BackgroundLoop.named("foreman-intake", Duration.ZERO)
                .keepsJvmAlive()
                .backOff(failures -> ERROR_BACKOFF)
                .failureMessage("Intake round failed")
                .stopWithin(drain.bound().plus(LEAVING_PATIENCE))
                .afterLastRound(this::leaveAndDrain)
                .build(this::consumeOnce);
    }

    @Override
    public synchronized void start() {
        if (loop.isRunning()) {
            return;
        }
        // Created here so a bad consumer configuration fails the start-up instead of a background thread.
        consumer = newConsumer();
        clientMetrics = new KafkaClientMetrics(consumer);
        clientMetrics.bindTo(meters);
        consumer.subscribe(
                JobTopics.all(), new Rebalances(consumer, offsets, assigned -> applyPauses(consumer, assigned)));
        loop.start();
    }

    /**
     * Stopping stops polling, leaves the group, and returns once running attempts had their grace
     * and the rest were handed back.
     */
    @Override
    public BackgroundLoop loop() {
        return loop;
    }

    private Next consumeOnce() {
        try {
            pollOnce();
            offsets.commitIfDue(consumer, System.nanoTime());
            return Next.AT_ONCE;
        } catch (ClaimFailed e) {
            // The batch is back in Kafka already; the loop retries after its back-off.
            throw e;
        } catch (RuntimeException e) {
            rewindToCommitted();
            throw e;
        }
    }

    private void leaveAndDrain() {
        clientMetrics.close();
        try (Consumer<String, byte[]> leaving = consumer) {
            offsets.commitBeforeLeaving(leaving, leaving.assignment());
        } catch (RuntimeException e) {
            log.error("Committing the last offsets failed while leaving; their records are claimed by nobody twice", e);
        }
        // The group is left by now, so other workers take over the partitions during the grace.
        drain.drainInFlight();
    }

    private void pollOnce() {
        int free = inFlight.free();
        int slots = Math.min(free, maxPollRecords);
        if (slots == 0) {
            // Backpressure: stay in the group, fetch nothing, until an attempt finishes.
            openOnly(consumer, Set.of());
            consumer.poll(properties.pollTimeout());
            return;
        }
        int lowerSlots = Math.min(free - highPriorityReserve, maxPollRecords);
        if (lowerSlots <= 0) {
            pollReservedForHigh(slots);
            return;
        }
        Turn turn = gate.next();
        openOnly(consumer, turn.open());
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        consumer.poll(turn.share() ? Duration.ZERO : properties.pollTimeout()).forEach(records::add);
        if (!turn.share() && mayLeaveHigherPrioritiesFetched(records)) {
            probeHigherPriorities(consumer, turn, records);
        }
        IntakeBatch batch = IntakeBatch.of(records, slots, lowerSlots, PRIORITY_OF_TOPIC);
        batch.rewinds().forEach(consumer::seek);
        gate.observe(turn, records.size() >= lowerSlots, batch.highest());
        if (!batch.taken().isEmpty()) {
            claimAndLaunch(batch);
        }
    }

    /**
     * Only the slots kept for high priority are free: reads the high topic alone, so a high job is
     * taken the moment it arrives instead of when an attempt of the backlog ends.
     */
    private void pollReservedForHigh(int slots) {
        openOnly(consumer, EnumSet.of(Priority.HIGH));
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        consumer.poll(properties.pollTimeout()).forEach(records::add);
        IntakeBatch batch = IntakeBatch.of(records, slots, slots, PRIORITY_OF_TOPIC);
        batch.rewinds().forEach(consumer::seek);
        if (!batch.taken().isEmpty()) {
            claimAndLaunch(batch);
        }
    }

    /**
     * Whether higher-priority records may sit fetched behind {@code records}. A poll hands out the
     * fetched records of every open partition until it has {@code max.poll.records}, so one that
     * returned fewer left nothing behind. Probing after every poll cost intake a poll and two rounds
     * of pausing, and when the consumer had no fetch in flight the probe sent one for the higher
     * topics alone, which the broker held for the whole fetch wait (50 ms) while the records of the
     * topics just read waited behind it.
     */
    private boolean mayLeaveHigherPrioritiesFetched(List<ConsumerRecord<String, byte[]>> records) {
        return records.size() >= maxPollRecords;
    }

    /**
     * A poll returns records one fetched partition at a time, so a batch of low records may come
     * back while high records already sit fetched in the consumer. Asking once more, without
     * waiting, for each priority above the batch's highest, highest first, lets those go first;
     * whatever then no longer fits is rewound.
     */
    private void probeHigherPriorities(
            Consumer<String, byte[]> consumer, Turn turn, List<ConsumerRecord<String, byte[]>> records) {
        Priority highest = records.stream()
                .map(r -> PRIORITY_OF_TOPIC.get(r.topic()))
                .min(Priority::compareTo)
                .orElseThrow();
        for (Priority higher : Priority.values()) {
            if (higher.compareTo(highest) >= 0) {
                return;
            }
            if (turn.open().contains(higher)) {
                openOnly(consumer, Set.of(higher));
                int before = records.size();
                consumer.poll(Duration.ZERO).forEach(records::add);
                if (records.size() > before) {
                    return;
                }
            }
        }
    }

    private void claimAndLaunch(IntakeBatch batch) {
        reportUndecodable(batch.undecodable());
        List<UUID> ids = batch.jobIds();
        if (!inFlight.reserve(ids.size())) {
            // Only intake takes slots, so this cannot happen; if it does, leave the batch in Kafka.
            batch.rewindsOfEverything().forEach(consumer::seek);
            throw new IllegalStateException("Intake took " + ids.size() + " jobs but fewer slots were free");
        }
        List<ClaimedJob> claimed;
        long claimStarted = tracing.now();
        try {
            claimed = claimer.claimQueued(ids);
        } catch (RuntimeException e) {
            // Nothing was claimed and nothing committed: put the whole batch back in Kafka and try later.
            inFlight.release(ids.size());
            batch.rewindsOfEverything().forEach(consumer::seek);
            throw new ClaimFailed(ids.size(), e);
        }
        long claimEnded = tracing.now();
        inFlight.release(ids.size() - claimed.size());
        offsets.add(batch.commits());
        Map<UUID, ClaimedJob> byId = new HashMap<>();
        claimed.forEach(c -> byId.put(c.job().id(), c));
        for (Delivery delivery : batch.taken()) {
            ClaimedJob job = delivery.jobId() == null ? null : byId.remove(delivery.jobId());
            if (job != null) {
                inFlight.launch(job, claimSpan(delivery, job, claimStarted, claimEnded));
            }
        }
    }

    /**
     * Records the claim of {@code job} (one statement for the whole batch, so the same times for
     * each) as a span continuing its record's trace, when that is sampled.
     *
     * @return the trace context the attempt continues: the claim span's, or the record's
     */
    private String claimSpan(Delivery delivery, ClaimedJob job, long started, long ended) {
        TraceSpan span = tracing.start("claim", SpanKind.CONSUMER, delivery.traceparent(), started);
        if (span.recording()) {
            span.set(TraceAttributes.MESSAGING_SYSTEM, "kafka")
                    .set(TraceAttributes.MESSAGING_OPERATION_TYPE, "process")
                    .set(
                            TraceAttributes.MESSAGING_DESTINATION,
                            delivery.partition().topic())
                    .set(TraceAttributes.MESSAGING_MESSAGE_ID, delivery.partition() + "@" + delivery.offset())
                    .set(TraceAttributes.JOB_ID, job.job().id().toString())
                    .set(TraceAttributes.TENANT_ID, job.job().tenantId().toString())
                    .set(TraceAttributes.QUEUE, job.job().queue())
                    .set(TraceAttributes.ATTEMPT, job.job().attempt());
        }
        span.end(ended);
        return span.propagate(delivery.traceparent());
    }

    private void reportUndecodable(List<Delivery> deliveries) {
        if (deliveries.isEmpty()) {
            return;
        }
        undecodable.increment(deliveries.size());
        for (Delivery d : deliveries) {
            if (!warnedUndecodable) {
                warnedUndecodable = true;
                log.warn(
                        "Skipped an undecodable dispatch record at {}@{} ({}); further ones are counted in"
                                + " foreman.worker.records.undecodable and logged at debug",
                        d.partition(),
                        d.offset(),
                        d.problem());
            } else {
                log.debug(
                        "Skipped an undecodable dispatch record at {}@{} ({})", d.partition(), d.offset(), d.problem());
            }
        }
    }

    /**
     * After a round failed halfway, the consumer's position may be past records nobody claimed;
     * committing later offsets would then skip them. Going back to the committed offsets delivers
     * them again, and anything already claimed simply claims nothing the second time.
     */
    private void rewindToCommitted() {
        try {
            Set<TopicPartition> assigned = consumer.assignment();
            consumer.committed(assigned).forEach((partition, committed) -> {
                if (committed != null) {
                    consumer.seek(partition, committed);
                } else {
                    consumer.seekToBeginning(List.of(partition));
                }
            });
        } catch (RuntimeException e) {
            log.warn("Could not rewind to the committed offsets; uncommitted records may be skipped", e);
        }
    }

    /** Pauses every assigned partition whose priority is not in {@code priorities} and resumes the rest. */
    private void openOnly(Consumer<String, byte[]> consumer, Set<Priority> priorities) {
        open = priorities;
        applyPauses(consumer, consumer.assignment());
    }

    private void applyPauses(Consumer<String, byte[]> consumer, Collection<TopicPartition> partitions) {
        List<TopicPartition> toPause = new ArrayList<>();
        List<TopicPartition> toResume = new ArrayList<>();
        for (TopicPartition partition : partitions) {
            (open.contains(PRIORITY_OF_TOPIC.get(partition.topic())) ? toResume : toPause).add(partition);
        }
        consumer.pause(toPause);
        consumer.resume(toResume);
    }

    private Consumer<String, byte[]> newConsumer() {
        Map<String, Object> config = ConsumerSettings.of(
                kafka.buildConsumerProperties(), properties.consumerGroup(), claimer.workerId(), maxPollRecords);
        return new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** Claiming a polled batch failed; the batch was put back in Kafka, to be polled again after the back-off. */
    private static final class ClaimFailed extends RuntimeException {
        ClaimFailed(int jobs, RuntimeException cause) {
            super("Claiming " + jobs + " jobs failed; they stay in Kafka", cause);
        }
    }
}
