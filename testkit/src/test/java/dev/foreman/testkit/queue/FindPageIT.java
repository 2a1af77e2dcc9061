package dev.foreman.testkit.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foreman.common.job.Job;
import dev.foreman.common.job.JobFilter;
import dev.foreman.common.job.JobState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The job list merges one ordered index scan per state; these pin what the merge must give. */
class FindPageIT {
    private static final List<JobState> STATES =
            List.of(JobState.QUEUED, JobState.SUCCEEDED, JobState.DEAD, JobState.CANCELLED, JobState.RETRYING);

    private final QueueFixture fixture = new QueueFixture("pages");

    @Test
    void walksJobsOfEveryStateNewestFirstAcrossPagesExactlyOnce() {
        List<UUID> ids = jobsInTurnsOfState(17);

        List<UUID> walked = walk(null, 3);

        assertThat(walked).containsExactlyElementsOf(newestFirst(ids));
    }

    @Test
    void aStateFilterWalksOnlyThatStateNewestFirst() {
        List<UUID> ids = jobsInTurnsOfState(17);
        List<UUID> succeeded = IntStream.range(0, ids.size())
                .filter(i -> STATES.get(i % STATES.size()) == JobState.SUCCEEDED)
                .mapToObj(ids::get)
                .toList();

        List<UUID> walked = walk(JobState.SUCCEEDED, 2);

        assertThat(walked).containsExactlyElementsOf(newestFirst(succeeded));
    }

    @Test
    void aPageHoldsAtMostTheLimitEvenWhenEveryStateHasThatMany() {
        jobsInTurnsOfState(STATES.size() * 4);

        List<Job> page = fixture.jobs.findPage(new JobFilter(fixture.tenant.id(), null, null, null, null, null, 4));

        assertThat(page).hasSize(4);
    }

    /** {@code count} jobs, oldest first, the i-th in state {@code STATES[i % STATES.size()]}. */
    private List<UUID> jobsInTurnsOfState(int count) {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Job job = fixture.insert(fixture.aJob().build(), fixture.now);
            JobState state = STATES.get(i % STATES.size());
            if (state != JobState.QUEUED) {
                fixture.forceState(job.id(), state);
            }
            ids.add(job.id());
        }
        return ids;
    }

    private List<UUID> walk(JobState state, int limit) {
        List<UUID> walked = new ArrayList<>();
        UUID after = null;
        while (true) {
            List<Job> page =
                    fixture.jobs.findPage(new JobFilter(fixture.tenant.id(), state, null, null, null, after, limit));
            page.stream().map(Job::id).forEach(walked::add);
            if (page.size() < limit) {
                return walked;
            }
            after = page.getLast().id();
        }
    }

    private static List<UUID> newestFirst(List<UUID> ids) {
        return ids.stream().sorted(Comparator.reverseOrder()).toList();
    }
}
