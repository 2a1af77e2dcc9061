package dev.foreman.client.errors;

/** 413 payload_too_large: the body is larger than the API accepts. */
public class PayloadTooLargeException extends ForemanException {
    public PayloadTooLargeException(ProblemDetails problem) {
        super(problem);
    }
}
