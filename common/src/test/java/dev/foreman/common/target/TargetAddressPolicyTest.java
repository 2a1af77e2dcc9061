package dev.foreman.common.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TargetAddressPolicyTest {
    private final TargetAddressPolicy strict = TargetAddressPolicy.strict();
    private final TargetAddressPolicy devMode = new TargetAddressPolicy(true, List.of());

    @ParameterizedTest
    @ValueSource(
            strings = {
                "0.0.0.0",
                "0.1.2.3",
                "10.1.2.3",
                "100.64.0.1",
                "100.127.255.254",
                "127.0.0.1",
                "127.9.9.9",
                "169.254.169.254",
                "172.16.0.1",
                "172.31.255.255",
                "192.168.1.1",
                "224.0.0.1",
                "239.255.255.250",
                "255.255.255.255",
                "240.0.0.1",
                "::",
                "::1",
                "fe80::1",
                "fc00::1",
                "fd12:3456::1",
                "fd00:ec2::254",
                "ff02::1",
                "::ffff:127.0.0.1",
                "::ffff:169.254.169.254",
                "::127.0.0.1",
                "::10.0.0.1",
                "64:ff9b::a9fe:a9fe",
                "2002:7f00:1::",
                "2002:a9fe:a9fe::1"
            })
    void refusesEveryNonPublicAddress(String address) throws Exception {
        assertThat(strict.refusal(InetAddress.getByName(address))).isPresent();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"93.184.215.14", "8.8.8.8", "100.128.0.1", "172.32.0.1", "2606:4700::1111", "2002:5db8:d70e::1"})
    void allowsPublicAddresses(String address) throws Exception {
        assertThat(strict.refusal(InetAddress.getByName(address))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1", "10.0.0.7", "192.168.1.1", "172.20.0.1", "fd12::1", "100.64.0.1"})
    void devModeAllowsLoopbackAndPrivateAddresses(String address) throws Exception {
        assertThat(devMode.refusal(InetAddress.getByName(address))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"169.254.169.254", "fd00:ec2::254", "::ffff:169.254.169.254", "0.0.0.0", "224.0.0.1", "fe80::1"})
    void devModeStillRefusesMetadataLinkLocalAndUnspecifiedAddresses(String address) throws Exception {
        assertThat(devMode.refusal(InetAddress.getByName(address))).isPresent();
    }

    @Test
    void anExplicitAllowRangeWinsEvenForTheMetadataRange() throws Exception {
        var policy = new TargetAddressPolicy(false, List.of(AddressRange.parse("169.254.169.254/32")));

        assertThat(policy.refusal(InetAddress.getByName("169.254.169.254"))).isEmpty();
        assertThat(policy.refusal(InetAddress.getByName("169.254.169.253"))).isPresent();
    }

    @Test
    void namesTheRangeThatRefusedTheAddress() throws Exception {
        assertThat(strict.refusal(InetAddress.getByName("169.254.169.254")))
                .contains("169.254.169.254 is link-local (cloud metadata)");
    }

    @Test
    void checksLiteralAddressesInUrlsButLeavesNamesToDispatch() {
        assertThat(strict.literalRefusal(URI.create("http://169.254.169.254/latest/meta-data")))
                .isPresent();
        assertThat(strict.literalRefusal(URI.create("http://[::ffff:a9fe:a9fe]/")))
                .isPresent();
        assertThat(strict.literalRefusal(URI.create("http://[::1]:8080/x"))).isPresent();
        assertThat(strict.literalRefusal(URI.create("https://93.184.215.14/x"))).isEmpty();
        assertThat(strict.literalRefusal(URI.create("https://svc.internal/hooks")))
                .isEmpty();
    }

    @Test
    void parsesRangesAndRefusesHostNames() {
        assertThat(AddressRange.parse("10.1.2.3/8")).isEqualTo(AddressRange.parse("10.0.0.0/8"));
        assertThat(AddressRange.parse("fd00:ec2::/32").toString()).isEqualTo("fd00:ec2:0:0:0:0:0:0/32");
        assertThatThrownBy(() -> AddressRange.parse("example.com/8")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AddressRange.parse("10.0.0.0/33")).isInstanceOf(IllegalArgumentException.class);
    }
}
