package dev.foreman.common.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TraceparentTest {
    private static final String W3C = "00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}";
    private static final String SAMPLED = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    private static final String UNSAMPLED = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00";

    @Test
    void readsAValidVersion00ValueAsItIs() {
        assertThat(Traceparent.parse(SAMPLED)).isEqualTo(SAMPLED);
        assertThat(Traceparent.parse("  " + UNSAMPLED + " ")).isEqualTo(UNSAMPLED);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "garbage",
                "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01-extra",
                "00-00000000000000000000000000000000-b7ad6b7169203331-01",
                "00-0af7651916cd43dd8448eb211c80319c-0000000000000000-01",
                "00-0AF7651916CD43DD8448EB211C80319C-b7ad6b7169203331-01",
                "ff-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
                "00_0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
                "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-0g"
            })
    void refusesAnInvalidValue(String header) {
        assertThat(Traceparent.parse(header)).isNull();
    }

    @Test
    void readsALaterVersionAsVersion00KeepingOnlyTheSampledFlag() {
        assertThat(Traceparent.parse("cc-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-03-what-comes-next"))
                .isEqualTo(SAMPLED);
    }

    @Test
    void absentIsNull() {
        assertThat(Traceparent.parse(null)).isNull();
    }

    @Test
    void tellsTheSampledFlagTheTraceIdAndTheParentId() {
        assertThat(Traceparent.isSampled(SAMPLED)).isTrue();
        assertThat(Traceparent.isSampled(UNSAMPLED)).isFalse();
        assertThat(Traceparent.isSampled(null)).isFalse();
        assertThat(Traceparent.traceId(SAMPLED)).isEqualTo("0af7651916cd43dd8448eb211c80319c");
        assertThat(Traceparent.parentId(SAMPLED)).isEqualTo("b7ad6b7169203331");
    }

    @Test
    void startsASampledTraceWhenThereIsNoParent() {
        assertThat(Traceparent.childOf(null)).matches(W3C).endsWith("-01");
    }

    @Test
    void continuesTheParentsTraceWithANewSpanAndItsFlags() {
        String child = Traceparent.childOf(UNSAMPLED);

        assertThat(child)
                .matches(W3C)
                .startsWith("00-0af7651916cd43dd8448eb211c80319c-")
                .endsWith("-00")
                .isNotEqualTo(UNSAMPLED);
    }

    @Test
    void startsANewTraceInsteadOfAnInvalidParent() {
        assertThat(Traceparent.childOf("00-" + "0".repeat(32) + "-b7ad6b7169203331-01"))
                .matches(W3C)
                .doesNotContain("0".repeat(32));
        assertThat(Traceparent.childOf("garbage")).matches(W3C);
    }

    @Test
    void everyNewTraceHasItsOwnId() {
        assertThat(Traceparent.childOf(null)).isNotEqualTo(Traceparent.childOf(null));
    }
}
