package dev.foreman.scheduler;

import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** Scheduler settings as Spring Boot binds them: the defaults, with the given values changed. */
public final class TestSchedulerProperties {
    private static final String PREFIX = "foreman.scheduler";

    private TestSchedulerProperties() {}

    /** The defaults with one setting changed, e.g. {@code defaultsWith("reap-batch-size", "7")}. */
    public static SchedulerProperties defaultsWith(String name, String value) {
        return bind(Map.of(name, value));
    }

    /** Binds {@code settings}, named without the {@code foreman.scheduler.} prefix, over the defaults. */
    public static SchedulerProperties bind(Map<String, String> settings) {
        Map<String, String> prefixed = new HashMap<>();
        settings.forEach((name, value) -> prefixed.put(PREFIX + "." + name, value));
        return new Binder(new MapConfigurationPropertySource(prefixed)).bindOrCreate(PREFIX, SchedulerProperties.class);
    }
}
