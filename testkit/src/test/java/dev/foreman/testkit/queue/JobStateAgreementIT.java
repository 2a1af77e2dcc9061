package dev.foreman.testkit.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foreman.common.job.AttemptOutcome;
import dev.foreman.common.job.JobState;
import dev.foreman.common.job.Priority;
import dev.foreman.testkit.infra.TestInfrastructure;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** One enum in Java, one CHECK in SQL, one enum in proto (DESIGN §2): this keeps them naming the same values. */
class JobStateAgreementIT {
    private static final String CHECK_CONSTRAINT_DEFINITION = """
            SELECT pg_get_constraintdef(oid)
            FROM pg_constraint
            WHERE conrelid = CAST(:table AS regclass)
              AND conname = :constraint
              AND contype = 'c'
            """;
    private static final Pattern QUOTED_VALUE = Pattern.compile("'([^']+)'::text");

    private static JdbcClient jdbc;

    @BeforeAll
    static void migrate() {
        TestInfrastructure infra = TestInfrastructure.shared();
        infra.migrate();
        jdbc = JdbcClient.create(infra.dataSource());
    }

    @Test
    void javaSqlAndProtoNameTheSameJobStates() {
        Set<String> java = Arrays.stream(JobState.values()).map(JobState::name).collect(Collectors.toSet());

        assertThat(checkedValues("jobs", "jobs_state_check")).isEqualTo(java);
        assertThat(protoNames(dev.foreman.proto.v1.JobState.values(), "JOB_STATE_"))
                .isEqualTo(java);
    }

    @Test
    void javaSqlAndProtoNameTheSamePriorities() {
        Set<String> java = Arrays.stream(Priority.values()).map(Priority::name).collect(Collectors.toSet());

        assertThat(checkedValues("jobs", "jobs_priority_check")).isEqualTo(java);
        assertThat(checkedValues("outbox", "outbox_priority_check")).isEqualTo(java);
        assertThat(protoNames(dev.foreman.proto.v1.Priority.values(), "PRIORITY_"))
                .isEqualTo(java);
    }

    @Test
    void javaAndSqlNameTheSameAttemptOutcomes() {
        Set<String> java =
                Arrays.stream(AttemptOutcome.values()).map(AttemptOutcome::name).collect(Collectors.toSet());

        assertThat(checkedValues("job_attempts", "job_attempts_outcome_check")).isEqualTo(java);
    }

    /** The values a CHECK ... IN (...) constraint allows, upper-cased like Java enum names. */
    private static Set<String> checkedValues(String table, String constraint) {
        String definition = jdbc.sql(CHECK_CONSTRAINT_DEFINITION)
                .param("table", table)
                .param("constraint", constraint)
                .query(String.class)
                .single();
        Matcher values = QUOTED_VALUE.matcher(definition);
        Set<String> names = values.results()
                .map(value -> value.group(1).toUpperCase(Locale.ROOT))
                .collect(Collectors.toSet());
        assertThat(names).as("values in %s", definition).isNotEmpty();
        return names;
    }

    private static Set<String> protoNames(Enum<?>[] values, String prefix) {
        return Arrays.stream(values)
                .map(Enum::name)
                .filter(name -> !name.equals(prefix + "UNSPECIFIED") && !name.equals("UNRECOGNIZED"))
                .map(name -> name.substring(prefix.length()))
                .collect(Collectors.toSet());
    }
}
