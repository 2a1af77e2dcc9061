package dev.foreman.scheduler.lost;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.stereotype.Component;

/**
 * The scheduler's one Kafka client: an admin client that only reads offsets, made from
 * {@code spring.kafka.*}. It connects on first use, so the scheduler starts while Kafka is down.
 */
@Component
public class WorkerProgressAdmin implements DisposableBean {
    private final Admin client;

    WorkerProgressAdmin(KafkaProperties kafka) {
        Map<String, Object> settings = new HashMap<>(kafka.buildAdminProperties());
        int timeoutMs = Math.toIntExact(KafkaWorkerProgress.CALL_TIMEOUT.toMillis());
        settings.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "foreman-scheduler");
        settings.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
        settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
        this.client = Admin.create(settings);
    }

    /** The admin client; shared, never closed by its users. */
    public Admin client() {
        return client;
    }

    @Override
    public void destroy() {
        client.close();
    }
}
