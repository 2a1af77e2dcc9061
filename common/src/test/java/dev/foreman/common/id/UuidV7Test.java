package dev.foreman.common.id;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class UuidV7Test {

    @Test
    void carriesVersion7AndTheRfcVariant() {
        UUID id = new UuidV7(Clock.systemUTC()).next();
        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
    }

    @Test
    void embedsTheClockMillisecondsSoIdsSortByCreationTime() {
        Instant earlier = Instant.parse("2026-01-01T00:00:00Z");
        UUID first = new UuidV7(Clock.fixed(earlier, ZoneOffset.UTC)).next();
        UUID second = new UuidV7(Clock.fixed(earlier.plusMillis(1), ZoneOffset.UTC)).next();

        assertThat(first.getMostSignificantBits() >>> 16).isEqualTo(earlier.toEpochMilli());
        assertThat(first.toString()).isLessThan(second.toString());
    }
}
