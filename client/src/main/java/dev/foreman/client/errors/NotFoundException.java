package dev.foreman.client.errors;

/** 404 not_found: no such path, or no such job, schedule, queue or key for this tenant. */
public class NotFoundException extends ForemanException {
    public NotFoundException(ProblemDetails problem) {
        super(problem);
    }
}
