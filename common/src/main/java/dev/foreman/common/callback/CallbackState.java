package dev.foreman.common.callback;

import dev.foreman.common.wire.WireNamed;
import dev.foreman.common.wire.WireNames;

/** Where a callback stands: still to be delivered, delivered (2xx), or given up. */
public enum CallbackState implements WireNamed {
    PENDING,
    DELIVERED,
    FAILED;

    public static CallbackState fromWireName(String value) {
        return WireNames.parse(CallbackState.class, value);
    }
}
