package dev.foreman.common.tenant;

import java.util.Locale;

/** What a key may do: members use the job API, admins also manage tenants and keys. */
public enum ApiKeyRole {
    ADMIN,
    MEMBER;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ApiKeyRole fromWireName(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
