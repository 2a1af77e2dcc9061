package dev.foreman.api.jobs;

import dev.foreman.api.ApiProperties;
import dev.foreman.api.problem.FieldErrors;
import dev.foreman.api.problem.ProblemCode;
import dev.foreman.common.id.UuidV7;
import dev.foreman.common.job.FlowControl;
import dev.foreman.common.job.JobTarget;
import dev.foreman.common.job.Priority;
import dev.foreman.common.job.RetryPolicy;
import dev.foreman.common.job.ValidatedJob;
import dev.foreman.common.schedule.JobTemplate;
import dev.foreman.common.target.TargetAddressPolicy;
import dev.foreman.common.wire.WireNames;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Turns submissions into {@link ValidatedJob}s: fills the defaults, checks every field and reports all
 * invalid ones at once. Nothing is written unless every job of the request is valid.
 */
@Component
public class SubmissionValidator {
    static final Pattern QUEUE = Pattern.compile("^[A-Za-z0-9._-]{1,100}$");
    static final int MAX_TYPE_LENGTH = 200;
    static final int MAX_URL_LENGTH = 2048;
    static final int MAX_HEADERS = 64;
    static final int MAX_HEADER_VALUE_LENGTH = 8192;
    static final int MAX_LABELS = 64;
    static final int MAX_LABEL_KEY_LENGTH = 100;
    static final int MAX_LABEL_VALUE_LENGTH = 500;
    static final int MAX_IDEMPOTENCY_KEY_LENGTH = 255;
    static final Duration MIN_TIMEOUT = Duration.ofSeconds(1);
    static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");

    /** RFC 9110 token characters. */
    private static final Pattern HEADER_NAME = Pattern.compile("^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,256}$");

    /**
     * Headers the worker owns: framing and connection headers the HTTP client sets itself, and the
     * dispatch contract's own headers (DESIGN §4), which a job must not be able to forge: its trace
     * context, and the proxy headers a target may trust to tell who is calling.
     */
    private static final Set<String> RESERVED_HEADERS = Set.of(
            "host",
            "content-length",
            "transfer-encoding",
            "connection",
            "keep-alive",
            "upgrade",
            "te",
            "trailer",
            "expect",
            "idempotency-key",
            "traceparent",
            "tracestate",
            "forwarded",
            "x-real-ip");

    private static final List<String> RESERVED_HEADER_PREFIXES = List.of("foreman-", "x-forwarded-");

    /**
     * The earliest {@code run_at}: a time before it is a bug in the caller, not a wish to run the job
     * now, and Postgres' timestamptz refuses years before 4713 BC. Any time in the past runs the job now.
     */
    static final Instant EARLIEST_RUN_AT = Instant.parse("1970-01-01T00:00:00Z");

    private static final String QUEUE_RULE = "must be 1 to 100 letters, digits, '.', '_' or '-'";
    private static final String TYPE_RULE =
            "must be 1 to " + MAX_TYPE_LENGTH + " characters without control characters";

    private final ApiProperties.Jobs settings;
    private final long maxPayloadChars;
    private final UuidV7 ids;
    private final TargetAddressPolicy targets;

    public SubmissionValidator(ApiProperties properties, UuidV7 ids) {
        this.targets = properties.targets().policy();
        this.settings = properties.jobs();
        this.maxPayloadChars = properties.maxBodySize().toBytes();
        this.ids = ids;
    }

    /** Why the text cannot be a queue's name, or null when it can; also checks list filters. */
    static String invalidQueue(String queue) {
        return QUEUE.matcher(queue).matches() ? null : QUEUE_RULE;
    }

    /** Why the text cannot be a job's type, or null when it can; also checks list filters. */
    static String invalidType(String type) {
        return type.isBlank() || type.length() > MAX_TYPE_LENGTH || hasControlCharacter(type) ? TYPE_RULE : null;
    }

    /** One job of {@code POST /v1/jobs}; the key may come in the header or the body. */
    ValidatedJob validateOne(JobRequest request, String idempotencyKeyHeader, Instant now) {
        FieldErrors errors = FieldErrors.root();
        ValidatedJob job = toValidatedJob(request, idempotencyKeyHeader, now, errors);
        errors.throwIfAny();
        return job;
    }

    /** The jobs of a batch, all-or-nothing; invalid fields are reported as {@code jobs[i].field}. */
    List<ValidatedJob> validateAll(List<JobRequest> requests, Instant now) {
        FieldErrors errors = FieldErrors.root();
        List<ValidatedJob> jobs = new ArrayList<>(requests.size());
        Map<String, Integer> firstIndexByKey = new HashMap<>();
        for (int i = 0; i < requests.size(); i++) {
            FieldErrors item = errors.at("jobs").at("[" + i + "]");
            JobRequest request = requests.get(i);
            if (request == null) {
                errors.at("jobs").reject("[" + i + "]", "must be a job object, not null");
                continue;
            }
            ValidatedJob job = toValidatedJob(request, null, now, item);
            jobs.add(job);
            if (job.idempotencyKey() != null) {
                Integer first = firstIndexByKey.putIfAbsent(job.idempotencyKey(), i);
                if (first != null) {
                    item.reject(
                            "idempotency_key",
                            "repeats the idempotency_key of jobs[" + first + "]; a batch may use each key once");
                }
            }
        }
        errors.throwIfAny();
        return jobs;
    }

    /**
     * The job of a cron schedule: a submission without {@code run_at}, {@code delay} and {@code
     * idempotency_key}, since every fire makes a new job due at its fire time. Invalid fields are
     * added to {@code errors} (already placed under the schedule's {@code job} field) rather than
     * thrown, so the schedule's own fields are reported with them.
     */
    public JobTemplate validateTemplate(JobRequest request, Instant now, FieldErrors errors) {
        if (request.runAt() != null) {
            errors.reject("run_at", "is not part of a schedule's job: each fire runs at its fire time");
        }
        if (request.delay() != null) {
            errors.reject("delay", "is not part of a schedule's job: each fire runs at its fire time");
        }
        if (request.idempotencyKey() != null) {
            errors.reject("idempotency_key", "is not part of a schedule's job: every fire makes a new job");
        }
        if (request.flowControl() != null) {
            errors.reject(
                    "flow_control", "is not part of a schedule's job; set limits on the schedule's queue instead");
        }
        JobRequest template = new JobRequest(
                request.queue(),
                request.type(),
                request.priority(),
                request.target(),
                request.payload(),
                null,
                null,
                request.timeout(),
                request.retry(),
                null,
                request.callbackUrl(),
                request.labels());
        return JobTemplate.of(toValidatedJob(template, null, now, errors));
    }

    private ValidatedJob toValidatedJob(JobRequest s, String idempotencyKeyHeader, Instant now, FieldErrors errors) {
        String queue = s.queue() == null ? settings.defaultQueue() : s.queue();
        if (invalidQueue(queue) != null) {
            errors.reject("queue", invalidQueue(queue));
        }
        String type = s.type() == null ? settings.defaultType() : s.type();
        if (invalidType(type) != null) {
            errors.reject("type", invalidType(type));
        }
        Priority priority = priority(s.priority(), errors);
        JobTarget target = target(s.target(), errors.at("target"));
        String payload = payload(s.payload(), errors);
        Instant runAt = runAt(s.runAt(), s.delay(), now, errors);
        Duration timeout = timeout(s.timeout(), errors);
        RetryPolicy retry = retry(s.retry(), errors.at("retry"));
        String idempotencyKey = idempotencyKey(s.idempotencyKey(), idempotencyKeyHeader, errors);
        String callbackUrl = null;
        if (s.callbackUrl() != null) {
            callbackUrl = s.callbackUrl();
            checkUrl(callbackUrl, "callback_url", errors);
        }
        Map<String, String> labels = labels(s.labels(), errors);
        FlowControl flowControl = flowControl(s.flowControl(), errors.at("flow_control"));
        return new ValidatedJob(
                ids.next(),
                queue,
                type,
                priority,
                runAt,
                target,
                payload,
                timeout,
                retry,
                idempotencyKey,
                callbackUrl,
                labels,
                null,
                flowControl);
    }

    private static FlowControl flowControl(JobRequest.FlowControl request, FieldErrors errors) {
        if (request == null) {
            return FlowControl.NONE;
        }
        String key = request.key();
        if (key == null || key.isEmpty() || key.length() > 200 || key.chars().anyMatch(Character::isISOControl)) {
            errors.reject("key", "is required: 1 to 200 characters, no control characters");
        }
        Integer concurrency = request.maxConcurrency();
        if (concurrency != null && (concurrency < 1 || concurrency > 100_000)) {
            errors.reject("max_concurrency", "must be from 1 to 100000, or left out for no limit");
        }
        Double perSecond = request.perSecond();
        if (perSecond != null && (!(perSecond > 0) || perSecond > 100_000)) {
            errors.reject("per_second", "must be above 0 and at most 100000, or left out for no limit");
        }
        return new FlowControl(key, concurrency, perSecond, null);
    }

    private Priority priority(String value, FieldErrors errors) {
        if (value == null) {
            return settings.defaultPriority();
        }
        Optional<Priority> priority = WireNames.find(Priority.class, value);
        if (priority.isEmpty()) {
            errors.reject("priority", "must be one of " + WireNames.list(Priority.class));
        }
        return priority.orElse(settings.defaultPriority());
    }

    private JobTarget target(JobRequest.Target target, FieldErrors errors) {
        if (target == null) {
            errors.reject("url", "is required: the absolute http or https URL the job is delivered to");
            return null;
        }
        if (target.url() == null || target.url().isBlank()) {
            errors.reject("url", "is required: the absolute http or https URL the job is delivered to");
        } else {
            checkUrl(target.url(), "url", errors);
        }
        String method = target.method() == null ? "POST" : target.method().toUpperCase(Locale.ROOT);
        if (!METHODS.contains(method)) {
            errors.reject("method", "must be one of GET, POST, PUT, PATCH, DELETE");
        }
        Map<String, String> headers = headers(target.headers(), errors.at("headers"));
        return new JobTarget(target.url(), method, headers);
    }

    private static Map<String, String> headers(Map<String, String> headers, FieldErrors errors) {
        if (headers == null) {
            return Map.of();
        }
        if (headers.size() > MAX_HEADERS) {
            errors.reject("", "must hold at most " + MAX_HEADERS + " headers");
        }
        Set<String> seen = new HashSet<>();
        headers.forEach((name, value) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!HEADER_NAME.matcher(name).matches()) {
                errors.reject(name, "is not a valid header name (letters, digits and !#$%&'*+.^_`|~-)");
            } else if (RESERVED_HEADERS.contains(lower)
                    || RESERVED_HEADER_PREFIXES.stream().anyMatch(lower::startsWith)) {
                errors.reject(
                        name,
                        "is set by Foreman when it delivers the job (or by the proxies on the way) and cannot be"
                                + " overridden",
                        ProblemCode.RESERVED_HEADER);
            } else if (!seen.add(lower)) {
                errors.reject(name, "repeats a header name; names are case-insensitive");
            }
            if (value == null) {
                errors.reject(name, "must be a string");
            } else if (value.length() > MAX_HEADER_VALUE_LENGTH
                    || value.chars().anyMatch(c -> c != '\t' && Character.isISOControl(c))) {
                // RFC 9110 field values: visible characters, spaces and tabs. CR and LF would split
                // the request, NUL cannot be stored, and the HTTP client refuses the other controls.
                errors.reject(
                        name,
                        "must be at most " + MAX_HEADER_VALUE_LENGTH
                                + " characters without control characters (CR, LF, NUL, ...); a tab is allowed");
            }
        });
        return withoutNullValues(headers);
    }

    private String payload(JsonNode payload, FieldErrors errors) {
        if (payload == null || payload.isNull()) {
            return null;
        }
        String text = payload.toString();
        String problem = StorablePayload.problem(payload, text, maxPayloadChars);
        if (problem != null) {
            errors.reject("payload", problem);
            return null;
        }
        return text;
    }

    private Instant runAt(String runAt, String delay, Instant now, FieldErrors errors) {
        if (runAt != null && delay != null) {
            errors.reject("delay", "cannot be combined with run_at; send one of them");
            return now;
        }
        Instant due = now;
        if (runAt != null) {
            try {
                due = OffsetDateTime.parse(runAt, DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                        .toInstant();
            } catch (DateTimeParseException e) {
                errors.reject("run_at", "must be an RFC 3339 time with an offset, like 2026-12-01T09:00:00Z");
                return now;
            }
            if (due.isBefore(EARLIEST_RUN_AT)) {
                errors.reject(
                        "run_at",
                        "must be " + EARLIEST_RUN_AT + " or later; any time in the past runs the job now, so send"
                                + " the current time or leave run_at out");
                return now;
            }
        } else if (delay != null) {
            Duration wait = duration(delay, "delay", errors);
            if (wait == null) {
                return now;
            }
            due = now.plus(wait);
        }
        if (due.isAfter(now.plus(settings.maxScheduleAhead()))) {
            errors.reject(
                    runAt != null ? "run_at" : "delay",
                    "must be at most " + settings.maxScheduleAhead().toDays() + " days ahead");
        }
        return due;
    }

    private Duration timeout(String value, FieldErrors errors) {
        if (value == null) {
            return settings.defaultTimeout();
        }
        Duration timeout = duration(value, "timeout", errors);
        if (timeout == null) {
            return settings.defaultTimeout();
        }
        if (timeout.compareTo(MIN_TIMEOUT) < 0 || timeout.compareTo(settings.maxTimeout()) > 0) {
            errors.reject(
                    "timeout",
                    "must be between " + MIN_TIMEOUT.toSeconds() + "s and "
                            + settings.maxTimeout().toMinutes() + "m");
            return settings.defaultTimeout();
        }
        return timeout;
    }

    private RetryPolicy retry(JobRequest.Retry retry, FieldErrors errors) {
        RetryPolicy defaults = settings.retry().toPolicy();
        if (retry == null) {
            return defaults;
        }
        int maxAttempts = defaults.maxAttempts();
        if (retry.maxAttempts() != null) {
            maxAttempts = retry.maxAttempts();
            if (maxAttempts < 1 || maxAttempts > 1000) {
                errors.reject("max_attempts", "must be between 1 and 1000");
            }
        }
        Duration minBackoff = orDefault(retry.minBackoff(), "min_backoff", defaults.minBackoff(), errors);
        Duration maxBackoff = orDefault(retry.maxBackoff(), "max_backoff", defaults.maxBackoff(), errors);
        if (minBackoff.compareTo(maxBackoff) > 0) {
            errors.reject(
                    retry.maxBackoff() != null ? "max_backoff" : "min_backoff",
                    "min_backoff must be at most max_backoff (" + maxBackoff + ")");
        }
        int maxDoublings = defaults.maxDoublings();
        if (retry.maxDoublings() != null) {
            maxDoublings = retry.maxDoublings();
            if (maxDoublings < 0 || maxDoublings > 32) {
                errors.reject("max_doublings", "must be between 0 and 32");
            }
        }
        Duration maxRetryDuration = defaults.maxRetryDuration();
        if (retry.maxRetryDuration() != null) {
            Duration parsed = duration(retry.maxRetryDuration(), "max_retry_duration", errors);
            // Zero means no limit, as in Cloud Tasks.
            maxRetryDuration = parsed == null || parsed.isZero() ? null : parsed;
        }
        return new RetryPolicy(maxAttempts, minBackoff, maxBackoff, maxDoublings, maxRetryDuration);
    }

    private static Duration orDefault(String value, String field, Duration fallback, FieldErrors errors) {
        if (value == null) {
            return fallback;
        }
        Duration parsed = duration(value, field, errors);
        return parsed == null ? fallback : parsed;
    }

    private static Duration duration(String value, String field, FieldErrors errors) {
        try {
            return WireDuration.parse(value);
        } catch (IllegalArgumentException e) {
            errors.reject(field, e.getMessage());
            return null;
        }
    }

    private static String idempotencyKey(String fromBody, String fromHeader, FieldErrors errors) {
        if (fromBody != null && fromHeader != null && !fromBody.equals(fromHeader)) {
            errors.reject(
                    "idempotency_key", "differs from the Idempotency-Key header; send one of them, or equal ones");
            return fromBody;
        }
        String key = fromBody != null ? fromBody : fromHeader;
        if (key != null && (key.isEmpty() || key.length() > MAX_IDEMPOTENCY_KEY_LENGTH || hasControlCharacter(key))) {
            errors.reject(
                    fromBody != null ? "idempotency_key" : "Idempotency-Key",
                    "must be 1 to " + MAX_IDEMPOTENCY_KEY_LENGTH + " characters without control characters");
        }
        return key;
    }

    private static Map<String, String> labels(Map<String, String> labels, FieldErrors errors) {
        if (labels == null) {
            return Map.of();
        }
        if (labels.size() > MAX_LABELS) {
            errors.reject("labels", "must hold at most " + MAX_LABELS + " labels");
        }
        FieldErrors label = errors.at("labels");
        labels.forEach((key, value) -> {
            if (key.isEmpty() || key.length() > MAX_LABEL_KEY_LENGTH || hasControlCharacter(key)) {
                label.reject(key, "must be a name of 1 to " + MAX_LABEL_KEY_LENGTH + " characters");
            }
            if (value == null) {
                label.reject(key, "must be a string");
            } else if (value.length() > MAX_LABEL_VALUE_LENGTH || hasControlCharacter(value)) {
                label.reject(
                        key, "must be at most " + MAX_LABEL_VALUE_LENGTH + " characters without control characters");
            }
        });
        return withoutNullValues(labels);
    }

    /**
     * The map without the entries a client sent as null, already rejected: the job is built before
     * the errors are thrown, and the domain's maps refuse nulls.
     */
    private static Map<String, String> withoutNullValues(Map<String, String> map) {
        Map<String, String> copy = new LinkedHashMap<>();
        map.forEach((key, value) -> {
            if (value != null) {
                copy.put(key, value);
            }
        });
        return copy;
    }

    private void checkUrl(String url, String field, FieldErrors errors) {
        if (url.length() > MAX_URL_LENGTH) {
            errors.reject(field, "must be at most " + MAX_URL_LENGTH + " characters");
            return;
        }
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!uri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                errors.reject(
                        field, "must be an absolute http or https URL with a host, like https://example.com/hook");
                return;
            }
            targets.literalRefusal(uri)
                    .ifPresent(why -> errors.reject(
                            field,
                            "names an address Foreman may not reach: " + why
                                    + "; use a public host name or address, or ask the operator to allow the range",
                            ProblemCode.TARGET_NOT_ALLOWED));
        } catch (URISyntaxException e) {
            errors.reject(field, "is not a valid URL: " + e.getReason());
        }
    }

    private static boolean hasControlCharacter(String text) {
        return text.chars().anyMatch(Character::isISOControl);
    }
}
