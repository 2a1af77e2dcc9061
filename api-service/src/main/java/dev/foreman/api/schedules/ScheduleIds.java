package dev.foreman.api.schedules;

import dev.foreman.api.problem.ApiProblem;
import dev.foreman.api.problem.ProblemCode;
import java.util.UUID;

/**
 * Schedule ids in paths. An id that is not a UUID names no schedule, so it answers 404 like an
 * unknown one, as job ids do.
 */
final class ScheduleIds {
    private ScheduleIds() {}

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
                "No schedule " + id + " exists for this API key's tenant. Check the id; GET /v1/schedules lists"
                        + " the tenant's schedules, and schedules of other tenants are not visible.");
    }
}
