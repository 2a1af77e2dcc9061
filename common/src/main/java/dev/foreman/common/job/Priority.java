package dev.foreman.common.job;

import dev.foreman.common.wire.WireNamed;
import dev.foreman.common.wire.WireNames;

/** Dispatch priority. Each priority has its own Kafka topic; workers serve high before low. */
public enum Priority implements WireNamed {
    HIGH,
    NORMAL,
    LOW;

    public static Priority fromWireName(String value) {
        return WireNames.parse(Priority.class, value);
    }

    /** The Kafka topic that carries this priority's dispatch messages. */
    public String topic() {
        return JobTopics.PREFIX + wireName();
    }
}
