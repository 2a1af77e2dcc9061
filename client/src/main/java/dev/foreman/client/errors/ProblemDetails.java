package dev.foreman.client.errors;

import java.time.Duration;
import java.util.List;

/** The parts of a problem+json answer that the exceptions carry. */
public record ProblemDetails(
        int status, String code, String title, String detail, List<FieldError> errors, Duration retryAfter) {

    public ProblemDetails {
        code = code == null || code.isBlank() ? "unknown" : code;
        title = title == null ? "" : title;
        detail = detail == null ? "" : detail;
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    String message() {
        StringBuilder message = new StringBuilder().append(status).append(' ').append(code);
        if (!detail.isEmpty()) {
            message.append(": ").append(detail);
        } else if (!title.isEmpty()) {
            message.append(": ").append(title);
        }
        for (FieldError error : errors) {
            message.append("; ").append(error.field()).append(": ").append(error.message());
        }
        return message.toString();
    }
}
