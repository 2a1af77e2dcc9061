package dev.foreman.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectionTest {
    @TempDir
    Path dir;

    private Path config() throws IOException {
        return Files.writeString(dir.resolve("config.yaml"), """
                current: local
                profiles:
                  local: { url: "http://localhost:9999", api_key: fm_local }
                  prod:  { url: "https://foreman.example.com", api_key: fm_prod }
                """);
    }

    @Test
    void flagsWinOverTheEnvironmentWhichWinsOverTheProfile() throws IOException {
        Map<String, String> env = Map.of("FOREMAN_API_URL", "http://env:8080", "FOREMAN_API_KEY", "fm_env");

        assertThat(Connection.resolve("http://flag", "fm_flag", null, config(), env))
                .isEqualTo(new Connection("http://flag", "fm_flag"));
        assertThat(Connection.resolve(null, null, null, config(), env))
                .isEqualTo(new Connection("http://env:8080", "fm_env"));
        assertThat(Connection.resolve(null, null, null, config(), Map.of()))
                .isEqualTo(new Connection("http://localhost:9999", "fm_local"));
    }

    @Test
    void aNamedProfileIsChosenByFlagOrEnvironment() throws IOException {
        assertThat(Connection.resolve(null, null, "prod", config(), Map.of()).apiKey())
                .isEqualTo("fm_prod");
        assertThat(Connection.resolve(null, null, null, config(), Map.of("FOREMAN_PROFILE", "prod"))
                        .url())
                .isEqualTo("https://foreman.example.com");
    }

    @Test
    void withoutAnyKeyTheMessageSaysWhereToPutOne() {
        assertThatThrownBy(() -> Connection.resolve(null, null, null, dir.resolve("none.yaml"), Map.of()))
                .isInstanceOf(UsageError.class)
                .hasMessageContaining("FOREMAN_API_KEY");
        assertThatThrownBy(() -> Connection.resolve(null, null, "nope", config(), Map.of()))
                .hasMessageContaining("no profile nope");
    }
}
