package dev.foreman.common.target;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Which addresses a job's target or callback may reach (DESIGN §4). Refused: the unspecified
 * {@code 0.0.0.0/8}, loopback, private (RFC 1918), CGNAT {@code 100.64.0.0/10}, link-local (where
 * the cloud metadata services live: {@code 169.254.169.254}, {@code fd00:ec2::254}), multicast,
 * reserved and broadcast {@code 240.0.0.0/4}, IPv6 unique-local {@code fc00::/7}, and IPv6 forms
 * that embed one of those IPv4 addresses (mapped, compatible, NAT64, 6to4).
 *
 * <p>The operator's {@code allow} ranges win over every rule. Dev mode ({@code allowPrivate})
 * allows loopback, private, CGNAT and unique-local addresses, so a laptop can deliver to itself;
 * never link-local nor the metadata ranges, unless they are listed in {@code allow}.
 */
public final class TargetAddressPolicy {
    /** Where the cloud metadata services answer; refused even in dev mode unless listed explicitly. */
    public static final List<AddressRange> METADATA =
            List.of(AddressRange.parse("169.254.0.0/16"), AddressRange.parse("fd00:ec2::/32"));

    private static final List<Rule> IPV4_RULES = List.of(
            new Rule("0.0.0.0/8", "unspecified", false),
            new Rule("10.0.0.0/8", "private", true),
            new Rule("100.64.0.0/10", "shared (CGNAT)", true),
            new Rule("127.0.0.0/8", "loopback", true),
            new Rule("169.254.0.0/16", "link-local (cloud metadata)", false),
            new Rule("172.16.0.0/12", "private", true),
            new Rule("192.0.0.0/24", "reserved (IETF protocol assignments)", false),
            new Rule("192.168.0.0/16", "private", true),
            new Rule("198.18.0.0/15", "reserved (benchmarking)", false),
            new Rule("224.0.0.0/4", "multicast", false),
            new Rule("240.0.0.0/4", "reserved or broadcast", false));

    private static final List<Rule> IPV6_RULES = List.of(
            new Rule("::/128", "unspecified", false),
            new Rule("::1/128", "loopback", true),
            new Rule("fd00:ec2::/32", "unique-local (cloud metadata)", false),
            new Rule("fc00::/7", "unique-local", true),
            new Rule("fe80::/10", "link-local", false),
            new Rule("fec0::/10", "site-local", false),
            new Rule("ff00::/8", "multicast", false));

    // IPv6 forms that carry an IPv4 address: the IPv4 address is what is reached.
    private static final AddressRange MAPPED = AddressRange.parse("::ffff:0:0/96");
    private static final AddressRange COMPATIBLE = AddressRange.parse("::/96");
    private static final AddressRange NAT64 = AddressRange.parse("64:ff9b::/96");
    private static final AddressRange SIX_TO_FOUR = AddressRange.parse("2002::/16");

    private final boolean allowPrivate;
    private final List<AddressRange> allow;

    /**
     * @param allowPrivate dev mode: loopback, private, CGNAT and unique-local addresses are allowed
     * @param allow ranges allowed whatever the rules say (the operator's allow-list)
     */
    public TargetAddressPolicy(boolean allowPrivate, List<AddressRange> allow) {
        this.allowPrivate = allowPrivate;
        this.allow = List.copyOf(allow);
    }

    /** The production default: every refused range refused, nothing allowed explicitly. */
    public static TargetAddressPolicy strict() {
        return new TargetAddressPolicy(false, List.of());
    }

    /**
     * Why {@code address} may not be reached, e.g. {@code "169.254.169.254 is link-local (cloud
     * metadata)"}; empty when it may.
     */
    public Optional<String> refusal(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (allow.stream().anyMatch(range -> range.contains(bytes))) {
            return Optional.empty();
        }
        return refusedRange(bytes).map(why -> address.getHostAddress() + " is " + why);
    }

    /**
     * Why the URL's host, when it is a literal address ({@code http://10.0.0.1/},
     * {@code http://[::1]/}), may not be reached; empty for an allowed address and for a host name,
     * which is checked when it is resolved, at dispatch.
     */
    public Optional<String> literalRefusal(URI url) {
        String host = url.getHost();
        if (host == null) {
            return Optional.empty();
        }
        boolean ipv6 = host.startsWith("[") && host.endsWith("]");
        boolean dottedIpv4 = host.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
        if (!ipv6 && !dottedIpv4) {
            return Optional.empty();
        }
        try {
            // A numeric address: parsed, never looked up.
            return refusal(InetAddress.getByName(ipv6 ? host.substring(1, host.length() - 1) : host));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private Optional<String> refusedRange(byte[] bytes) {
        if (bytes.length == 16) {
            byte[] embedded = embeddedIpv4(bytes);
            if (embedded != null) {
                return refusedRange(embedded).map(why -> why + " (an IPv4 address inside IPv6)");
            }
        }
        for (Rule rule : bytes.length == 4 ? IPV4_RULES : IPV6_RULES) {
            if (rule.range.contains(bytes)) {
                return allowPrivate && rule.allowedInDevMode ? Optional.empty() : Optional.of(rule.why);
            }
        }
        return Optional.empty();
    }

    private static byte[] embeddedIpv4(byte[] ipv6) {
        if (MAPPED.contains(ipv6) || NAT64.contains(ipv6)) {
            return Arrays.copyOfRange(ipv6, 12, 16);
        }
        // ::/96 also holds :: and ::1, which are IPv6's own unspecified and loopback addresses.
        if (COMPATIBLE.contains(ipv6) && (ipv6[12] != 0 || ipv6[13] != 0 || ipv6[14] != 0 || (ipv6[15] & 0xfe) != 0)) {
            return Arrays.copyOfRange(ipv6, 12, 16);
        }
        if (SIX_TO_FOUR.contains(ipv6)) {
            return Arrays.copyOfRange(ipv6, 2, 6);
        }
        return null;
    }

    private record Rule(AddressRange range, String why, boolean allowedInDevMode) {
        Rule(String cidr, String why, boolean allowedInDevMode) {
            this(AddressRange.parse(cidr), why, allowedInDevMode);
        }
    }
}
