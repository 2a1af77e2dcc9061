package dev.foreman.client.errors;

/** 400: the request could not be read as the API documents it (malformed_json, unknown_field, wrong_type, invalid_parameter, invalid_cursor, bad_request). Fix the request; retrying it unchanged fails again. */
public class BadRequestException extends ForemanException {
    public BadRequestException(ProblemDetails problem) {
        super(problem);
    }
}
