package dev.foreman.api.schedules;

import dev.foreman.api.ApiProperties;
import dev.foreman.api.auth.RequiresRole;
import dev.foreman.api.limits.ScheduleQuota;
import dev.foreman.api.problem.ApiProblem;
import dev.foreman.api.problem.PathIds;
import dev.foreman.api.problem.ProblemCode;
import dev.foreman.api.tracing.RequestSpan;
import dev.foreman.api.tracing.RequestTracing;
import dev.foreman.common.job.Job;
import dev.foreman.common.job.JobDocument;
import dev.foreman.common.schedule.Schedule;
import dev.foreman.common.schedule.ScheduleRepository;
import dev.foreman.common.tenant.ApiKeyPrincipal;
import dev.foreman.common.tenant.ApiKeyRole;
import dev.foreman.common.tracing.TraceAttributes;
import dev.foreman.common.tracing.Traceparent;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /v1/schedules}: create, read, list, change and delete cron schedules, pause and resume
 * them, and trigger one now. Deleting a schedule keeps the jobs it already created.
 */
@RestController
@RequestMapping("/v1/schedules")
class ScheduleController {
    private final ScheduleValidator validator;
    private final ScheduleRepository schedules;
    private final ScheduleTrigger trigger;
    private final ApiProperties.Jobs settings;
    private final TransactionTemplate tx;
    private final Clock clock;

    private final ScheduleQuota quota;
    private final RequestTracing tracing;

    ScheduleController(
            ScheduleValidator validator,
            ScheduleRepository schedules,
            ScheduleTrigger trigger,
            ScheduleQuota quota,
            RequestTracing tracing,
            ApiProperties properties,
            TransactionTemplate tx,
            Clock clock) {
        this.quota = quota;
        this.tracing = tracing;
        this.validator = validator;
        this.schedules = schedules;
        this.trigger = trigger;
        this.settings = properties.jobs();
        this.tx = tx;
        this.clock = clock;
    }

    @RequiresRole(ApiKeyRole.MEMBER)
    @PostMapping
    ResponseEntity<ScheduleDocument> create(
            ApiKeyPrincipal caller,
            @RequestHeader(name = Traceparent.HEADER, required = false) String traceparent,
            @RequestBody ScheduleRequest request) {
        try (RequestSpan span = tracing.start("create schedule", "/v1/schedules", traceparent, caller.tenantId())) {
            try {
                Instant now = clock.instant();
                Schedule schedule =
                        validator.validateNew(caller.tenantId(), request, now).withTraceparent(span.traceparent());
                // One transaction: the quota's count and the insert under the tenant's lock.
                Schedule stored = tx.execute(st -> {
                    quota.checkRoomForOneMore(caller.tenantId());
                    return schedules.insert(schedule, now).orElseThrow(() -> nameTaken(schedule.name()));
                });
                if (span.recording()) {
                    span.status(HttpStatus.CREATED.value())
                            .set(TraceAttributes.SCHEDULE_ID, stored.id().toString());
                }
                return ResponseEntity.created(URI.create("/v1/schedules/" + stored.id()))
                        .body(ScheduleDocument.of(stored, now));
            } catch (RuntimeException e) {
                span.failed(e);
                throw e;
            }
        }
    }

    @RequiresRole(ApiKeyRole.READ_ONLY)
    @GetMapping("/{id}")
    ScheduleDocument get(ApiKeyPrincipal caller, @PathVariable String id) {
        ScheduleDocument schedule = ScheduleDocument.of(find(caller, id), clock.instant());
        return caller.role() == ApiKeyRole.READ_ONLY ? schedule.withTargetHeaderValuesHidden() : schedule;
    }

    @RequiresRole(ApiKeyRole.READ_ONLY)
    @GetMapping
    SchedulePage list(ApiKeyPrincipal caller, @RequestParam MultiValueMap<String, String> params) {
        ScheduleListQuery query = ScheduleListQuery.parse(params, settings);
        SchedulePage page = SchedulePage.of(
                schedules.findPage(caller.tenantId(), query.after(), query.fetchSize()),
                query.limit(),
                clock.instant());
        return caller.role() == ApiKeyRole.READ_ONLY ? page.withTargetHeaderValuesHidden() : page;
    }

    /** Changes the fields given; a new cron or time zone moves the next fire to the first match after now. */
    @RequiresRole(ApiKeyRole.MEMBER)
    @PatchMapping("/{id}")
    ScheduleDocument update(ApiKeyPrincipal caller, @PathVariable String id, @RequestBody ScheduleRequest change) {
        return ScheduleDocument.of(change(caller, id, current -> change), clock.instant());
    }

    @RequiresRole(ApiKeyRole.MEMBER)
    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(ApiKeyPrincipal caller, @PathVariable String id) {
        if (!schedules.delete(caller.tenantId(), PathIds.SCHEDULE.parse(id))) {
            throw PathIds.SCHEDULE.notFound(id);
        }
        return ResponseEntity.noContent().build();
    }

    /** Stops the fires until a resume; fires missed meanwhile are not made up. Pausing twice changes nothing. */
    @RequiresRole(ApiKeyRole.MEMBER)
    @PostMapping("/{id}/pause")
    ScheduleDocument pause(ApiKeyPrincipal caller, @PathVariable String id) {
        Schedule paused = change(caller, id, current -> current.paused() ? null : ScheduleRequest.PAUSE);
        return ScheduleDocument.of(paused, clock.instant());
    }

    /** Fires again from the first match after now. Resuming a schedule that is not paused changes nothing. */
    @RequiresRole(ApiKeyRole.MEMBER)
    @PostMapping("/{id}/resume")
    ScheduleDocument resume(ApiKeyPrincipal caller, @PathVariable String id) {
        Schedule resumed = change(caller, id, current -> current.paused() ? ScheduleRequest.RESUME : null);
        return ScheduleDocument.of(resumed, clock.instant());
    }

    /** 202 with the job made from the schedule's template, due now. */
    @RequiresRole(ApiKeyRole.MEMBER)
    @PostMapping("/{id}/trigger")
    ResponseEntity<JobDocument> trigger(
            ApiKeyPrincipal caller,
            @PathVariable String id,
            @RequestHeader(name = Traceparent.HEADER, required = false) String traceparent) {
        try (RequestSpan span =
                tracing.start("trigger schedule", "/v1/schedules/{id}/trigger", traceparent, caller.tenantId())) {
            try {
                Job job = trigger.trigger(caller.tenantId(), PathIds.SCHEDULE.parse(id), span.traceparent())
                        .orElseThrow(() -> PathIds.SCHEDULE.notFound(id));
                if (span.recording()) {
                    span.status(HttpStatus.ACCEPTED.value())
                            .set(TraceAttributes.SCHEDULE_ID, id)
                            .set(TraceAttributes.JOB_ID, job.id().toString());
                }
                return ResponseEntity.status(HttpStatus.ACCEPTED).body(JobDocument.of(job));
            } catch (RuntimeException e) {
                span.failed(e);
                throw e;
            }
        }
    }

    /**
     * Applies the change {@code changeOf} makes of the current schedule (null: none), reading and
     * writing it in one transaction with the row locked: a fire that advances the schedule at the
     * same time is either done before the read or waits for the write, never undone by it.
     */
    private Schedule change(ApiKeyPrincipal caller, String id, Function<Schedule, ScheduleRequest> changeOf) {
        UUID scheduleId = PathIds.SCHEDULE.parse(id);
        return tx.execute(status -> {
            Schedule current = schedules
                    .lockByTenantAndId(caller.tenantId(), scheduleId)
                    .orElseThrow(() -> PathIds.SCHEDULE.notFound(id));
            ScheduleRequest change = changeOf.apply(current);
            return change == null ? current : write(current, change);
        });
    }

    private Schedule write(Schedule current, ScheduleRequest change) {
        Instant now = clock.instant();
        Schedule changed = validator.validateChange(current, change, now);
        try {
            return schedules
                    .update(changed, now)
                    .orElseThrow(() -> PathIds.SCHEDULE.notFound(current.id().toString()));
        } catch (DuplicateKeyException e) {
            throw nameTaken(changed.name());
        }
    }

    private Schedule find(ApiKeyPrincipal caller, String id) {
        return schedules
                .findByTenantAndId(caller.tenantId(), PathIds.SCHEDULE.parse(id))
                .orElseThrow(() -> PathIds.SCHEDULE.notFound(id));
    }

    private static ApiProblem nameTaken(String name) {
        return new ApiProblem(
                ProblemCode.SCHEDULE_NAME_TAKEN,
                "This tenant already has a schedule named \"" + name + "\". Choose another name, or change the"
                        + " existing schedule with PATCH /v1/schedules/{id} (GET /v1/schedules lists them).");
    }
}
