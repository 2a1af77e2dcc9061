package dev.foreman.api.jobs;

import dev.foreman.api.problem.ApiProblem;
import dev.foreman.api.problem.InvalidField;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects every invalid field of a request, each under its JSON path, so one response lists all
 * of them instead of the first.
 */
final class FieldErrors {
    private final List<InvalidField> errors;
    private final String prefix;

    private FieldErrors(List<InvalidField> errors, String prefix) {
        this.errors = errors;
        this.prefix = prefix;
    }

    static FieldErrors root() {
        return new FieldErrors(new ArrayList<>(), "");
    }

    /** The same collection, for fields under {@code name} (an object field or an {@code [index]}). */
    FieldErrors at(String name) {
        return new FieldErrors(errors, path(name));
    }

    void reject(String field, String message) {
        errors.add(new InvalidField(path(field), message));
    }

    boolean isEmpty() {
        return errors.isEmpty();
    }

    void throwIfAny() {
        if (!errors.isEmpty()) {
            throw ApiProblem.validationFailed(errors);
        }
    }

    private String path(String name) {
        if (prefix.isEmpty()) {
            return name;
        }
        return name.startsWith("[") ? prefix + name : prefix + "." + name;
    }
}
