package dev.foreman.api.tenant;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Verifies the Foreman-Signature header of a request or callback that Foreman sent. */
public final class ForemanSignature {
    /** A signature older (or further ahead) than this is refused, so a captured request cannot be replayed later. */
    public static final Duration TOLERANCE = Duration.ofMinutes(5);

    private ForemanSignature() {}

    /**
     * @param header the Foreman-Signature header: t=<unix seconds>,v1=<hex HMAC-SHA256>
     * @param rawBody the request body exactly as received, before any JSON parsing
     * @param signingSecret the tenant's signing secret (GET /v1/tenant), used as it is
     * @param now the current time, Instant.now() in production
     * @return whether Foreman signed this body with this secret, within the tolerance of now
     */
    public static boolean isValid(String header, byte[] rawBody, String signingSecret, Instant now) {
        if (header == null) {
            return false;
        }
        long signedAt = -1;
        List<String> signatures = new ArrayList<>();
        for (String element : header.split(",")) {
            String[] pair = element.trim().split("=", 2);
            if (pair.length != 2) {
                continue;
            }
            // Other keys are ignored, so a future signature scheme does not break this check.
            if (pair[0].equals("t")) {
                signedAt = parseSeconds(pair[1]);
            } else if (pair[0].equals("v1")) {
                signatures.add(pair[1]);
            }
        }
        if (signedAt < 0 || Math.abs(now.getEpochSecond() - signedAt) > TOLERANCE.toSeconds()) {
            return false;
        }
        byte[] expected = hmacSha256(signingSecret, signedAt, rawBody);
        for (String signature : signatures) {
            // MessageDigest.isEqual takes the same time wherever the bytes differ.
            if (MessageDigest.isEqual(expected, parseHex(signature))) {
                return true;
            }
        }
        return false;
    }

    private static byte[] hmacSha256(String signingSecret, long signedAt, byte[] rawBody) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(signingSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((signedAt + ".").getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(rawBody);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has HmacSHA256", e);
        }
    }

    private static long parseSeconds(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static byte[] parseHex(String text) {
        try {
            return HexFormat.of().parseHex(text);
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }
}
