package dev.foreman.api.problem;

import dev.foreman.common.wire.WireNamed;
import java.util.OptionalInt;
import org.springframework.http.HttpStatus;

/**
 * The stable error codes of the API, one per kind of failure a caller handles differently. The
 * catalogue with what each means and what to do is {@code docs/errors.md}; keep the
 * two equal.
 */
public enum ProblemCode implements WireNamed {
    BAD_REQUEST(HttpStatus.BAD_REQUEST, "Bad request", "The request could not be read; check its syntax and headers."),
    MALFORMED_JSON(HttpStatus.BAD_REQUEST, "Malformed JSON", "Send a well-formed JSON object as the body."),
    UNKNOWN_FIELD(
            HttpStatus.BAD_REQUEST,
            "Unknown field",
            "Remove the field or fix its spelling; unknown fields are rejected so no setting is lost."),
    WRONG_TYPE(
            HttpStatus.BAD_REQUEST,
            "Wrong JSON type",
            "Send the field with the JSON type the API documents (for example a string, not a number)."),
    INVALID_PARAMETER(HttpStatus.BAD_REQUEST, "Invalid query parameter", "Fix the query parameters listed in errors."),
    INVALID_CURSOR(
            HttpStatus.BAD_REQUEST,
            "Invalid cursor",
            "Pass back the next_cursor of a previous page unchanged, or omit cursor to start from the first page."),
    UNAUTHORIZED(
            HttpStatus.UNAUTHORIZED,
            "Unauthorized",
            "Send a valid API key in the header 'Authorization: Bearer <key>'."),
    FORBIDDEN(
            HttpStatus.FORBIDDEN,
            "Forbidden",
            "This API key's role does not allow the request; use a key whose role does (operator, admin, member,"
                    + " read_only: each may do what the next may)."),
    NOT_FOUND(HttpStatus.NOT_FOUND, "Not found", "Check the path and the id; ids of other tenants are not visible."),
    METHOD_NOT_ALLOWED(
            HttpStatus.METHOD_NOT_ALLOWED,
            "Method not allowed",
            "Use one of the methods in the Allow header for this path."),
    NOT_ACCEPTABLE(HttpStatus.NOT_ACCEPTABLE, "Not acceptable", "Accept application/json responses."),
    PAYLOAD_TOO_LARGE(
            HttpStatus.CONTENT_TOO_LARGE,
            "Request body too large",
            "Send a smaller body: split a batch into several calls or keep large data out of the payload."),
    UNSUPPORTED_MEDIA_TYPE(
            HttpStatus.UNSUPPORTED_MEDIA_TYPE,
            "Unsupported media type",
            "Send the body with 'Content-Type: application/json'."),
    JOB_NOT_CANCELLABLE(
            HttpStatus.CONFLICT,
            "Job not cancellable",
            "The job has already ended; only scheduled, queued, running or retrying jobs can be cancelled."),
    JOB_NOT_RETRYABLE(
            HttpStatus.CONFLICT,
            "Job not retryable",
            "Only a dead or cancelled job can be retried; wait for the job to end or cancel it first."),
    SCHEDULE_NAME_TAKEN(
            HttpStatus.CONFLICT,
            "Schedule name taken",
            "The tenant already has a schedule by this name; choose another name or change that schedule."),
    TENANT_NAME_TAKEN(
            HttpStatus.CONFLICT,
            "Tenant name taken",
            "A tenant by this name exists already; choose another name, or GET /v1/admin/tenants to find it."),
    VALIDATION_FAILED(
            HttpStatus.UNPROCESSABLE_CONTENT,
            "Validation failed",
            "Fix the fields listed in errors and send the request again; nothing was written."),
    BATCH_TOO_LARGE(
            HttpStatus.UNPROCESSABLE_CONTENT,
            "Batch too large",
            "Split the jobs into several batches of at most the allowed size; nothing was written."),
    OVERLOADED(
            HttpStatus.SERVICE_UNAVAILABLE,
            "Overloaded",
            "The API is at its limit of requests in progress; nothing was written. Retry after the Retry-After seconds, with back-off."),
    SERVICE_UNAVAILABLE(
            HttpStatus.SERVICE_UNAVAILABLE,
            "Service unavailable",
            "A dependency of the API is unavailable; retry with back-off."),
    DATABASE_UNAVAILABLE(
            HttpStatus.SERVICE_UNAVAILABLE,
            "Database unavailable",
            "The database could not be reached or did not answer in time. Retry after the Retry-After seconds, with"
                    + " back-off; send a submit again with the same Idempotency-Key, so it is never stored twice."),
    INTERNAL_ERROR(
            HttpStatus.INTERNAL_SERVER_ERROR,
            "Internal error",
            "Retry with back-off; if it persists, report it to the operator with the time of the request.");

    private final HttpStatus status;
    private final String title;
    private final String defaultDetail;

    ProblemCode(HttpStatus status, String title, String defaultDetail) {
        this.status = status;
        this.title = title;
        this.defaultDetail = defaultDetail;
    }

    public HttpStatus status() {
        return status;
    }

    public String title() {
        return title;
    }

    /** What the caller should do next, when the failure needs no more specific advice. */
    public String defaultDetail() {
        return defaultDetail;
    }

    /**
     * The seconds to send in {@code Retry-After}: every 503 says when to try again (the cause is
     * momentary: a full API, a database restarting), other codes send none.
     */
    public OptionalInt retryAfterSeconds() {
        return status == HttpStatus.SERVICE_UNAVAILABLE ? OptionalInt.of(1) : OptionalInt.empty();
    }

    /** The problem type URI (RFC 9457 {@code type}), stable per code. */
    public String typeUri() {
        return Problem.TYPE_BASE + wireName();
    }
}
