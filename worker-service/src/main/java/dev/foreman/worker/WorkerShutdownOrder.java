package dev.foreman.worker;

import dev.foreman.common.loop.BackgroundWork;
import dev.foreman.common.loop.ShutdownOrder;
import java.util.List;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The order in which the worker's background work stops (and, reversed, starts): the one place it
 * is declared. A graceful stop (SIGTERM) takes no more jobs, gives the attempts and deliveries in
 * flight their grace, hands back what is still running, and only then stops what those need.
 */
@Configuration(proxyBeanMethods = false)
class WorkerShutdownOrder {

    @Bean
    ShutdownOrder shutdownOrder(
            @Qualifier("kafkaIntake") BackgroundWork intake,
            @Qualifier("callbackDeliverer") BackgroundWork callbacks,
            @Qualifier("leaseHeartbeat") BackgroundWork heartbeat,
            @Qualifier("flowHeartbeat") BackgroundWork flowHeartbeat,
            @Qualifier("attemptFinisher") BackgroundWork finisher,
            List<BackgroundWork> all) {
        // First of all, before the web server that only serves the actuator here.
        return ShutdownOrder.inPhase(SmartLifecycle.DEFAULT_PHASE)
                // Together, so their shutdown graces overlap: intake leaves the group, waits for its
                // attempts and hands back the rest; the deliverer waits for its deliveries.
                .thenStop(intake, callbacks)
                // Kept beating until then, so no lease (nor permit) of a draining attempt expires.
                .thenStop(heartbeat, flowHeartbeat)
                // Writes the finishes of the last attempts.
                .thenStop(finisher)
                .covering(all);
    }
}
