package dev.foreman.client.errors;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * An answer of the API that is not a success, as the problem+json body described it (RFC 9457).
 * {@link #code()} is the stable code documented in Foreman's {@code docs/errors.md}; the subclass
 * says what kind of mistake it is, so a caller can catch the kind and read the code.
 */
public class ForemanException extends RuntimeException {
    private final int status;
    private final String code;
    private final String title;
    private final String detail;
    private final List<FieldError> errors;
    private final Duration retryAfter;

    public ForemanException(ProblemDetails problem) {
        super(problem.message());
        this.status = problem.status();
        this.code = problem.code();
        this.title = problem.title();
        this.detail = problem.detail();
        this.errors = problem.errors();
        this.retryAfter = problem.retryAfter();
    }

    /** The HTTP status of the answer. */
    public int status() {
        return status;
    }

    /** The problem's stable code, such as {@code validation_failed}; {@code unknown} if the body had none. */
    public String code() {
        return code;
    }

    public String title() {
        return title;
    }

    /** What was wrong with this request, for a person; may be empty. */
    public String detail() {
        return detail;
    }

    /** The fields the API refused, for 400 and 422 answers; empty otherwise. */
    public List<FieldError> errors() {
        return errors;
    }

    /** When the API said to try again ({@code Retry-After}), if it did. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
