package dev.foreman.api.jobs;

import dev.foreman.api.ApiProperties;
import dev.foreman.api.auth.RequiresRole;
import dev.foreman.api.jobs.ResponseBodies.AttemptTimeline;
import dev.foreman.api.jobs.ResponseBodies.CallbackList;
import dev.foreman.api.jobs.ResponseBodies.JobBatch;
import dev.foreman.api.jobs.ResponseBodies.JobPage;
import dev.foreman.api.limits.ActiveJobQuota;
import dev.foreman.api.problem.ApiProblem;
import dev.foreman.api.problem.InvalidField;
import dev.foreman.api.problem.PathIds;
import dev.foreman.api.problem.ProblemCode;
import dev.foreman.api.tracing.RequestSpan;
import dev.foreman.api.tracing.RequestTracing;
import dev.foreman.common.callback.CallbackRepository;
import dev.foreman.common.job.Job;
import dev.foreman.common.job.JobAttemptRepository;
import dev.foreman.common.job.JobDocument;
import dev.foreman.common.job.JobRepository;
import dev.foreman.common.job.JobState;
import dev.foreman.common.job.ValidatedJob;
import dev.foreman.common.queue.QueueRepository;
import dev.foreman.common.tenant.ApiKeyPrincipal;
import dev.foreman.common.tenant.ApiKeyRole;
import dev.foreman.common.tracing.TraceAttributes;
import dev.foreman.common.tracing.Traceparent;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /v1/jobs}: submit, read and list jobs, read a job's attempt timeline and callbacks, cancel
 * a job and retry a dead or cancelled one.
 */
@RestController
@RequestMapping("/v1/jobs")
class JobController {
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    static final String IDEMPOTENT_REPLAYED = "Idempotent-Replayed";

    private final SubmissionValidator validator;
    private final GroupCommit groupCommit;
    private final JobRepository jobs;
    private final JobAttemptRepository attempts;
    private final CallbackRepository callbacks;
    private final QueueRepository queues;
    private final JobRetrier retrier;
    private final ActiveJobQuota activeJobs;
    private final RequestTracing tracing;
    private final ApiProperties.Jobs settings;
    private final Clock clock;

    JobController(
            SubmissionValidator validator,
            GroupCommit groupCommit,
            JobRepository jobs,
            JobAttemptRepository attempts,
            CallbackRepository callbacks,
            QueueRepository queues,
            JobRetrier retrier,
            ActiveJobQuota activeJobs,
            RequestTracing tracing,
            ApiProperties properties,
            Clock clock) {
        this.activeJobs = activeJobs;
        this.tracing = tracing;
        this.validator = validator;
        this.groupCommit = groupCommit;
        this.jobs = jobs;
        this.attempts = attempts;
        this.callbacks = callbacks;
        this.queues = queues;
        this.retrier = retrier;
        this.settings = properties.jobs();
        this.clock = clock;
    }

    /**
     * 202 with the new job; 200 with the original and {@code Idempotent-Replayed: true} for a known key.
     *
     * <p>The submit endpoints set their status on the servlet response and return the bare body: for
     * a {@code ResponseEntity} return type Spring MVC resolves the body's generic type on every
     * request while it picks a return value handler, which cost about a tenth of a submit's CPU.
     */
    @RequiresRole(ApiKeyRole.MEMBER)
    @PostMapping
    JobDocument submit(
            ApiKeyPrincipal caller,
            @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String idempotencyKey,
            @RequestHeader(name = Traceparent.HEADER, required = false) String traceparent,
            @RequestBody JobRequest request,
            HttpServletResponse response) {
        try (RequestSpan span = tracing.start("submit", "/v1/jobs", traceparent, caller.tenantId())) {
            try {
                Instant now = clock.instant();
                ValidatedJob job = validator.validateOne(request, idempotencyKey, now);
                activeJobs.reserve(caller.tenantId(), 1);
                StoredJob submitted = groupCommit
                        .submit(new ValidatedSubmission(caller.tenantId(), List.of(job), now, span.traceparent()))
                        .getFirst();
                if (submitted.replayed()) {
                    response.setStatus(HttpStatus.OK.value());
                    response.setHeader(IDEMPOTENT_REPLAYED, "true");
                } else {
                    response.setStatus(HttpStatus.ACCEPTED.value());
                }
                if (span.recording()) {
                    span.status(response.getStatus())
                            .set(TraceAttributes.JOB_ID, submitted.job().id().toString())
                            .set(TraceAttributes.QUEUE, submitted.job().queue());
                }
                return JobDocument.of(submitted.job());
            } catch (RuntimeException e) {
                span.failed(e);
                throw e;
            }
        }
    }

    /** All jobs or none: one invalid job rejects the batch and names its index. */
    @RequiresRole(ApiKeyRole.MEMBER)
    @PostMapping("/batch")
    JobBatch submitBatch(
            ApiKeyPrincipal caller,
            @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String idempotencyKey,
            @RequestHeader(name = Traceparent.HEADER, required = false) String traceparent,
            @RequestBody BatchRequest batch,
            HttpServletResponse response) {
        try (RequestSpan span = tracing.start("submit", "/v1/jobs/batch", traceparent, caller.tenantId())) {
            try {
                JobBatch stored = submitBatch(caller, idempotencyKey, batch, span.traceparent());
                response.setStatus(HttpStatus.ACCEPTED.value());
                span.status(HttpStatus.ACCEPTED.value())
                        .set(TraceAttributes.JOB_COUNT, stored.jobs().size());
                return stored;
            } catch (RuntimeException e) {
                span.failed(e);
                throw e;
            }
        }
    }

    /** All jobs of the batch, stored in the trace {@code traceparent}. */
    private JobBatch submitBatch(
            ApiKeyPrincipal caller, String idempotencyKey, BatchRequest batch, String traceparent) {
        if (idempotencyKey != null) {
            throw ApiProblem.validationFailed(List.of(new InvalidField(
                    IDEMPOTENCY_KEY, "is not used by a batch; give each job its own idempotency_key")));
        }
        if (batch.jobs() == null || batch.jobs().isEmpty()) {
            throw ApiProblem.validationFailed(
                    List.of(new InvalidField("jobs", "must hold 1 to " + settings.maxBatchSize() + " jobs")));
        }
        if (batch.jobs().size() > settings.maxBatchSize()) {
            throw new ApiProblem(
                    ProblemCode.BATCH_TOO_LARGE,
                    "The batch has " + batch.jobs().size() + " jobs; at most " + settings.maxBatchSize()
                            + " are allowed. Split it into several batches; nothing was written.");
        }
        Instant now = clock.instant();
        List<ValidatedJob> newJobs = validator.validateAll(batch.jobs(), now);
        activeJobs.reserve(caller.tenantId(), newJobs.size());
        List<JobDocument> stored =
                groupCommit.submit(new ValidatedSubmission(caller.tenantId(), newJobs, now, traceparent)).stream()
                        .map(submitted -> JobDocument.of(submitted.job()))
                        .toList();
        return new JobBatch(stored);
    }

    @RequiresRole(ApiKeyRole.READ_ONLY)
    @GetMapping("/{id}")
    JobDocument get(ApiKeyPrincipal caller, @PathVariable String id) {
        JobDocument job = JobDocument.of(find(caller, id));
        return caller.role() == ApiKeyRole.READ_ONLY ? job.withTargetHeaderValuesHidden() : job;
    }

    @RequiresRole(ApiKeyRole.READ_ONLY)
    @GetMapping
    JobPage list(ApiKeyPrincipal caller, @RequestParam MultiValueMap<String, String> params) {
        JobListQuery query = JobListQuery.parse(params, settings);
        return JobPage.of(jobs.findPage(query.filterFor(caller.tenantId())), query.limit())
                .forRole(caller.role());
    }

    @RequiresRole(ApiKeyRole.READ_ONLY)
    @GetMapping("/{id}/attempts")
    AttemptTimeline attempts(ApiKeyPrincipal caller, @PathVariable String id) {
        Job job = find(caller, id);
        return new AttemptTimeline(
                attempts.findByTenantAndJob(caller.tenantId(), job.id()).stream()
                        .map(AttemptView::of)
                        .toList(),
                queues.findHolds(caller.tenantId(), job.id()));
    }

    @RequiresRole(ApiKeyRole.READ_ONLY)
    @GetMapping("/{id}/callbacks")
    CallbackList callbacks(ApiKeyPrincipal caller, @PathVariable String id) {
        Job job = find(caller, id);
        return new CallbackList(callbacks.findByTenantAndJob(caller.tenantId(), job.id()).stream()
                .map(CallbackView::of)
                .toList());
    }

    /**
     * Cancels a job that has not ended. A running job's worker learns of it at its next lease
     * renewal and aborts the request; its report then changes nothing.
     */
    @RequiresRole(ApiKeyRole.MEMBER)
    @PostMapping("/{id}/cancel")
    JobDocument cancel(ApiKeyPrincipal caller, @PathVariable String id) {
        Optional<Job> cancelled = jobs.cancel(caller.tenantId(), PathIds.JOB.parse(id), clock.instant());
        if (cancelled.isPresent()) {
            return JobDocument.of(cancelled.get());
        }
        Job job = find(caller, id);
        String next = job.state() == JobState.SUCCEEDED
                ? " It has ended."
                : " To run it again, retry it with POST /v1/jobs/" + id + "/retry.";
        throw new ApiProblem(
                ProblemCode.JOB_NOT_CANCELLABLE,
                "Job " + id + " is " + job.state().wireName() + "; only scheduled, queued, running or retrying"
                        + " jobs can be cancelled." + next);
    }

    /** Queues a dead or cancelled job again with a fresh attempt budget; its attempt history is kept. */
    @RequiresRole(ApiKeyRole.MEMBER)
    @PostMapping("/{id}/retry")
    ResponseEntity<JobDocument> retry(ApiKeyPrincipal caller, @PathVariable String id) {
        Optional<Job> retried = retrier.retry(caller.tenantId(), PathIds.JOB.parse(id));
        if (retried.isPresent()) {
            return ResponseEntity.status(HttpStatus.ACCEPTED).body(JobDocument.of(retried.get()));
        }
        Job job = find(caller, id);
        String next = job.state() == JobState.SUCCEEDED
                ? " A succeeded job is never run again; submit a new job instead."
                : " It has not ended: wait for it, or cancel it with POST /v1/jobs/" + id + "/cancel and then retry.";
        throw new ApiProblem(
                ProblemCode.JOB_NOT_RETRYABLE,
                "Job " + id + " is " + job.state().wireName() + "; only a dead or cancelled job can be retried."
                        + next);
    }

    private Job find(ApiKeyPrincipal caller, String id) {
        return jobs.findByTenantAndId(caller.tenantId(), PathIds.JOB.parse(id))
                .orElseThrow(() -> PathIds.JOB.notFound(id));
    }
}
