package dev.foreman.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.json.JsonMapper;

class StrictJsonConfigurationTest {
    record Settings(String priority, Integer maxAttempts, Map<String, String> labels) {}

    private final JsonMapper json = strictMapper();

    @Test
    void refusesANumberWhereAStringBelongs() {
        assertThatThrownBy(() -> json.readValue("{\"priority\": 5}", Settings.class))
                .isInstanceOf(MismatchedInputException.class);
    }

    @Test
    void refusesAStringWhereANumberBelongs() {
        assertThatThrownBy(() -> json.readValue("{\"max_attempts\": \"3\"}", Settings.class))
                .isInstanceOf(MismatchedInputException.class);
    }

    @Test
    void refusesAFractionWhereAWholeNumberBelongs() {
        assertThatThrownBy(() -> json.readValue("{\"max_attempts\": 2.5}", Settings.class))
                .isInstanceOf(MismatchedInputException.class);
    }

    @Test
    void refusesANumberAsAMapValue() {
        assertThatThrownBy(() -> json.readValue("{\"labels\": {\"team\": 1}}", Settings.class))
                .isInstanceOf(MismatchedInputException.class);
    }

    @Test
    void refusesUnknownFields() {
        assertThatThrownBy(() -> json.readValue("{\"priorty\": \"high\"}", Settings.class))
                .isInstanceOf(UnrecognizedPropertyException.class);
    }

    @Test
    void refusesRepeatedFields() {
        assertThatThrownBy(() -> json.readValue("{\"priority\": \"high\", \"priority\": \"low\"}", Settings.class))
                .isInstanceOf(StreamReadException.class);
    }

    @Test
    void refusesTrailingContent() {
        assertThatThrownBy(() -> json.readValue("{\"priority\": \"high\"} {}", Settings.class))
                .isInstanceOf(MismatchedInputException.class);
    }

    @Test
    void refusesALoneSurrogateInAStringAMapValueOrAMapKey() {
        assertThatThrownBy(() -> json.readValue("{\"priority\": \"\\ud800\"}", Settings.class))
                .isInstanceOf(StreamReadException.class)
                .hasMessageContaining("surrogate");
        assertThatThrownBy(() -> json.readValue("{\"labels\": {\"team\": \"x\\udc00\"}}", Settings.class))
                .isInstanceOf(StreamReadException.class);
        assertThatThrownBy(() -> json.readValue("{\"labels\": {\"\\ud800\": \"x\"}}", Settings.class))
                .isInstanceOf(StreamReadException.class);
    }

    @Test
    void readsAPairedSurrogateAsTheCharacterItEncodes() {
        Settings settings = json.readValue("{\"priority\": \"\\ud83d\\ude00\"}", Settings.class);

        assertThat(settings.priority()).isEqualTo("\uD83D\uDE00");
    }

    @Test
    void readsWellTypedSnakeCaseFields() {
        Settings settings = json.readValue(
                "{\"priority\": \"high\", \"max_attempts\": 3, \"labels\": {\"team\": \"growth\"}}", Settings.class);

        assertThat(settings).isEqualTo(new Settings("high", 3, Map.of("team", "growth")));
    }

    private static JsonMapper strictMapper() {
        JsonMapper.Builder builder = JsonMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
        new StrictJsonConfiguration().strictRequestJson().customize(builder);
        return builder.build();
    }
}
