package dev.foreman.client.signature;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks a {@code Foreman-Signature} header on the target's side (Foreman's
 * {@code docs/signatures.md}): HMAC-SHA256 of {@code "<t>.<raw body>"} with the tenant's signing
 * secret, compared in constant time with every {@code v1} of the header, and {@code t} no further
 * than the tolerance (5 minutes) from the clock. During a secret rotation the header carries a
 * signature per secret; give the verifier every secret you accept and one match is enough.
 *
 * <pre>{@code
 * SignatureVerifier verifier = SignatureVerifier.forSecrets(List.of(System.getenv("FOREMAN_SIGNING_SECRET")));
 * if (!verifier.verify(request.getHeader("Foreman-Signature"), rawBodyBytes)) { respond 401 }
 * }</pre>
 */
public final class SignatureVerifier {
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);
    private static final String HMAC = "HmacSHA256";

    private final List<byte[]> secrets;
    private final Duration tolerance;
    private final Clock clock;

    private SignatureVerifier(List<byte[]> secrets, Duration tolerance, Clock clock) {
        this.secrets = secrets;
        this.tolerance = tolerance;
        this.clock = clock;
    }

    public static SignatureVerifier forSecrets(List<String> secrets) {
        return forSecrets(secrets, DEFAULT_TOLERANCE, Clock.systemUTC());
    }

    public static SignatureVerifier forSecrets(List<String> secrets, Duration tolerance, Clock clock) {
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("at least one signing secret is needed");
        }
        List<byte[]> keys = new ArrayList<>();
        for (String secret : secrets) {
            keys.add(Objects.requireNonNull(secret, "secret").getBytes(StandardCharsets.UTF_8));
        }
        return new SignatureVerifier(List.copyOf(keys), tolerance, clock);
    }

    /** True when the header is fresh and one of its signatures matches one of the secrets. */
    public boolean verify(String header, byte[] body) {
        if (header == null) {
            return false;
        }
        Long timestamp = null;
        List<byte[]> signatures = new ArrayList<>();
        for (String element : header.split(",")) {
            int equals = element.indexOf('=');
            if (equals < 0) {
                continue;
            }
            String key = element.substring(0, equals).trim();
            String value = element.substring(equals + 1).trim();
            if (key.equals("t")) {
                timestamp = parseLong(value);
            } else if (key.equals("v1")) {
                byte[] signature = parseHex(value);
                if (signature != null) {
                    signatures.add(signature);
                }
            }
        }
        if (timestamp == null || signatures.isEmpty() || !fresh(timestamp)) {
            return false;
        }
        boolean matched = false;
        for (byte[] secret : secrets) {
            byte[] expected = sign(secret, timestamp, body);
            for (byte[] signature : signatures) {
                matched |= MessageDigest.isEqual(expected, signature);
            }
        }
        return matched;
    }

    /** The header Foreman would send for {@code body} signed at {@code at} with {@code secret}. */
    public static String header(String secret, Instant at, byte[] body) {
        long t = at.getEpochSecond();
        return "t=" + t + ",v1=" + HexFormat.of().formatHex(sign(secret.getBytes(StandardCharsets.UTF_8), t, body));
    }

    private boolean fresh(long timestamp) {
        long skew = Math.abs(clock.instant().getEpochSecond() - timestamp);
        return skew <= tolerance.getSeconds();
    }

    private static byte[] sign(byte[] secret, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(secret, HMAC));
            mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    private static Long parseLong(String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static byte[] parseHex(String value) {
        try {
            return HexFormat.of().parseHex(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
