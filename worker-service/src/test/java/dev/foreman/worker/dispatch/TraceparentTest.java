package dev.foreman.worker.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TraceparentTest {
    private static final String W3C = "00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}";

    @Test
    void startsASampledTraceWhenThereIsNoParent() {
        String traceparent = Traceparent.childOf(null);

        assertThat(traceparent).matches(W3C).endsWith("-01");
    }

    @Test
    void continuesTheParentsTraceWithANewSpan() {
        String parent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00";

        String child = Traceparent.childOf(parent);

        assertThat(child)
                .matches(W3C)
                .startsWith("00-0af7651916cd43dd8448eb211c80319c-")
                .endsWith("-00");
        assertThat(child).isNotEqualTo(parent);
    }

    @Test
    void ignoresAnInvalidParent() {
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
