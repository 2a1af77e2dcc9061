package dev.foreman.api.jobs;

import dev.foreman.common.job.DueJob;
import dev.foreman.common.job.Job;
import dev.foreman.common.job.JobRepository;
import dev.foreman.common.job.JobState;
import dev.foreman.common.job.NewJob;
import dev.foreman.common.outbox.OutboxRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes validated jobs: in one transaction, the job rows and an outbox row for each job that is
 * due now, so a queued job always reaches Kafka and a rolled-back one never does. A job whose
 * idempotency key the tenant already used is not written again: the stored job answers instead.
 * That holds under concurrent duplicates too, because the insert skips conflicting keys (waiting
 * for an in-flight duplicate to commit) and the lookup that follows sees the winner.
 */
@Component
class JobSubmitter {
    private final JobRepository jobs;
    private final OutboxRepository outbox;
    private final TransactionTemplate tx;
    private final Counter created;
    private final Counter replayed;

    JobSubmitter(JobRepository jobs, OutboxRepository outbox, TransactionTemplate tx, MeterRegistry meters) {
        this.jobs = jobs;
        this.outbox = outbox;
        this.tx = tx;
        this.created = submittedCounter(meters, "created");
        this.replayed = submittedCounter(meters, "replayed");
    }

    /** The stored jobs in the order given, each marked replayed when its key was already used. */
    List<SubmittedJob> submitAll(UUID tenantId, List<NewJob> newJobs, Instant now) {
        List<SubmittedJob> submitted = tx.execute(status -> insertWithOutbox(tenantId, newJobs, now));
        long replays = submitted.stream().filter(SubmittedJob::replayed).count();
        created.increment(submitted.size() - replays);
        replayed.increment(replays);
        return submitted;
    }

    private List<SubmittedJob> insertWithOutbox(UUID tenantId, List<NewJob> newJobs, Instant now) {
        List<Job> inserted = jobs.insertAllSkippingKnownIdempotencyKeys(tenantId, newJobs, now);
        outbox.enqueueAll(
                inserted.stream()
                        .filter(job -> job.state() == JobState.QUEUED)
                        .map(job -> new DueJob(job.id(), job.tenantId(), job.queue(), job.priority()))
                        .toList(),
                now);
        Map<UUID, Job> insertedById = inserted.stream().collect(Collectors.toMap(Job::id, Function.identity()));
        List<String> replayedKeys = newJobs.stream()
                .filter(job -> !insertedById.containsKey(job.id()))
                .map(NewJob::idempotencyKey)
                .toList();
        Map<String, Job> storedByKey = replayedKeys.isEmpty()
                ? Map.of()
                : jobs.findByIdempotencyKeys(tenantId, replayedKeys).stream()
                        .collect(Collectors.toMap(Job::idempotencyKey, Function.identity()));
        List<SubmittedJob> submitted = new ArrayList<>(newJobs.size());
        for (NewJob job : newJobs) {
            Job stored = insertedById.get(job.id());
            if (stored != null) {
                submitted.add(new SubmittedJob(stored, false));
                continue;
            }
            Job original = storedByKey.get(job.idempotencyKey());
            if (original == null) {
                throw new IllegalStateException("job " + job.id() + " was neither inserted nor found by its key");
            }
            submitted.add(new SubmittedJob(original, true));
        }
        return submitted;
    }

    private static Counter submittedCounter(MeterRegistry meters, String result) {
        return Counter.builder("foreman.jobs.submitted")
                .description("Jobs accepted by the API; 'replayed' ones repeated a known idempotency key")
                .tag("result", result)
                .register(meters);
    }

    /** A stored job and whether the request only repeated it. */
    record SubmittedJob(Job job, boolean replayed) {}
}
