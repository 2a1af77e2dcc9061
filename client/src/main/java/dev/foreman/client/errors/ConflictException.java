package dev.foreman.client.errors;

/** 409: the resource is not in a state that allows the call (job_not_cancellable, job_not_retryable, schedule_name_taken, ...). Nothing changed. */
public class ConflictException extends ForemanException {
    public ConflictException(ProblemDetails problem) {
        super(problem);
    }
}
