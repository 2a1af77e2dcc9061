package dev.foreman.client.errors;

/** 503: the API could not serve the request now (overloaded, database_unavailable, service_unavailable); retry after {@link #retryAfter()}. */
public class ServiceUnavailableException extends ForemanException {
    public ServiceUnavailableException(ProblemDetails problem) {
        super(problem);
    }
}
