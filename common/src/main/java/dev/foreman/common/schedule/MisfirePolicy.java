package dev.foreman.common.schedule;

import dev.foreman.common.wire.WireNamed;
import dev.foreman.common.wire.WireNames;

/**
 * What a schedule does about fires missed while no scheduler ran: {@code SKIP} them, fire once
 * for all of them ({@code FIRE_ONCE}, the default), or fire each of them ({@code FIRE_ALL}, up to
 * a bounded catch-up).
 */
public enum MisfirePolicy implements WireNamed {
    SKIP,
    FIRE_ONCE,
    FIRE_ALL;

    public static MisfirePolicy fromWireName(String value) {
        return WireNames.parse(MisfirePolicy.class, value);
    }
}
