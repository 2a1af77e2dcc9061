package dev.foreman.deployments;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md cannot drift from the code: it must be exactly what the configuration
 * metadata generates. {@code -Dforeman.docs.write=true} rewrites it instead of checking.
 */
class ConfigurationReferenceTest {
    private static final Path REFERENCE = Files.ROOT.resolve("docs/configuration.md");

    @Test
    void configurationReferenceListsEverySettingAsTheMetadataDescribesIt() throws IOException {
        String expected = ConfigurationReference.markdown();
        if (Boolean.getBoolean("foreman.docs.write")) {
            java.nio.file.Files.writeString(REFERENCE, expected);
        }
        assertThat(Files.read(REFERENCE))
                .as("docs/configuration.md is generated: run this test with -Dforeman.docs.write=true")
                .isEqualTo(expected);
        assertThat(expected)
                .contains(
                        "`foreman.api.bootstrap-api-key`",
                        "`foreman.worker.max-in-flight`",
                        "`foreman.scheduler.leader-ttl`");
    }
}
