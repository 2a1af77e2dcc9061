package dev.foreman.bench.target;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JobIdBytesTest {
    @ParameterizedTest
    @ValueSource(
            strings = {
                "0190b2c3-7d4e-7f00-8a1b-2c3d4e5f6a7b",
                "0190B2C3-7D4E-7F00-8A1B-2C3D4E5F6A7B",
                "ffffffff-ffff-ffff-ffff-ffffffffffff",
                "00000000-0000-0000-0000-000000000000",
                "1-2-3-4-5",
            })
    void readsEveryIdThatUuidFromStringReads(String id) {
        assertThat(parse(id)).isEqualTo(UUID.fromString(id));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "not-a-uuid",
                "0190b2c3-7d4e-7f00-8a1b-2c3d4e5f6a7g",
                "0190b2c3+7d4e-7f00-8a1b-2c3d4e5f6a7b",
                "0190b2c37d4e7f008a1b2c3d4e5f6a7b",
            })
    void readsNothingFromWhatIsNotAUuid(String id) {
        assertThat(parse(id)).isNull();
    }

    private static UUID parse(String id) {
        byte[] padded = ("[" + id + "]").getBytes(StandardCharsets.ISO_8859_1);
        return JobIdBytes.parse(padded, 1, padded.length - 1);
    }
}
