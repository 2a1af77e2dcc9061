package dev.foreman.common.tenant;

import dev.foreman.common.wire.WireNamed;
import dev.foreman.common.wire.WireNames;

/**
 * What a key may do (DESIGN §3.1), each role including every role below it: {@code read_only}
 * reads, {@code member} also submits, cancels and retries, {@code admin} also manages its tenant's
 * keys and signing secret, {@code operator} also manages every tenant.
 */
public enum ApiKeyRole implements WireNamed {
    READ_ONLY,
    MEMBER,
    ADMIN,
    OPERATOR;

    public static ApiKeyRole fromWireName(String value) {
        return WireNames.parse(ApiKeyRole.class, value);
    }

    /** Whether a key of this role may do what {@code required} may. */
    public boolean includes(ApiKeyRole required) {
        return compareTo(required) >= 0;
    }
}
