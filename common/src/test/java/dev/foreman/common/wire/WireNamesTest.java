package dev.foreman.common.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.foreman.common.callback.CallbackState;
import dev.foreman.common.job.AttemptOutcome;
import dev.foreman.common.job.JobState;
import dev.foreman.common.job.Priority;
import dev.foreman.common.schedule.MisfirePolicy;
import dev.foreman.common.schedule.OverlapPolicy;
import dev.foreman.common.tenant.ApiKeyRole;
import java.util.List;
import org.junit.jupiter.api.Test;

class WireNamesTest {
    @Test
    void parsesEveryConstantOfEveryWireNamedEnumFromItsLowerCaseName() {
        for (Class<? extends Enum<?>> type : List.of(
                JobState.class,
                Priority.class,
                AttemptOutcome.class,
                CallbackState.class,
                MisfirePolicy.class,
                OverlapPolicy.class,
                ApiKeyRole.class)) {
            for (Enum<?> constant : type.getEnumConstants()) {
                String wireName = ((WireNamed) constant).wireName();
                assertThat(wireName).isEqualTo(constant.name().toLowerCase(java.util.Locale.ROOT));
                assertThat(parse(type, wireName)).isSameAs(constant);
            }
        }
    }

    @Test
    void findsNothingForAnUnknownNameTheJavaNameOrNull() {
        assertThat(WireNames.find(MisfirePolicy.class, "fire_once")).hasValue(MisfirePolicy.FIRE_ONCE);
        assertThat(WireNames.find(MisfirePolicy.class, "FIRE_ONCE")).isEmpty();
        assertThat(WireNames.find(MisfirePolicy.class, "fire-once")).isEmpty();
        assertThat(WireNames.find(MisfirePolicy.class, null)).isEmpty();
    }

    @Test
    void parseRejectsAnUnknownNameSayingWhichAreKnown() {
        assertThatThrownBy(() -> WireNames.parse(Priority.class, "urgent"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'urgent' is not a Priority; expected one of high, normal, low");
    }

    @Test
    void listsTheWireNamesInDeclarationOrder() {
        assertThat(WireNames.list(Priority.class)).isEqualTo("high, normal, low");
        assertThat(WireNames.list(MisfirePolicy.class)).isEqualTo("skip, fire_once, fire_all");
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Enum<?> parse(Class<? extends Enum<?>> type, String wireName) {
        return WireNames.parse((Class) type, wireName);
    }
}
