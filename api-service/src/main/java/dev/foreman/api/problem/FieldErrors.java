package dev.foreman.api.problem;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects every invalid field of a request, each under its JSON path, so one response lists all
 * of them instead of the first.
 */
public final class FieldErrors {
    private final List<InvalidField> errors;
    // The code of the answer: validation_failed, unless a rejection named a more specific one.
    private final ProblemCode[] code;
    private final String prefix;

    private FieldErrors(List<InvalidField> errors, ProblemCode[] code, String prefix) {
        this.errors = errors;
        this.code = code;
        this.prefix = prefix;
    }

    public static FieldErrors root() {
        return new FieldErrors(new ArrayList<>(), new ProblemCode[] {ProblemCode.VALIDATION_FAILED}, "");
    }

    /** The same collection, for fields under {@code name} (an object field or an {@code [index]}). */
    public FieldErrors at(String name) {
        return new FieldErrors(errors, code, path(name));
    }

    public void reject(String field, String message) {
        errors.add(new InvalidField(path(field), message));
    }

    /**
     * Rejects the field with a more specific code than {@code validation_failed} (a 422 too, such as
     * {@code reserved_header}); the first such code becomes the answer's, every field is still listed.
     */
    public void reject(String field, String message, ProblemCode specific) {
        reject(field, message);
        if (code[0] == ProblemCode.VALIDATION_FAILED) {
            code[0] = specific;
        }
    }

    public boolean isEmpty() {
        return errors.isEmpty();
    }

    public void throwIfAny() {
        if (!errors.isEmpty()) {
            throw new ApiProblem(code[0], code[0].defaultDetail(), errors);
        }
    }

    private String path(String name) {
        if (prefix.isEmpty()) {
            return name;
        }
        return name.startsWith("[") ? prefix + name : prefix + "." + name;
    }
}
