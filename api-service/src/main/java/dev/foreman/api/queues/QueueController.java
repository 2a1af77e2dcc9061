package dev.foreman.api.queues;

import dev.foreman.api.auth.RequiresRole;
import dev.foreman.api.problem.ApiProblem;
import dev.foreman.api.problem.FieldErrors;
import dev.foreman.api.problem.ProblemCode;
import dev.foreman.api.queues.QueueDocument.Purged;
import dev.foreman.api.queues.QueueDocument.QueueList;
import dev.foreman.common.job.JobState;
import dev.foreman.common.queue.QueueDepth;
import dev.foreman.common.queue.QueueRepository;
import dev.foreman.common.queue.QueueSettings;
import dev.foreman.common.tenant.ApiKeyPrincipal;
import dev.foreman.common.tenant.ApiKeyRole;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * A tenant's queues (DESIGN §3.2). A queue exists once a job names it or its settings were
 * changed; pausing or changing an unknown name creates its settings.
 */
@RestController
@RequestMapping("/v1/queues")
class QueueController {
    private static final Pattern NAME = Pattern.compile("^[A-Za-z0-9._-]{1,100}$");
    private static final Set<JobState> PURGEABLE = EnumSet.of(JobState.SCHEDULED, JobState.QUEUED, JobState.RETRYING);

    private final QueueRepository queues;
    private final QueueOperations operations;
    private final Clock clock;

    QueueController(QueueRepository queues, QueueOperations operations, Clock clock) {
        this.queues = queues;
        this.operations = operations;
        this.clock = clock;
    }

    @RequiresRole(ApiKeyRole.READ_ONLY)
    @GetMapping
    QueueList list(ApiKeyPrincipal caller) {
        UUID tenant = caller.tenantId();
        Map<String, QueueSettings> settings = new TreeMap<>();
        queues.findAllSettings(tenant).forEach(s -> settings.put(s.name(), s));
        Map<String, QueueDepth> depths = queues.countByQueueAndState(tenant, null);
        depths.keySet().forEach(name -> settings.putIfAbsent(name, QueueSettings.defaults(tenant, name)));
        Instant now = clock.instant();
        List<QueueDocument> items = new ArrayList<>();
        settings.forEach((name, s) -> items.add(QueueDocument.of(s, depths.get(name), now)));
        return new QueueList(items);
    }

    @RequiresRole(ApiKeyRole.READ_ONLY)
    @GetMapping("/{name}")
    QueueDocument get(ApiKeyPrincipal caller, @PathVariable String name) {
        String queue = known(name);
        QueueDepth depth = queues.countByQueueAndState(caller.tenantId(), queue).get(queue);
        QueueSettings settings = queues.findSettings(caller.tenantId(), queue).orElse(null);
        if (settings == null && depth == null) {
            throw notFound(queue);
        }
        return document(caller.tenantId(), settings, queue, depth);
    }

    /** Changes the settings given: {@code null} removes a limit, a missing field keeps it. */
    @RequiresRole(ApiKeyRole.MEMBER)
    @PatchMapping("/{name}")
    QueueDocument update(ApiKeyPrincipal caller, @PathVariable String name, @RequestBody JsonNode body) {
        String queue = known(name);
        QueueChange change = QueueChange.parse(body);
        operations.change(caller.tenantId(), queue, change);
        return get(caller, queue);
    }

    /** No new attempt of the queue starts until it is resumed; running ones finish. */
    @RequiresRole(ApiKeyRole.MEMBER)
    @PostMapping("/{name}/pause")
    QueueDocument pause(ApiKeyPrincipal caller, @PathVariable String name) {
        String queue = known(name);
        operations.pause(caller.tenantId(), queue);
        return get(caller, queue);
    }

    /** The queue's jobs start again, the parked ones within about a second. */
    @RequiresRole(ApiKeyRole.MEMBER)
    @PostMapping("/{name}/resume")
    QueueDocument resume(ApiKeyPrincipal caller, @PathVariable String name) {
        String queue = known(name);
        operations.resume(caller.tenantId(), queue);
        return get(caller, queue);
    }

    /** Cancels the queue's jobs in the given states (default scheduled, queued and retrying). */
    @RequiresRole(ApiKeyRole.MEMBER)
    @PostMapping("/{name}/purge")
    Purged purge(
            ApiKeyPrincipal caller, @PathVariable String name, @RequestBody(required = false) PurgeRequest request) {
        String queue = known(name);
        Set<JobState> states = purgeStates(request);
        return new Purged(operations.purge(caller.tenantId(), queue, states));
    }

    /** The body of a purge; {@code states} defaults to every state a purge may cancel. */
    record PurgeRequest(List<String> states) {}

    private static Set<JobState> purgeStates(PurgeRequest request) {
        if (request == null || request.states() == null) {
            return PURGEABLE;
        }
        FieldErrors errors = FieldErrors.root();
        Set<JobState> states = EnumSet.noneOf(JobState.class);
        for (int i = 0; i < request.states().size(); i++) {
            String wire = request.states().get(i);
            JobState state = PURGEABLE.stream()
                    .filter(s -> s.wireName().equals(wire))
                    .findFirst()
                    .orElse(null);
            if (state == null) {
                errors.at("states").reject("[" + i + "]", "must be one of scheduled, queued, retrying");
            } else {
                states.add(state);
            }
        }
        if (states.isEmpty() && errors.isEmpty()) {
            errors.reject("states", "must name at least one of scheduled, queued, retrying, or be left out");
        }
        errors.throwIfAny();
        return states;
    }

    private QueueDocument document(UUID tenant, QueueSettings settings, String queue, QueueDepth depth) {
        return QueueDocument.of(
                settings == null ? QueueSettings.defaults(tenant, queue) : settings, depth, clock.instant());
    }

    /** A name that cannot be a queue's names nothing: 404, like an unknown one. */
    private static String known(String name) {
        if (!NAME.matcher(name).matches()) {
            throw notFound(name);
        }
        return name;
    }

    private static ApiProblem notFound(String name) {
        return new ApiProblem(
                ProblemCode.NOT_FOUND,
                "No queue " + name + " exists for this API key's tenant: no job names it and its settings were"
                        + " never changed. GET /v1/queues lists the tenant's queues.");
    }
}
