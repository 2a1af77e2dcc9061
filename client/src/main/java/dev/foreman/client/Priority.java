package dev.foreman.client;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;

/** A job's priority: high jobs start before normal ones, normal before low. */
public enum Priority {
    @JsonProperty("high")
    HIGH,
    @JsonProperty("normal")
    NORMAL,
    @JsonProperty("low")
    LOW,
    @JsonEnumDefaultValue
    UNKNOWN;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
