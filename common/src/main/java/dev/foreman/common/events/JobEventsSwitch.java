package dev.foreman.common.events;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Turns the recording of job events off for a service's database sessions when {@code
 * foreman.events.publish} is {@code false}: every pooled connection then starts with {@code SET
 * foreman.job_events = 'off'}, which the {@code jobs} trigger reads (migration V30). The counts
 * behind {@code /v1/stats} are kept either way. For the bench's A/B of the events' cost, and for an
 * operator who wants no live events at all (set it on every service).
 */
public final class JobEventsSwitch implements BeanPostProcessor {
    /** The statement each connection runs first when events are off. */
    public static final String EVENTS_OFF = "SET foreman.job_events = 'off'";

    private final boolean publish;

    public JobEventsSwitch(boolean publish) {
        this.publish = publish;
    }

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (!publish && bean instanceof HikariDataSource hikari) {
            String init = hikari.getConnectionInitSql();
            hikari.setConnectionInitSql(init == null || init.isBlank() ? EVENTS_OFF : init + "; " + EVENTS_OFF);
        }
        return bean;
    }
}
