package dev.foreman.common.wire;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/** Finds the constant of a {@link WireNamed} enum by its wire name, the one way every caller does. */
public final class WireNames {
    // Row mappers parse a name per column per row: a map lookup, built once per enum.
    private static final ClassValue<Map<String, Enum<?>>> BY_NAME = new ClassValue<>() {
        @Override
        protected Map<String, Enum<?>> computeValue(Class<?> type) {
            Map<String, Enum<?>> byName = new LinkedHashMap<>();
            for (Object constant : type.getEnumConstants()) {
                byName.put(((WireNamed) constant).wireName(), (Enum<?>) constant);
            }
            return Map.copyOf(byName);
        }
    };

    private WireNames() {}

    /** The constant of {@code type} named {@code wireName}, or empty for null or any other name. */
    public static <E extends Enum<E> & WireNamed> Optional<E> find(Class<E> type, String wireName) {
        return wireName == null
                ? Optional.empty()
                : Optional.ofNullable(type.cast(BY_NAME.get(type).get(wireName)));
    }

    /**
     * The constant of {@code type} named {@code wireName}: for names Foreman wrote itself (a column
     * its CHECK constrains), where any other name is a bug.
     *
     * @throws IllegalArgumentException for any name that is not one of {@code type}'s
     */
    public static <E extends Enum<E> & WireNamed> E parse(Class<E> type, String wireName) {
        Objects.requireNonNull(wireName, () -> type.getSimpleName() + " wire name");
        return find(type, wireName)
                .orElseThrow(() -> new IllegalArgumentException(
                        "'" + wireName + "' is not a " + type.getSimpleName() + "; expected one of " + list(type)));
    }

    /** Every wire name of {@code type} in declaration order, comma-separated: {@code high, normal, low}. */
    public static <E extends Enum<E> & WireNamed> String list(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(WireNamed::wireName).collect(Collectors.joining(", "));
    }
}
