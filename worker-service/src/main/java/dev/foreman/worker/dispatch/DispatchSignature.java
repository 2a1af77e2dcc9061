package dev.foreman.worker.dispatch;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code Foreman-Signature} header: {@code t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">}
 * under the tenant's signing secret. The timestamp is inside the signed text so a target can
 * refuse replays of old requests. Callbacks are signed the same way.
 */
public final class DispatchSignature {
    public static final String HEADER = "Foreman-Signature";
    private static final String ALGORITHM = "HmacSHA256";

    // Looking up and keying a Mac costs more than the HMAC of a small body; a keyed Mac per secret is
    // cloned instead. Tenants are few; the bound only keeps rotated secrets from piling up.
    private static final int MAX_KEYED = 1024;
    private static final Map<String, Mac> KEYED = new ConcurrentHashMap<>();

    private DispatchSignature() {}

    public static String sign(String signingSecret, long epochSeconds, String body) {
        byte[] digest = macFor(signingSecret).doFinal((epochSeconds + "." + body).getBytes(StandardCharsets.UTF_8));
        return "t=" + epochSeconds + ",v1=" + HexFormat.of().formatHex(digest);
    }

    private static Mac macFor(String signingSecret) {
        Mac keyed = KEYED.get(signingSecret);
        if (keyed == null) {
            if (KEYED.size() >= MAX_KEYED) {
                KEYED.clear();
            }
            keyed = KEYED.computeIfAbsent(signingSecret, DispatchSignature::newMac);
        }
        try {
            return (Mac) keyed.clone();
        } catch (CloneNotSupportedException e) {
            return newMac(signingSecret);
        }
    }

    private static Mac newMac(String signingSecret) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(signingSecret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
