package dev.foreman.common.schedule;

import java.util.Locale;

/** Whether a schedule fires while its previous job is not terminal yet ({@code ALLOW}) or skips that fire. */
public enum OverlapPolicy {
    ALLOW,
    SKIP;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static OverlapPolicy fromWireName(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
