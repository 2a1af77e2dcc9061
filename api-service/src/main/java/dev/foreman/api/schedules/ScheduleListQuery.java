package dev.foreman.api.schedules;

import dev.foreman.api.ApiProperties;
import dev.foreman.api.jobs.PageParams;
import dev.foreman.api.problem.ApiProblem;
import dev.foreman.api.problem.InvalidField;
import dev.foreman.api.problem.ProblemCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.util.MultiValueMap;

/**
 * The query of {@code GET /v1/schedules}: a page size and a cursor, with the job list's page-size
 * settings. An unknown parameter is an error rather than a filter silently not applied.
 */
record ScheduleListQuery(UUID after, int limit) {
    static final Set<String> PARAMETERS = Set.of("limit", "cursor");

    static ScheduleListQuery parse(MultiValueMap<String, String> params, ApiProperties.Jobs settings) {
        List<InvalidField> errors = new ArrayList<>();
        PageParams.rejectUnknownOrRepeated(params, PARAMETERS, errors);
        int limit = PageParams.limit(params, settings, errors);
        if (!errors.isEmpty()) {
            throw new ApiProblem(ProblemCode.INVALID_PARAMETER, ProblemCode.INVALID_PARAMETER.defaultDetail(), errors);
        }
        return new ScheduleListQuery(PageParams.after(params), limit);
    }

    /** How many schedules to read: one more than the page, to learn whether another page follows. */
    int fetchSize() {
        return limit + 1;
    }
}
