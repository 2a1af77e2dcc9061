package dev.foreman.api.problem;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects every invalid field of a request, each under its JSON path, so one response lists all
 * of them instead of the first.
 */
public final class FieldErrors {
    private final List<InvalidField> errors;
    private final String prefix;

    private FieldErrors(List<InvalidField> errors, String prefix) {
        this.errors = errors;
        this.prefix = prefix;
    }

    public static FieldErrors root() {
        return new FieldErrors(new ArrayList<>(), "");
    }

    /** The same collection, for fields under {@code name} (an object field or an {@code [index]}). */
    public FieldErrors at(String name) {
        return new FieldErrors(errors, path(name));
    }

    public void reject(String field, String message) {
        errors.add(new InvalidField(path(field), message));
    }

    public boolean isEmpty() {
        return errors.isEmpty();
    }

    public void throwIfAny() {
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
