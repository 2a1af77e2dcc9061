package dev.foreman.common.job;

import java.util.Locale;

/** Dispatch priority. Each priority has its own Kafka topic; workers serve high before low. */
public enum Priority {
    HIGH,
    NORMAL,
    LOW;

    /** The name used in SQL and JSON: lower case. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Priority fromWireName(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

    /** The Kafka topic that carries this priority's dispatch messages. */
    public String topic() {
        return JobTopics.PREFIX + wireName();
    }
}
