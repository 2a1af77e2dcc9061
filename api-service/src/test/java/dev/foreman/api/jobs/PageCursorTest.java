package dev.foreman.api.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.foreman.api.problem.ApiProblem;
import dev.foreman.api.problem.ProblemCode;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PageCursorTest {

    @Test
    void decodesWhatItEncodes() {
        UUID id = UUID.fromString("0190f5a2-7c1e-7a3b-8f00-123456789abc");

        String cursor = PageCursor.encode(id);

        assertThat(cursor).matches("[A-Za-z0-9_-]{22}");
        assertThat(PageCursor.decode(cursor)).isEqualTo(id);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not a cursor", "AAAA", "AZ-_AZ-_AZ-_AZ-_AZ-_AZ-_AZ", "%%%"})
    void rejectsTextItDidNotMakeAsInvalidCursor(String cursor) {
        assertThatThrownBy(() -> PageCursor.decode(cursor))
                .isInstanceOfSatisfying(
                        ApiProblem.class, problem -> assertThat(problem.code()).isEqualTo(ProblemCode.INVALID_CURSOR));
    }
}
