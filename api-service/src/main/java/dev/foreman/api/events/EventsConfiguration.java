package dev.foreman.api.events;

import dev.foreman.common.events.JobEventRepository;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/** The event relay (Postgres to Redis), the fan-out (Redis to the open streams) and their shutdown. */
@Configuration(proxyBeanMethods = false)
class EventsConfiguration {

    @Bean
    EventStreams eventStreams(StringRedisTemplate redis, JsonMapper json, EventsProperties settings) {
        return new EventStreams(redis, json, settings.buffer());
    }

    @Bean
    DroppedClients droppedClients(MeterRegistry meters) {
        return new DroppedClients(meters);
    }

    @Bean
    EventFanOut eventFanOut(EventStreams streams, EventsProperties settings, Clock clock, MeterRegistry meters) {
        return new EventFanOut(streams, settings, clock, meters);
    }

    @Bean
    EventRelay eventRelay(
            JobEventRepository events,
            EventStreams streams,
            TransactionTemplate tx,
            EventsProperties settings,
            Clock clock,
            MeterRegistry meters,
            EventFanOut fanOut) {
        return new EventRelay(events, streams, tx, settings, clock, meters, fanOut::wakeUp);
    }

    /**
     * Ends the open streams as shutdown begins, before the web server's graceful shutdown ({@code
     * DEFAULT_PHASE - 1024}) would wait its whole timeout for requests that never end by themselves.
     */
    @Bean
    SmartLifecycle openEventStreams(EventFanOut fanOut) {
        return new SmartLifecycle() {
            private volatile boolean running;

            @Override
            public void start() {
                running = true;
            }

            @Override
            public void stop() {
                running = false;
                fanOut.closeAll();
            }

            @Override
            public boolean isRunning() {
                return running;
            }

            @Override
            public int getPhase() {
                return SmartLifecycle.DEFAULT_PHASE - 512;
            }
        };
    }
}
