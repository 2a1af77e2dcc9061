package dev.foreman.api.jobs;

import dev.foreman.api.ApiProperties;
import dev.foreman.api.problem.InvalidField;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.util.MultiValueMap;

/**
 * The query parameters every keyset-paged list shares, checked strictly: an unknown or repeated
 * parameter, or a page size out of range, is an error rather than something silently ignored.
 */
public final class PageParams {
    private PageParams() {}

    /** Adds an error for each parameter not in {@code allowed}, and for each given more than once. */
    public static void rejectUnknownOrRepeated(
            MultiValueMap<String, String> params, Set<String> allowed, List<InvalidField> errors) {
        params.forEach((name, values) -> {
            if (!allowed.contains(name)) {
                errors.add(new InvalidField(name, "is not a parameter of this list; use one of " + sorted(allowed)));
            } else if (values.size() > 1) {
                errors.add(new InvalidField(name, "must be given once"));
            }
        });
    }

    /** The page size asked for, or the default; adds an error when it is not 1 to the maximum. */
    public static int limit(
            MultiValueMap<String, String> params, ApiProperties.Jobs settings, List<InvalidField> errors) {
        String limitText = params.getFirst("limit");
        if (limitText == null) {
            return settings.defaultPageSize();
        }
        int limit;
        try {
            limit = Integer.parseInt(limitText);
        } catch (NumberFormatException e) {
            limit = -1;
        }
        if (limit < 1 || limit > settings.maxPageSize()) {
            errors.add(new InvalidField("limit", "must be a whole number from 1 to " + settings.maxPageSize()));
        }
        return limit;
    }

    /** The keyset cursor: the last id of the previous page, or null for the first page. */
    public static UUID after(MultiValueMap<String, String> params) {
        String cursor = params.getFirst("cursor");
        return cursor == null ? null : PageCursor.decode(cursor);
    }

    private static String sorted(Set<String> names) {
        return names.stream().sorted().collect(Collectors.joining(", "));
    }
}
