package dev.foreman.client.errors;

/** 422: well-formed JSON with a value the API does not accept (validation_failed, batch_too_large, target_not_allowed, reserved_header, ...); {@link #errors()} names the fields. */
public class ValidationException extends ForemanException {
    public ValidationException(ProblemDetails problem) {
        super(problem);
    }
}
