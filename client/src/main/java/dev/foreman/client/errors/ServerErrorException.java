package dev.foreman.client.errors;

/** 500 or another 5xx: an unexpected failure inside the API. */
public class ServerErrorException extends ForemanException {
    public ServerErrorException(ProblemDetails problem) {
        super(problem);
    }
}
