package dev.foreman.worker.consume;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/** The intake consumer's Kafka settings: Spring's {@code spring.kafka.*} plus what intake needs. */
final class ConsumerSettings {
    /**
     * How long the broker may hold a fetch that found no records, unless {@code
     * spring.kafka.consumer.fetch-max-wait} says otherwise. Kafka's 500 ms stalls intake: to look for
     * higher-priority records intake polls with only those topics open, and when no fetch is in
     * flight that sends one for those (empty) partitions alone, which the broker holds for this
     * long; the consumer has one fetch per broker in flight, so the resumed topics wait behind it.
     * With 50 ms the benchmark's drain and end-to-end throughput doubled (about 1,800 to 4,000 and
     * 2,100–2,700 to 4,800–5,200 jobs/s); an idle worker sends about 20 empty fetches a second.
     */
    static final Duration DEFAULT_FETCH_MAX_WAIT = Duration.ofMillis(50);

    /**
     * How long the group waits for a silent member before giving its partitions to the others,
     * unless {@code spring.kafka.consumer.properties[session.timeout.ms]} says otherwise. Kafka's
     * 45 s left a killed worker's partitions unserved for 46 s; 6 s is the least a broker accepts
     * by default ({@code group.min.session.timeout.ms}), and with a heartbeat every second the
     * partitions are served again about 7 s after the kill (measured: {@code
     * WorkerFailoverProcessIT}, docs/architecture.md "Failure paths"). The heartbeat runs on the
     * consumer's own thread, so a slow target or a busy intake does not miss it; only a process
     * stalled for 6 s (a long GC pause) is dropped, and its leases still protect its jobs.
     */
    static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofSeconds(6);

    /** How often a member tells the group it lives: a sixth of the session, so five may be lost. */
    static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(1);

    private ConsumerSettings() {}

    static Map<String, Object> of(
            Map<String, Object> springSettings, String groupId, String clientId, int maxPollRecords) {
        Map<String, Object> config = new HashMap<>(springSettings);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        // Offsets are committed by hand, after the claim: auto-commit could skip a job nobody claimed.
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
        config.putIfAbsent(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) DEFAULT_FETCH_MAX_WAIT.toMillis());
        config.putIfAbsent(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) DEFAULT_SESSION_TIMEOUT.toMillis());
        config.putIfAbsent(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) DEFAULT_HEARTBEAT_INTERVAL.toMillis());
        return config;
    }
}
