package dev.foreman.api.jobs;

import dev.foreman.api.outbox.PublishOnCommit;
import dev.foreman.common.job.InsertedJobs;
import dev.foreman.common.job.Job;
import dev.foreman.common.job.JobRepository;
import dev.foreman.common.job.TenantValidatedJob;
import dev.foreman.common.job.ValidatedJob;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The end of the submit path ({@link JobController} → {@link GroupCommit} → here): writes the jobs
 * of one or more submissions in one transaction, the job rows and an outbox row for each job that
 * is due in one statement, so a queued job always reaches Kafka and a rolled-back one never does;
 * the rows are published as soon as the transaction commits. A job whose idempotency key its tenant
 * already used is not written again: the stored job answers instead. That holds under concurrent
 * duplicates too, because the insert skips conflicting keys (waiting for an in-flight duplicate to
 * commit) and the lookup that follows sees the winner, even when the winner is another submission
 * of the same transaction.
 */
@Component
class SubmissionWriter {
    private final JobRepository jobs;
    private final PublishOnCommit outbox;
    private final TransactionTemplate tx;
    private final Counter created;
    private final Counter replayed;

    SubmissionWriter(JobRepository jobs, PublishOnCommit outbox, TransactionTemplate tx, MeterRegistry meters) {
        this.jobs = jobs;
        this.outbox = outbox;
        this.tx = tx;
        this.created = submittedCounter(meters, "created");
        this.replayed = submittedCounter(meters, "replayed");
    }

    /**
     * Each submission's stored jobs, in the order given, each marked replayed when its key was
     * already used; the group's rows are stamped with the latest {@code now} among them. The jobs
     * are counted once their transaction committed.
     */
    List<List<StoredJob>> writeAll(List<ValidatedSubmission> submissions) {
        Instant now = submissions.stream()
                .map(ValidatedSubmission::now)
                .max(Comparator.naturalOrder())
                .orElseThrow();
        List<List<StoredJob>> written = tx.execute(status -> insertWithOutbox(submissions, now));
        long jobs = 0;
        long replays = 0;
        for (List<StoredJob> submission : written) {
            jobs += submission.size();
            replays += submission.stream().filter(StoredJob::replayed).count();
        }
        created.increment(jobs - replays);
        replayed.increment(replays);
        return written;
    }

    private List<List<StoredJob>> insertWithOutbox(List<ValidatedSubmission> submissions, Instant now) {
        List<TenantValidatedJob> rows = submissions.stream()
                .flatMap(submission -> submission.jobs().stream()
                        .map(job -> new TenantValidatedJob(submission.tenantId(), job, submission.traceparent())))
                .toList();
        InsertedJobs inserted = jobs.insertAllSkippingKnownIdempotencyKeys(rows, now, outbox.relayAfter(now));
        outbox.publishAfterCommit(inserted.outboxRows());
        Map<UUID, Job> insertedById = inserted.jobs().stream().collect(Collectors.toMap(Job::id, Function.identity()));
        Map<UUID, Map<String, Job>> replayedByTenantAndKey = storedForReplays(rows, insertedById);
        List<List<StoredJob>> written = new ArrayList<>(submissions.size());
        for (ValidatedSubmission submission : submissions) {
            List<StoredJob> submitted = new ArrayList<>(submission.jobs().size());
            for (ValidatedJob job : submission.jobs()) {
                Job stored = insertedById.get(job.id());
                if (stored != null) {
                    submitted.add(new StoredJob(stored, false));
                    continue;
                }
                Job original = replayedByTenantAndKey
                        .getOrDefault(submission.tenantId(), Map.of())
                        .get(job.idempotencyKey());
                if (original == null) {
                    throw new IllegalStateException("job " + job.id() + " was neither inserted nor found by its key");
                }
                submitted.add(new StoredJob(original, true));
            }
            written.add(submitted);
        }
        return written;
    }

    private static Counter submittedCounter(MeterRegistry meters, String result) {
        return Counter.builder("foreman.jobs.submitted")
                .description("Jobs accepted by the API; 'replayed' ones repeated a known idempotency key")
                .tag("result", result)
                .register(meters);
    }

    /** The stored jobs whose keys the rows that were not inserted repeated, by tenant and key. */
    private Map<UUID, Map<String, Job>> storedForReplays(List<TenantValidatedJob> rows, Map<UUID, Job> insertedById) {
        Map<UUID, List<String>> replayedKeysByTenant = new HashMap<>();
        for (TenantValidatedJob row : rows) {
            if (!insertedById.containsKey(row.job().id())) {
                replayedKeysByTenant
                        .computeIfAbsent(row.tenantId(), tenant -> new ArrayList<>())
                        .add(row.job().idempotencyKey());
            }
        }
        Map<UUID, Map<String, Job>> stored = new HashMap<>();
        replayedKeysByTenant.forEach((tenantId, keys) -> stored.put(
                tenantId,
                jobs.findByIdempotencyKeys(tenantId, keys).stream()
                        .collect(Collectors.toMap(Job::idempotencyKey, Function.identity()))));
        return stored;
    }
}
