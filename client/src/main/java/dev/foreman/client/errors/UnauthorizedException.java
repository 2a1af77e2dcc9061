package dev.foreman.client.errors;

/** 401 unauthorized: no API key, or the key is unknown, revoked or expired, or its tenant is suspended. */
public class UnauthorizedException extends ForemanException {
    public UnauthorizedException(ProblemDetails problem) {
        super(problem);
    }
}
