package dev.foreman.api.problem;

import java.util.UUID;

/**
 * Ids in paths. An id that is not a UUID names nothing, so it answers 404 like an unknown one rather
 * than a 400 that would tell ids apart by shape.
 */
public enum PathIds {
    JOB("job", "jobs of other tenants are not visible."),
    SCHEDULE(
            "schedule",
            "GET /v1/schedules lists the tenant's schedules, and schedules of other tenants are not visible."),
    KEY("API key", "GET /v1/keys lists the tenant's keys (GET /v1/admin/tenants/{id}/keys for an operator)."),
    TENANT("tenant", "GET /v1/admin/tenants lists every tenant.");

    private final String noun;
    private final String hint;

    PathIds(String noun, String hint) {
        this.noun = noun;
        this.hint = hint;
    }

    /** @throws ApiProblem {@code not_found} when the text is not a UUID */
    public UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw notFound(id);
        }
    }

    public ApiProblem notFound(String id) {
        return new ApiProblem(
                ProblemCode.NOT_FOUND,
                "No " + noun + " " + id + " exists for this API key's tenant. Check the id; " + hint);
    }
}
