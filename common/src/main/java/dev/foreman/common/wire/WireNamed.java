package dev.foreman.common.wire;

import java.util.Locale;

/** An enum whose constants travel by name: {@code FIRE_ONCE} is {@code fire_once} in SQL and JSON. */
public interface WireNamed {
    /** The constant's Java name; every enum has it. */
    String name();

    /** The name used in SQL and JSON: lower case. */
    default String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
