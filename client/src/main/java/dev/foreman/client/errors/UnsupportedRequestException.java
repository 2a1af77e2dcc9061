package dev.foreman.client.errors;

/** 405, 406 or 415: the method, the accepted media types or the body's media type do not fit the path. */
public class UnsupportedRequestException extends ForemanException {
    public UnsupportedRequestException(ProblemDetails problem) {
        super(problem);
    }
}
