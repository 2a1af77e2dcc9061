package dev.foreman.api.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The RFC 9457 problem body, with the {@code code} and {@code errors} extension members.
 *
 * @param type a URI per code, stable across releases
 * @param title a short summary of the code, the same for every occurrence
 * @param status the HTTP status, repeated for clients that only see the body
 * @param detail this occurrence, and what the caller should do next
 * @param code the stable snake_case code to branch on
 * @param instance the request path
 * @param errors the fields at fault, for invalid input
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(
        String type, String title, int status, String detail, String code, String instance, List<InvalidField> errors) {

    /** Where the problem types live; a code's type is this plus its wire name. */
    static final String TYPE_BASE = "https://foreman.dev/problems/";
}
