package dev.foreman.api.jobs;

import dev.foreman.api.ApiProperties;
import dev.foreman.api.auth.RequiresRole;
import dev.foreman.api.jobs.ResponseBodies.JobPage;
import dev.foreman.api.jobs.ResponseBodies.RetriedDeadLetters;
import dev.foreman.api.problem.ApiProblem;
import dev.foreman.api.problem.PathIds;
import dev.foreman.api.problem.ProblemCode;
import dev.foreman.common.job.JobDocument;
import dev.foreman.common.job.JobRepository;
import dev.foreman.common.tenant.ApiKeyPrincipal;
import dev.foreman.common.tenant.ApiKeyRole;
import java.time.Clock;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /v1/dlq}: triage of the dead-letter queue, the tenant's dead jobs that nobody discarded.
 * Retrying one queues it again with a fresh attempt budget; discarding one only takes it off this
 * list, and the job stays readable under {@code /v1/jobs}.
 */
@RestController
@RequestMapping("/v1/dlq")
class DeadLetterController {
    private final JobRepository jobs;
    private final JobRetrier retrier;
    private final ApiProperties.Jobs settings;
    private final Clock clock;

    DeadLetterController(JobRepository jobs, JobRetrier retrier, ApiProperties properties, Clock clock) {
        this.jobs = jobs;
        this.retrier = retrier;
        this.settings = properties.jobs();
        this.clock = clock;
    }

    @RequiresRole(ApiKeyRole.READ_ONLY)
    @GetMapping
    JobPage list(ApiKeyPrincipal caller, @RequestParam MultiValueMap<String, String> params) {
        JobListQuery query = JobListQuery.parseDeadLetters(params, settings);
        return JobPage.of(jobs.findDeadLetterPage(query.filterFor(caller.tenantId())), query.limit())
                .forRole(caller.role());
    }

    @RequiresRole(ApiKeyRole.MEMBER)
    @PostMapping("/{id}/retry")
    ResponseEntity<JobDocument> retry(ApiKeyPrincipal caller, @PathVariable String id) {
        return retrier.retryDeadLetter(caller.tenantId(), PathIds.JOB.parse(id))
                .map(job -> ResponseEntity.status(HttpStatus.ACCEPTED).body(JobDocument.of(job)))
                .orElseThrow(() -> notInDeadLetterQueue(id));
    }

    /** Retries every dead-letter job matching the body's filter, or all of them without a body. */
    @RequiresRole(ApiKeyRole.MEMBER)
    @PostMapping("/retry")
    RetriedDeadLetters retryAll(ApiKeyPrincipal caller, @RequestBody(required = false) DeadLetterSelection selection) {
        DeadLetterSelection chosen = selection == null ? DeadLetterSelection.EVERYTHING : selection;
        return new RetriedDeadLetters(retrier.retryDeadLetters(chosen.filterFor(caller.tenantId())));
    }

    @RequiresRole(ApiKeyRole.MEMBER)
    @DeleteMapping("/{id}")
    ResponseEntity<Void> discard(ApiKeyPrincipal caller, @PathVariable String id) {
        if (!jobs.discardDeadLetter(caller.tenantId(), PathIds.JOB.parse(id), clock.instant())) {
            throw notInDeadLetterQueue(id);
        }
        return ResponseEntity.noContent().build();
    }

    private static ApiProblem notInDeadLetterQueue(String id) {
        return new ApiProblem(
                ProblemCode.NOT_FOUND,
                "Job " + id + " is not in this tenant's dead-letter queue: it does not exist, is not dead, or was"
                        + " discarded. GET /v1/jobs/" + id + " shows its state; POST /v1/jobs/" + id
                        + "/retry retries a dead or cancelled job whether or not it was discarded.");
    }
}
