package dev.foreman.api.jobs;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Stores submitted jobs. Small submissions share a transaction with whatever else is being
 * submitted at the moment ({@link GroupCommit}); large batches, or every submission when the group
 * commit is off, are written in a transaction of their own. Either way a request's jobs are all
 * stored or none are, and the answer comes after the commit.
 */
@Component
class JobSubmitter {
    private final GroupCommit groupCommit;
    private final Counter created;
    private final Counter replayed;

    JobSubmitter(GroupCommit groupCommit, MeterRegistry meters) {
        this.groupCommit = groupCommit;
        this.created = submittedCounter(meters, "created");
        this.replayed = submittedCounter(meters, "replayed");
    }

    /** The stored jobs in the order given, each marked replayed when its key was already used. */
    List<SubmittedJob> submit(Submission submission) {
        List<SubmittedJob> submitted = groupCommit.submit(submission);
        long replays = submitted.stream().filter(SubmittedJob::replayed).count();
        created.increment(submitted.size() - replays);
        replayed.increment(replays);
        return submitted;
    }

    private static Counter submittedCounter(MeterRegistry meters, String result) {
        return Counter.builder("foreman.jobs.submitted")
                .description("Jobs accepted by the API; 'replayed' ones repeated a known idempotency key")
                .tag("result", result)
                .register(meters);
    }
}
