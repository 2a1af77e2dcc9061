package dev.foreman.common.job;

import java.util.Arrays;
import java.util.List;

/** Kafka topic names. Record key: the job id; value: protobuf {@code foreman.v1.JobDispatch}. */
public final class JobTopics {
    static final String PREFIX = "foreman.jobs.";

    private JobTopics() {}

    /** All dispatch topics, highest priority first. */
    public static List<String> all() {
        return Arrays.stream(Priority.values()).map(Priority::topic).toList();
    }
}
