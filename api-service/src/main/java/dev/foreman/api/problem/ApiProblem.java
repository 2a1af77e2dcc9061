package dev.foreman.api.problem;

import java.util.List;
import java.util.OptionalInt;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * A failure to report to the caller as problem+json. Thrown anywhere in request handling; {@link
 * ProblemAdvice} (or a filter, through {@link ProblemWriter}) turns it into the response.
 */
public class ApiProblem extends RuntimeException {
    private final ProblemCode code;
    private final String detail;
    private final List<InvalidField> errors;
    private final OptionalInt retryAfterSeconds;

    public ApiProblem(ProblemCode code, String detail, List<InvalidField> errors) {
        this(code, detail, errors, code.retryAfterSeconds());
    }

    private ApiProblem(ProblemCode code, String detail, List<InvalidField> errors, OptionalInt retryAfterSeconds) {
        super(code.wireName() + ": " + detail, null, false, false);
        this.code = code;
        this.detail = detail;
        this.errors = List.copyOf(errors);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** A problem that tells the caller when to try again ({@code Retry-After}), e.g. a 429. */
    public static ApiProblem retryAfter(ProblemCode code, String detail, int seconds) {
        return new ApiProblem(code, detail, List.of(), OptionalInt.of(Math.max(seconds, 1)));
    }

    public ApiProblem(ProblemCode code, String detail) {
        this(code, detail, List.of());
    }

    public ApiProblem(ProblemCode code) {
        this(code, code.defaultDetail());
    }

    /** Invalid input: the listed fields are at fault and nothing was written. */
    public static ApiProblem validationFailed(List<InvalidField> errors) {
        return new ApiProblem(ProblemCode.VALIDATION_FAILED, ProblemCode.VALIDATION_FAILED.defaultDetail(), errors);
    }

    public ProblemCode code() {
        return code;
    }

    public String detail() {
        return detail;
    }

    public List<InvalidField> errors() {
        return errors;
    }

    /** The seconds to send in {@code Retry-After}: the problem's own, else its code's. */
    public OptionalInt retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /**
     * The whole answer: the code's status, {@code Retry-After} when the code has one, and the body
     * as problem+json. {@link ProblemWriter} writes the same for filters, which have no entity.
     */
    public ResponseEntity<Problem> toResponse(String instance) {
        ResponseEntity.BodyBuilder response = ResponseEntity.status(code.status());
        retryAfterSeconds.ifPresent(seconds -> response.header(HttpHeaders.RETRY_AFTER, String.valueOf(seconds)));
        return response.contentType(MediaType.APPLICATION_PROBLEM_JSON).body(toProblem(instance));
    }

    /** The response body. */
    public Problem toProblem(String instance) {
        return new Problem(
                code.typeUri(),
                code.title(),
                code.status().value(),
                detail,
                code.wireName(),
                instance,
                errors.isEmpty() ? null : errors);
    }
}
