package dev.foreman.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class JobIdsTest {
    private static final UUID FIRST = UUID.fromString("0190c3a4-1111-7000-8000-000000000001");
    private static final UUID SECOND = UUID.fromString("0190c3a4-2222-7000-8000-000000000002");

    private final JobIds ids = new JobIds(JsonMapper.builder().build());

    @Test
    void readsTheTopLevelIdOfASubmittedJobAndIgnoresIdsInsideIt() {
        String job = """
                {"payload":{"id":"not-this-one"},"target":{"url":"http://t/x","headers":{"id":"nor this"}},
                 "id":"%s","labels":{},"result":null,"attempt":0}
                """.formatted(FIRST);

        assertThat(ids.idOfJob(bytes(job))).isEqualTo(FIRST);
    }

    @Test
    void readsTheIdsOfABatchInTheOrderTheyWereSubmitted() {
        String batch = """
                {"jobs":[{"id":"%s","payload":[1,{"id":"x"}]},{"queue":"q","id":"%s"}]}
                """.formatted(FIRST, SECOND);

        assertThat(ids.idsOfBatch(bytes(batch))).containsExactly(FIRST, SECOND);
    }

    @Test
    void rejectsABatchAnswerWithoutJobs() {
        assertThatThrownBy(() -> ids.idsOfBatch(bytes("{\"items\":[]}")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no jobs array");
    }

    @Test
    void rejectsAJobWithoutId() {
        assertThatThrownBy(() -> ids.idOfJob(bytes("{\"queue\":\"q\"}"))).isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
