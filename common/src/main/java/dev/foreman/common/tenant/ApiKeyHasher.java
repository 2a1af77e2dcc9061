package dev.foreman.common.tenant;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The stored form of an API key: the hex HMAC-SHA256 of the key under the server's pepper. A copy of
 * the {@code api_keys} table alone is not enough to test guesses; every replica must share the
 * pepper, and changing it invalidates every key.
 */
public final class ApiKeyHasher {
    private static final String ALGORITHM = "HmacSHA256";
    private final Mac keyed;

    public ApiKeyHasher(String pepper) {
        if (pepper == null || pepper.isEmpty()) {
            throw new IllegalArgumentException("the API key pepper must not be empty");
        }
        try {
            keyed = Mac.getInstance(ALGORITHM);
            keyed.init(new SecretKeySpec(pepper.getBytes(StandardCharsets.UTF_8), ALGORITHM));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** The hex HMAC of {@code clearKey}, as stored in {@code api_keys.key_hmac}. */
    public String hmac(String clearKey) {
        Mac mac;
        try {
            mac = (Mac) keyed.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JDK's HmacSHA256 can be cloned", e);
        }
        return HexFormat.of().formatHex(mac.doFinal(clearKey.getBytes(StandardCharsets.UTF_8)));
    }

    /** Compares two stored hashes in time that does not depend on where they differ. */
    public static boolean sameHash(String a, String b) {
        return a != null
                && b != null
                && MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
    }
}
