package dev.foreman.api.events;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of {@code /v1/events}, under {@code foreman.api.events}; {@code EventsPropertiesTest}
 * pins the defaults. Whether job changes are recorded at all is a database session setting
 * ({@code foreman.job_events}), set by each service from {@code foreman.events.publish}.
 *
 * @param buffer how long events stay in Redis for a client that reconnects with {@code
 *     Last-Event-ID}; an older id gets {@code event: reset}
 * @param heartbeat how often an idle stream gets a {@code : heartbeat} comment
 * @param statsInterval how often a stream gets an {@code event: stats}
 * @param clientBuffer the most events held for one client that its connection has not taken yet;
 *     a client that falls further behind is disconnected
 * @param writeTimeout how long one write to a client may go without the client taking any of it;
 *     a client whose write stalls that long (it stopped reading, and the network buffers between
 *     are full) is disconnected
 * @param relayEnabled whether this replica moves recorded events to Redis (one replica at a time
 *     does, whichever holds the advisory lock)
 * @param relayBatchSize how many events one relay batch moves
 * @param relayPollInterval how often an idle relay looks for new events
 * @param fanOutPollInterval how often the fan-out reads the streams of tenants with listeners
 * @param readBatchSize about how many events one read of a stream takes (whole entries of up to 100
 *     events, at least one)
 */
@ConfigurationProperties("foreman.api.events")
@Validated
public record EventsProperties(
        @DefaultValue("10m") @NotNull Duration buffer,
        @DefaultValue("15s") @NotNull Duration heartbeat,
        @DefaultValue("5s") @NotNull Duration statsInterval,
        @DefaultValue("4096") @Min(1) @Max(1_000_000) int clientBuffer,
        @DefaultValue("10s") @NotNull Duration writeTimeout,
        @DefaultValue("true") boolean relayEnabled,
        @DefaultValue("1000") @Min(1) @Max(100_000) int relayBatchSize,
        @DefaultValue("50ms") @NotNull Duration relayPollInterval,
        @DefaultValue("50ms") @NotNull Duration fanOutPollInterval,
        @DefaultValue("1000") @Min(1) @Max(100_000) int readBatchSize) {

    @AssertTrue(message = "buffer, heartbeat, stats-interval and write-timeout must be positive")
    boolean isPositive() {
        return buffer.isPositive() && heartbeat.isPositive() && statsInterval.isPositive() && writeTimeout.isPositive();
    }
}
