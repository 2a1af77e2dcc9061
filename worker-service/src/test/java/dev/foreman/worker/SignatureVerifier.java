package dev.foreman.worker;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How a target or callback receiver checks {@code Foreman-Signature}, written the way a receiver
 * would write it: recompute the HMAC-SHA256 of {@code "<t>.<body>"} under the tenant's signing
 * secret, compare it in constant time, and refuse a timestamp too far from now (a replay).
 */
final class SignatureVerifier {
    private static final Pattern HEADER = Pattern.compile("t=(\\d+),v1=([0-9a-f]{64})");
    private static final Duration TOLERANCE = Duration.ofMinutes(5);

    private SignatureVerifier() {}

    static boolean isValid(String header, String body, String signingSecret, Instant now) {
        if (header == null) {
            return false;
        }
        Matcher signature = HEADER.matcher(header);
        if (!signature.matches()) {
            return false;
        }
        long signedAt = Long.parseLong(signature.group(1));
        if (Duration.between(Instant.ofEpochSecond(signedAt), now).abs().compareTo(TOLERANCE) > 0) {
            return false;
        }
        byte[] expected = hmac(signingSecret, signedAt + "." + body);
        return MessageDigest.isEqual(expected, HexFormat.of().parseHex(signature.group(2)));
    }

    private static byte[] hmac(String secret, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
