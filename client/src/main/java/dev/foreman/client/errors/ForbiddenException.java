package dev.foreman.client.errors;

/** 403 forbidden: the key's role does not allow the call. */
public class ForbiddenException extends ForemanException {
    public ForbiddenException(ProblemDetails problem) {
        super(problem);
    }
}
