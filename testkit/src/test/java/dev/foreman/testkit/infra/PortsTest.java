package dev.foreman.testkit.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PortsTest {
    @Test
    void anyFreeAsksEveryServerToPickItsOwnPort() {
        assertThat(Ports.anyFree()).isEqualTo(new Ports(0, 0, 0));
    }

    @Test
    void rejectsAPortOutsideTheTcpRange() {
        assertThatThrownBy(() -> new Ports(5432, 70_000, 6379))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("kafka");
    }
}
