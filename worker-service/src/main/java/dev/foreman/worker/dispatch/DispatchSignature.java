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
 * refuse replays of old requests. Callbacks are signed the same way. During the overlap after a
 * signing-secret rotation the header carries a second {@code v1} made with the secret the rotation
 * replaced, {@code t=<unix>,v1=<new>,v1=<old>}, so a target holding either secret can verify it.
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
        return sign(signingSecret, null, epochSeconds, body);
    }

    /** The header signed with the current secret and, when not null, the previous one after it. */
    public static String sign(String signingSecret, String previousSecret, long epochSeconds, String body) {
        byte[] signed = (epochSeconds + "." + body).getBytes(StandardCharsets.UTF_8);
        String header = "t=" + epochSeconds + ",v1="
                + HexFormat.of().formatHex(macFor(signingSecret).doFinal(signed));
        if (previousSecret == null || previousSecret.equals(signingSecret)) {
            return header;
        }
        return header + ",v1=" + HexFormat.of().formatHex(macFor(previousSecret).doFinal(signed));
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
