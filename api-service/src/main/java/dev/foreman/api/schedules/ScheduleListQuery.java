package dev.foreman.api.schedules;

import dev.foreman.api.ApiProperties;
import dev.foreman.api.jobs.PageCursor;
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
        params.forEach((name, values) -> {
            if (!PARAMETERS.contains(name)) {
                errors.add(new InvalidField(name, "is not a parameter of this list; use one of cursor, limit"));
            } else if (values.size() > 1) {
                errors.add(new InvalidField(name, "must be given once"));
            }
        });
        int limit = settings.defaultPageSize();
        String limitText = params.getFirst("limit");
        if (limitText != null) {
            try {
                limit = Integer.parseInt(limitText);
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > settings.maxPageSize()) {
                errors.add(new InvalidField("limit", "must be a whole number from 1 to " + settings.maxPageSize()));
            }
        }
        if (!errors.isEmpty()) {
            throw new ApiProblem(ProblemCode.INVALID_PARAMETER, ProblemCode.INVALID_PARAMETER.defaultDetail(), errors);
        }
        String cursor = params.getFirst("cursor");
        return new ScheduleListQuery(cursor == null ? null : PageCursor.decode(cursor), limit);
    }

    /** How many schedules to read: one more than the page, to learn whether another page follows. */
    int fetchSize() {
        return limit + 1;
    }
}
