package dev.foreman.common.callback;

import java.util.Locale;

/** Where a callback stands: still to be delivered, delivered (2xx), or given up. */
public enum CallbackState {
    PENDING,
    DELIVERED,
    FAILED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static CallbackState fromWireName(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
