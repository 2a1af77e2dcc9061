package dev.foreman.client;

import java.util.UUID;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/** {@code /v1/schedules}: cron schedules, their pause, resume and manual trigger. */
public final class Schedules {
    private final Transport transport;
    private final Jobs jobs;

    Schedules(Transport transport, Jobs jobs) {
        this.transport = transport;
        this.jobs = jobs;
    }

    public Schedule create(ScheduleSpec schedule) {
        String body = transport.json().writeValueAsString(schedule.fields());
        return transport.call(Call.write("POST", "/v1/schedules", body), Schedule.class);
    }

    public Schedule get(UUID id) {
        return transport.call(Call.get("/v1/schedules/" + id), Schedule.class);
    }

    public Page<Schedule> page(int pageSize, String cursor) {
        String query = "?limit=" + pageSize + (cursor == null ? "" : "&cursor=" + JobQuery.encode(cursor));
        JsonNode answer = transport.callForTree(Call.get("/v1/schedules" + query));
        return new Page<>(
                jobs.readList(answer.path("items"), Schedule.class), Jobs.textOrNull(answer.path("next_cursor")));
    }

    /** Every schedule, newest first, fetched page by page as the stream is read. */
    public Stream<Schedule> list() {
        return Pages.stream(cursor -> page(100, cursor));
    }

    /** Changes the fields set in {@code change}; the rest stay as they are. */
    public Schedule update(UUID id, ScheduleSpec change) {
        String body = transport.json().writeValueAsString(change.fields());
        return transport.call(Call.write("PATCH", "/v1/schedules/" + id, body), Schedule.class);
    }

    public void delete(UUID id) {
        transport.callForNothing(Call.write("DELETE", "/v1/schedules/" + id, null));
    }

    public Schedule pause(UUID id) {
        return transport.call(Call.write("POST", "/v1/schedules/" + id + "/pause", null), Schedule.class);
    }

    public Schedule resume(UUID id) {
        return transport.call(Call.write("POST", "/v1/schedules/" + id + "/resume", null), Schedule.class);
    }

    /** Submits the schedule's job now, outside its cron; answers that job. */
    public Job trigger(UUID id) {
        return transport.call(Call.write("POST", "/v1/schedules/" + id + "/trigger", null), Job.class);
    }
}
