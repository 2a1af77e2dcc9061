package dev.foreman.worker.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DispatchSignatureTest {
    private static final String SECRET = "whsec_0123456789abcdef0123456789abcdef";

    // Expected values computed independently: python3 hmac.new(secret, b"<t>.<body>", sha256).hexdigest()
    @Test
    void signsTheTimestampAndBodyWithHmacSha256() {
        assertThat(DispatchSignature.sign(SECRET, 1767225600L, "{\"user_id\":42}"))
                .isEqualTo("t=1767225600,v1=81932fdc3e2232a7244acbf798d1c465bf98fd1c4bef01527ebb842dc6348908");
    }

    @Test
    void signsWithTheNewSecretThenThePreviousOneDuringARotationsOverlap() {
        assertThat(DispatchSignature.sign(
                        "whsec_example_next_do_not_use", "whsec_example_do_not_use", 1767225600L, "{\"user_id\":42}"))
                .isEqualTo("t=1767225600,v1=99e836659512cfef49f91d9178cd55677c1865ef6b158005b3313d87ffe5f006"
                        + ",v1=341464be9065756fa090acb3b12b57892303e274092dd1cb5ea7d2d5b70cb908");
    }

    @Test
    void signsOnceWithoutAPreviousSecret() {
        assertThat(DispatchSignature.sign(SECRET, null, 1767225600L, "{\"user_id\":42}"))
                .isEqualTo(DispatchSignature.sign(SECRET, 1767225600L, "{\"user_id\":42}"));
    }

    @Test
    void signsAnEmptyBodyAsTheTimestampAndADot() {
        assertThat(DispatchSignature.sign(SECRET, 1767225600L, ""))
                .isEqualTo("t=1767225600,v1=96d8ad3ff87239bd87eb387c8e4b07a92489f73f6253248ee0bd7be244c3266f");
    }

    @Test
    void signsAgainWithTheSameKeyAndNeverMixesTwoTenantsKeys() {
        String other = "whsec_fedcba9876543210fedcba9876543210";
        String first = DispatchSignature.sign(SECRET, 1767225600L, "{\"user_id\":42}");
        String otherTenant = DispatchSignature.sign(other, 1767225600L, "{\"user_id\":42}");

        assertThat(DispatchSignature.sign(SECRET, 1767225600L, "{\"user_id\":42}"))
                .isEqualTo(first)
                .isEqualTo("t=1767225600,v1=81932fdc3e2232a7244acbf798d1c465bf98fd1c4bef01527ebb842dc6348908");
        assertThat(otherTenant).isNotEqualTo(first);
        assertThat(DispatchSignature.sign(other, 1767225600L, "{\"user_id\":42}"))
                .isEqualTo(otherTenant);
    }
}
