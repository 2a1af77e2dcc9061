package dev.foreman.api.schedules;

import com.fasterxml.jackson.annotation.JsonRawValue;
import dev.foreman.common.job.JobDocument.RetryView;
import dev.foreman.common.job.JobDocument.TargetView;
import dev.foreman.common.job.RetryPolicy;
import dev.foreman.common.schedule.JobTemplate;
import java.time.Duration;
import java.util.Map;

/**
 * A schedule's job as JSON, with the field names of a submission and a job's value formats
 * (ISO-8601 durations, the payload as stored), so it can be sent back unchanged in a {@code PATCH}.
 * That is why a retry without a time limit shows {@code max_retry_duration} as {@code PT0S} (what
 * a submission sends for "no limit") where a job shows null.
 */
record JobTemplateDocument(
        String queue,
        String type,
        String priority,
        TargetView target,
        @JsonRawValue String payload,
        String timeout,
        RetryView retry,
        String callbackUrl,
        Map<String, String> labels) {

    static JobTemplateDocument of(JobTemplate template) {
        RetryPolicy retry = template.retry();
        Duration maxRetryDuration = retry.maxRetryDuration() == null ? Duration.ZERO : retry.maxRetryDuration();
        return new JobTemplateDocument(
                template.queue(),
                template.type(),
                template.priority().wireName(),
                new TargetView(
                        template.target().url(),
                        template.target().method(),
                        template.target().headers()),
                template.payload(),
                template.timeout().toString(),
                new RetryView(
                        retry.maxAttempts(),
                        retry.minBackoff().toString(),
                        retry.maxBackoff().toString(),
                        retry.maxDoublings(),
                        maxRetryDuration.toString()),
                template.callbackUrl(),
                template.labels());
    }

    JobTemplateDocument withTargetHeaderValuesHidden() {
        return new JobTemplateDocument(
                queue, type, priority, target.withHeaderValuesHidden(), payload, timeout, retry, callbackUrl, labels);
    }
}
