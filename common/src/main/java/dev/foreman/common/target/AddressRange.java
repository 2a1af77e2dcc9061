package dev.foreman.common.target;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * A CIDR block ({@code 10.0.0.0/8}, {@code fd00:ec2::/32}) of IPv4 or IPv6 addresses.
 *
 * @param network the block's first address, its host bits zero
 * @param prefixLength how many leading bits every address of the block shares with {@code network}
 */
public record AddressRange(byte[] network, int prefixLength) {

    public AddressRange {
        if (network.length != 4 && network.length != 16) {
            throw new IllegalArgumentException("an address has 4 or 16 bytes");
        }
        if (prefixLength < 0 || prefixLength > network.length * 8) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " out of range");
        }
        network = masked(network.clone(), prefixLength);
    }

    /**
     * Parses {@code address/prefix}, or a single address. Only numeric addresses: a host name is an
     * error, never a DNS lookup.
     */
    public static AddressRange parse(String cidr) {
        String text = cidr.trim();
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        if (!address.contains(":") && !address.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}")) {
            throw new IllegalArgumentException("not a numeric IPv4 or IPv6 address: " + cidr);
        }
        byte[] bytes;
        try {
            bytes = InetAddress.getByName(address).getAddress();
            if (address.contains(":") && bytes.length == 4) {
                // Java reads ::ffff:a.b.c.d as the IPv4 address; the range means the IPv6 form.
                bytes = mapped(bytes);
            }
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an address: " + cidr, e);
        }
        int prefix = slash < 0 ? bytes.length * 8 : Integer.parseInt(text.substring(slash + 1));
        return new AddressRange(bytes, prefix);
    }

    /** Whether {@code address} (of the same family) lies in the block. */
    public boolean contains(byte[] address) {
        return address.length == network.length && Arrays.equals(masked(address.clone(), prefixLength), network);
    }

    private static byte[] mapped(byte[] ipv4) {
        byte[] ipv6 = new byte[16];
        ipv6[10] = (byte) 0xff;
        ipv6[11] = (byte) 0xff;
        System.arraycopy(ipv4, 0, ipv6, 12, 4);
        return ipv6;
    }

    private static byte[] masked(byte[] bytes, int prefixLength) {
        for (int i = 0; i < bytes.length; i++) {
            int bitsKept = Math.clamp(prefixLength - i * 8L, 0, 8);
            bytes[i] &= (byte) (0xff << (8 - bitsKept));
        }
        return bytes;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AddressRange range
                && range.prefixLength == prefixLength
                && Arrays.equals(range.network, network);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(network) + prefixLength;
    }

    @Override
    public String toString() {
        try {
            return InetAddress.getByAddress(network).getHostAddress() + "/" + prefixLength;
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
