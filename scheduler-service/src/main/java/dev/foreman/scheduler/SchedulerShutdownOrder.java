package dev.foreman.scheduler;

import dev.foreman.common.loop.BackgroundWork;
import dev.foreman.common.loop.ShutdownOrder;
import java.util.List;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The order in which the scheduler's background work stops (and, reversed, starts): the one place
 * it is declared. The leader's tasks stop first, finishing the batch in hand; only then does the
 * election give its locks up, so a standby takes over at its next tick without overlapping a round.
 */
@Configuration(proxyBeanMethods = false)
class SchedulerShutdownOrder {

    @Bean
    ShutdownOrder shutdownOrder(
            @Qualifier("leaderTaskScheduler") BackgroundWork tasks,
            @Qualifier("leaderElection") BackgroundWork election,
            List<BackgroundWork> all) {
        // First of all: nothing the leader does waits for the web server, which only serves the actuator.
        return ShutdownOrder.inPhase(SmartLifecycle.DEFAULT_PHASE)
                .thenStop(tasks)
                .thenStop(election)
                .covering(all);
    }
}
