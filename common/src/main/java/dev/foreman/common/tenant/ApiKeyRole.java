package dev.foreman.common.tenant;

import dev.foreman.common.wire.WireNamed;
import dev.foreman.common.wire.WireNames;

/** What a key may do: members use the job API, admins also manage tenants and keys. */
public enum ApiKeyRole implements WireNamed {
    ADMIN,
    MEMBER;

    public static ApiKeyRole fromWireName(String value) {
        return WireNames.parse(ApiKeyRole.class, value);
    }
}
