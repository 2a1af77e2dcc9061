package dev.foreman.client.signature;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class SignatureVerifierTest {
    private static final Instant SIGNED_AT = Instant.ofEpochSecond(1767225600);
    private static final byte[] BODY = "{\"user_id\":42}".getBytes(StandardCharsets.UTF_8);
    private static final String DOCUMENTED_HEADER =
            "t=1767225600,v1=341464be9065756fa090acb3b12b57892303e274092dd1cb5ea7d2d5b70cb908";

    private static SignatureVerifier verifierAt(Instant now, String... secrets) {
        return SignatureVerifier.forSecrets(
                List.of(secrets), SignatureVerifier.DEFAULT_TOLERANCE, Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void theDocumentedTestVectorVerifies() {
        assertThat(verifierAt(SIGNED_AT, "whsec_example_do_not_use").verify(DOCUMENTED_HEADER, BODY))
                .isTrue();
        assertThat(SignatureVerifier.header("whsec_example_do_not_use", SIGNED_AT, BODY))
                .isEqualTo(DOCUMENTED_HEADER);
    }

    @Test
    void aChangedBodyOrAnotherSecretFails() {
        byte[] changed = "{\"user_id\":43}".getBytes(StandardCharsets.UTF_8);

        assertThat(verifierAt(SIGNED_AT, "whsec_example_do_not_use").verify(DOCUMENTED_HEADER, changed))
                .isFalse();
        assertThat(verifierAt(SIGNED_AT, "whsec_other").verify(DOCUMENTED_HEADER, BODY))
                .isFalse();
    }

    @Test
    void aSignatureOlderOrNewerThanTheToleranceFails() {
        SignatureVerifier late = verifierAt(SIGNED_AT.plus(Duration.ofMinutes(6)), "whsec_example_do_not_use");
        SignatureVerifier early = verifierAt(SIGNED_AT.minus(Duration.ofMinutes(6)), "whsec_example_do_not_use");

        assertThat(late.verify(DOCUMENTED_HEADER, BODY)).isFalse();
        assertThat(early.verify(DOCUMENTED_HEADER, BODY)).isFalse();
    }

    @Test
    void duringARotationEitherSecretVerifiesTheHeaderWithBothSignatures() {
        String newSignature = SignatureVerifier.header("whsec_new", SIGNED_AT, BODY);
        String oldSignature = SignatureVerifier.header("whsec_old", SIGNED_AT, BODY);
        String both = newSignature + "," + oldSignature.substring(oldSignature.indexOf("v1="));

        assertThat(verifierAt(SIGNED_AT, "whsec_new").verify(both, BODY)).isTrue();
        assertThat(verifierAt(SIGNED_AT, "whsec_old").verify(both, BODY)).isTrue();
        assertThat(verifierAt(SIGNED_AT, "whsec_neither").verify(both, BODY)).isFalse();
    }

    @Test
    void malformedHeadersFailWithoutThrowing() {
        SignatureVerifier verifier = verifierAt(SIGNED_AT, "whsec_example_do_not_use");

        assertThat(verifier.verify(null, BODY)).isFalse();
        assertThat(verifier.verify("", BODY)).isFalse();
        assertThat(verifier.verify("v1=zz,t=now", BODY)).isFalse();
        assertThat(verifier.verify("t=1767225600", BODY)).isFalse();
    }
}
