package dev.foreman.api.jobs;

import dev.foreman.api.problem.ApiProblem;
import dev.foreman.api.problem.ProblemCode;
import java.util.UUID;

/**
 * Job ids in paths. An id that is not a UUID names no job, so it answers 404 like an unknown one
 * rather than a 400 that would tell ids apart by shape.
 */
final class JobIds {
    private JobIds() {}

    /** @throws ApiProblem {@code not_found} when the text is not a UUID */
    static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw notFound(id);
        }
    }

    static ApiProblem notFound(String id) {
        return new ApiProblem(
                ProblemCode.NOT_FOUND,
                "No job " + id + " exists for this API key's tenant. Check the id; jobs of other tenants"
                        + " are not visible.");
    }
}
