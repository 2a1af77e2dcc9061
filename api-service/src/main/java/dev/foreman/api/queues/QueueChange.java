package dev.foreman.api.queues;

import dev.foreman.api.problem.ApiProblem;
import dev.foreman.api.problem.FieldErrors;
import dev.foreman.api.problem.ProblemCode;
import dev.foreman.common.queue.QueueSettings;
import java.math.BigDecimal;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The body of {@code PATCH /v1/queues/{name}}, read field by field because a {@code null} there
 * means "remove this limit", unlike a missing field, which leaves the setting as it is.
 */
final class QueueChange {
    static final int MAX_CONCURRENCY = 100_000;
    static final double MAX_PER_SECOND = 100_000;
    private static final Set<String> FIELDS = Set.of("paused", "max_concurrency", "rate_limit");
    private static final Set<String> RATE_FIELDS = Set.of("per_second", "burst");

    private final JsonNode body;

    private QueueChange(JsonNode body) {
        this.body = body;
    }

    /** @throws ApiProblem {@code unknown_field} or {@code validation_failed} for a body that is not a valid change */
    static QueueChange parse(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new ApiProblem(
                    ProblemCode.VALIDATION_FAILED,
                    "Send a JSON object with any of paused, max_concurrency and rate_limit.");
        }
        rejectUnknown(body, FIELDS, "");
        FieldErrors errors = FieldErrors.root();
        JsonNode paused = body.get("paused");
        if (paused != null && !paused.isBoolean()) {
            errors.reject("paused", "must be true or false");
        }
        JsonNode concurrency = body.get("max_concurrency");
        if (concurrency != null && !concurrency.isNull() && !isIntegerIn(concurrency, 1, MAX_CONCURRENCY)) {
            errors.reject(
                    "max_concurrency", "must be an integer from 1 to " + MAX_CONCURRENCY + ", or null for no limit");
        }
        JsonNode rate = body.get("rate_limit");
        if (rate != null && !rate.isNull()) {
            if (!rate.isObject()) {
                errors.reject("rate_limit", "must be an object {per_second, burst?}, or null for no limit");
            } else {
                rejectUnknown(rate, RATE_FIELDS, "rate_limit.");
                JsonNode perSecond = rate.get("per_second");
                if (perSecond == null || !perSecond.isNumber() || !isRate(perSecond.decimalValue())) {
                    errors.at("rate_limit")
                            .reject("per_second", "must be a number above 0 and at most " + (int) MAX_PER_SECOND);
                }
                JsonNode burst = rate.get("burst");
                if (burst != null && !burst.isNull() && !isIntegerIn(burst, 1, MAX_CONCURRENCY)) {
                    errors.at("rate_limit").reject("burst", "must be an integer from 1 to " + MAX_CONCURRENCY);
                }
            }
        }
        errors.throwIfAny();
        return new QueueChange(body);
    }

    /** Whether the change pauses ({@code TRUE}) or resumes ({@code FALSE}) the queue; null when it does neither. */
    Boolean paused() {
        JsonNode paused = body.get("paused");
        return paused == null ? null : paused.asBoolean();
    }

    /** {@code current} with this change's limits applied. */
    QueueSettings applyTo(QueueSettings current) {
        Integer concurrency = current.maxConcurrency();
        if (body.has("max_concurrency")) {
            JsonNode value = body.get("max_concurrency");
            concurrency = value.isNull() ? null : value.asInt();
        }
        Double perSecond = current.ratePerSecond();
        Integer burst = current.rateBurst();
        if (body.has("rate_limit")) {
            JsonNode rate = body.get("rate_limit");
            if (rate.isNull()) {
                perSecond = null;
                burst = null;
            } else {
                perSecond = rate.get("per_second").asDouble();
                JsonNode b = rate.get("burst");
                // A second's worth of starts at once unless told otherwise (as the workers assume).
                burst = b == null || b.isNull() ? (int) Math.max(1, Math.ceil(perSecond)) : b.asInt();
            }
        }
        return new QueueSettings(current.tenantId(), current.name(), current.paused(), concurrency, perSecond, burst);
    }

    /**
     * Compared as a decimal: a number far past a double's range (a thousand digits, {@code 1e400})
     * has no double value to compare. A rate is stored as a double, so one too small to be a double
     * above 0 ({@code 1e-400}) is refused too.
     */
    private static boolean isRate(BigDecimal perSecond) {
        return perSecond.signum() > 0
                && perSecond.compareTo(BigDecimal.valueOf(MAX_PER_SECOND)) <= 0
                && perSecond.doubleValue() > 0;
    }

    private static boolean isIntegerIn(JsonNode node, long min, long max) {
        return node.isIntegralNumber() && node.canConvertToLong() && node.asLong() >= min && node.asLong() <= max;
    }

    private static void rejectUnknown(JsonNode object, Set<String> known, String prefix) {
        for (String name : object.propertyNames()) {
            if (!known.contains(name)) {
                throw new ApiProblem(
                        ProblemCode.UNKNOWN_FIELD,
                        "Unknown field '" + prefix + name + "'. A queue's settings are " + known + ".");
            }
        }
    }
}
