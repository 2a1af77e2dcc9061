package dev.foreman.common.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class ApiKeyHasherTest {
    private static final String KEY = "fm_0123456789abcdefghijklmnopqrstuv";

    @Test
    void storesAKeyAsTheHexHmacSha256UnderThePepperNeverAsABareHash() throws Exception {
        String stored = new ApiKeyHasher("pepper-one").hmac(KEY);

        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("pepper-one".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        assertThat(stored).isEqualTo(HexFormat.of().formatHex(mac.doFinal(KEY.getBytes(StandardCharsets.UTF_8))));
        assertThat(stored)
                .matches("[0-9a-f]{64}")
                .isNotEqualTo(ApiKeys.hash(KEY))
                .doesNotContain(KEY);
    }

    @Test
    void anotherPepperMakesAnotherHashSoATableCopyAloneCannotTestGuesses() {
        assertThat(new ApiKeyHasher("pepper-one").hmac(KEY))
                .isEqualTo(new ApiKeyHasher("pepper-one").hmac(KEY))
                .isNotEqualTo(new ApiKeyHasher("pepper-two").hmac(KEY));
    }

    @Test
    void refusesAnEmptyPepper() {
        assertThatThrownBy(() -> new ApiKeyHasher("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ApiKeyHasher(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void comparesStoredHashesWholeAndNeverMatchesAMissingOne() {
        String stored = new ApiKeyHasher("pepper-one").hmac(KEY);

        assertThat(ApiKeyHasher.sameHash(stored, new String(stored))).isTrue();
        assertThat(ApiKeyHasher.sameHash(stored, stored.substring(0, 63) + "x")).isFalse();
        assertThat(ApiKeyHasher.sameHash(stored, stored.substring(0, 32))).isFalse();
        assertThat(ApiKeyHasher.sameHash(stored, null)).isFalse();
        assertThat(ApiKeyHasher.sameHash(null, null)).isFalse();
    }
}
