package dev.foreman.cli;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Reads an option's value as one of an enum's wire names ({@code queued}, {@code high}, ...). */
final class Enums {
    private Enums() {}

    static <E extends Enum<E>> E parse(Class<E> type, String value, String option) {
        for (E constant : type.getEnumConstants()) {
            if (!constant.name().equals("UNKNOWN") && constant.name().equalsIgnoreCase(value)) {
                return constant;
            }
        }
        String allowed = Arrays.stream(type.getEnumConstants())
                .filter(constant -> !constant.name().equals("UNKNOWN"))
                .map(constant -> constant.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", "));
        throw new UsageError(option + " must be one of " + allowed + ", not " + value);
    }
}
