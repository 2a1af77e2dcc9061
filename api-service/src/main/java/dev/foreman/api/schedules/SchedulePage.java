package dev.foreman.api.schedules;

import dev.foreman.api.jobs.PageCursor;
import dev.foreman.common.schedule.Schedule;
import java.time.Instant;
import java.util.List;

/** {@code GET /v1/schedules}: one page, newest first; {@code nextCursor} is null on the last page. */
record SchedulePage(List<ScheduleDocument> items, String nextCursor) {

    /** The page of {@code found}, which holds one schedule more than {@code limit} when another page follows. */
    static SchedulePage of(List<Schedule> found, int limit, Instant now) {
        boolean more = found.size() > limit;
        List<Schedule> page = more ? found.subList(0, limit) : found;
        String nextCursor = more ? PageCursor.encode(page.getLast().id()) : null;
        return new SchedulePage(
                page.stream()
                        .map(schedule -> ScheduleDocument.of(schedule, now))
                        .toList(),
                nextCursor);
    }

    /** As a {@code read_only} key sees it: the jobs' header names without their values. */
    SchedulePage withTargetHeaderValuesHidden() {
        return new SchedulePage(
                items.stream()
                        .map(ScheduleDocument::withTargetHeaderValuesHidden)
                        .toList(),
                nextCursor);
    }
}
