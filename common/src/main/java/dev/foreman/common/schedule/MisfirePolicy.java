package dev.foreman.common.schedule;

import java.util.Locale;

/**
 * What a schedule does about fires missed while no scheduler ran: {@code SKIP} them, fire once
 * for all of them ({@code FIRE_ONCE}, the default), or fire each of them ({@code FIRE_ALL}, up to
 * a bounded catch-up).
 */
public enum MisfirePolicy {
    SKIP,
    FIRE_ONCE,
    FIRE_ALL;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static MisfirePolicy fromWireName(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
