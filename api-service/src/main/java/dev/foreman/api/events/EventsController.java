package dev.foreman.api.events;

import dev.foreman.api.auth.RequiresRole;
import dev.foreman.api.problem.ApiProblem;
import dev.foreman.api.problem.InvalidField;
import dev.foreman.api.problem.ProblemCode;
import dev.foreman.api.stats.StatsReader;
import dev.foreman.common.tenant.ApiKeyPrincipal;
import dev.foreman.common.tenant.ApiKeyRole;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.AsyncRequestNotUsableException;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /v1/events?queue=&job_id=}: the caller's tenant's job changes as Server-Sent Events,
 * resumable with {@code Last-Event-ID} (or {@code ?last_event_id=}). The request thread returns at
 * once; each stream is written by its own virtual thread ({@link EventStreamWriter}), so an open
 * stream holds neither a request slot nor a platform thread. A client too slow to keep up is
 * dropped and its connection closed ({@link DropReason}).
 */
@RestController
class EventsController {
    private static final Pattern QUEUE = Pattern.compile("^[A-Za-z0-9._-]{1,100}$");

    private final EventFanOut fanOut;
    private final EventStreams streams;
    private final StatsReader stats;
    private final JsonMapper json;
    private final EventsProperties settings;
    private final DroppedClients droppedClients;
    private final Clock clock;

    EventsController(
            EventFanOut fanOut,
            EventStreams streams,
            StatsReader stats,
            JsonMapper json,
            EventsProperties settings,
            DroppedClients droppedClients,
            Clock clock) {
        this.fanOut = fanOut;
        this.streams = streams;
        this.stats = stats;
        this.json = json;
        this.settings = settings;
        this.droppedClients = droppedClients;
        this.clock = clock;
    }

    @RequiresRole(ApiKeyRole.READ_ONLY)
    @GetMapping("/v1/events")
    ResponseEntity<SseEmitter> events(
            ApiKeyPrincipal caller,
            @RequestParam(name = "queue", required = false) String queue,
            @RequestParam(name = "job_id", required = false) String jobId,
            @RequestParam(name = "last_event_id", required = false) String lastEventIdParam,
            @RequestHeader(name = "Last-Event-ID", required = false) String lastEventIdHeader,
            HttpServletRequest request) {
        List<InvalidField> errors = new ArrayList<>();
        if (queue != null && !QUEUE.matcher(queue).matches()) {
            errors.add(new InvalidField("queue", "must be 1 to 100 of A-Z a-z 0-9 . _ -; omit it for every queue"));
        }
        UUID job = null;
        if (jobId != null) {
            try {
                job = UUID.fromString(jobId);
            } catch (IllegalArgumentException e) {
                errors.add(new InvalidField("job_id", "must be a job id (a UUID); omit it for every job"));
            }
        }
        String lastEventId =
                lastEventIdHeader != null && !lastEventIdHeader.isBlank() ? lastEventIdHeader : lastEventIdParam;
        EventId resumeAfter = null;
        if (lastEventId != null && !lastEventId.isBlank()) {
            resumeAfter = EventId.parse(lastEventId);
            if (resumeAfter == null) {
                errors.add(new InvalidField(
                        "last_event_id", "must be the id of an event this stream sent (<millis>-<sequence>-<index>)"));
            }
        }
        if (!errors.isEmpty()) {
            throw new ApiProblem(ProblemCode.INVALID_PARAMETER, ProblemCode.INVALID_PARAMETER.defaultDetail(), errors);
        }
        // No timeout: the stream lasts until the client leaves, is dropped, or the service stops.
        SseEmitter emitter = new SseEmitter(0L);
        EventSubscription subscription = new EventSubscription(
                caller.tenantId(), queue, job == null ? null : job.toString(), settings.clientBuffer(), droppedClients);
        // Before the first write: a write that stalls this long fails, and the client is dropped.
        ConnectionWriteTimeout.set(request, settings.writeTimeout());
        emitter.onCompletion(subscription::close);
        emitter.onError(error -> subscription.close());
        emitter.onTimeout(subscription::close);
        Thread.ofVirtual()
                .name("foreman-events-" + caller.tenantId())
                .start(new EventStreamWriter(
                        subscription, resumeAfter, emitter, fanOut, streams, stats, json, settings, clock));
        // No caching, and no buffering by a proxy in front (nginx honours X-Accel-Buffering). The
        // connection ends with the stream, whatever ends it (the client leaving, a drop, a stop):
        // Tomcat then closes it rather than keep it for another request.
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noStore())
                .header("X-Accel-Buffering", "no")
                .header(HttpHeaders.CONNECTION, "close")
                .body(emitter);
    }

    /**
     * A stream whose client went away (or was dropped) ends with this on the container's thread;
     * nobody is left to answer, so it is neither logged as a failure nor answered.
     */
    @ExceptionHandler(AsyncRequestNotUsableException.class)
    void clientGone() {}
}
