package dev.foreman.api;

import dev.foreman.common.loop.BackgroundWork;
import dev.foreman.common.loop.ShutdownOrder;
import java.util.List;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The order in which the api-service's background work stops (and, reversed, starts): the one
 * place it is declared. All of it stops after the web server has drained its requests, whose jobs
 * it still has to commit and publish, and before the database and Kafka clients close.
 */
@Configuration(proxyBeanMethods = false)
class ApiShutdownOrder {
    /** After the web server's graceful shutdown ({@code DEFAULT_PHASE - 1024}) and its stop ({@code - 2048}). */
    static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 3072;

    @Bean
    ShutdownOrder shutdownOrder(
            @Qualifier("groupCommit") BackgroundWork groupCommit,
            @Qualifier("directPublisher") BackgroundWork directPublisher,
            @Qualifier("outboxRelay") BackgroundWork outboxRelay,
            @Qualifier("eventRelay") BackgroundWork eventRelay,
            @Qualifier("eventFanOut") BackgroundWork eventFanOut,
            @Qualifier("countFolder") BackgroundWork countFolder,
            List<BackgroundWork> all) {
        return ShutdownOrder.inPhase(PHASE)
                // Every request was answered, so nothing waits for a committer: commit what queued.
                .thenStop(groupCommit)
                // Sends what the last groups committed and deletes the acknowledged rows.
                .thenStop(directPublisher)
                // Publishes whatever the outbox still holds (rows the publisher had to leave).
                .thenStop(outboxRelay)
                // Moves the job events the last transitions recorded to Redis (best effort), and
                // stops reading the streams (their clients were closed as shutdown began).
                .thenStop(eventRelay, eventFanOut, countFolder)
                .covering(all);
    }
}
