package dev.foreman.devstack;

import dev.foreman.testkit.infra.Ports;
import java.nio.file.Path;

/**
 * Where the devstack keeps its data and which ports it binds. Each value can be changed with a
 * system property ({@code -Dforeman.devstack.api-port=9080}); defaults stay clear of a locally
 * installed Postgres (5432), Kafka (9092) and Redis (6379).
 *
 * @param dataDirectory Postgres data and the dev API key ({@code foreman.devstack.dir}, default {@code .devstack})
 * @param ports Postgres 15432, Kafka 19092, Redis 16379
 * @param apiPort api-service HTTP port, default 8080
 * @param workerPort worker-service management port, default 8081
 * @param schedulerPort scheduler-service management port, default 8082
 * @param targetPort the dev echo target, default 8089
 */
record DevstackSettings(
        Path dataDirectory, Ports ports, int apiPort, int workerPort, int schedulerPort, int targetPort) {

    static DevstackSettings fromSystemProperties() {
        return new DevstackSettings(
                Path.of(System.getProperty("foreman.devstack.dir", ".devstack")).toAbsolutePath(),
                new Ports(port("postgres-port", 15432), port("kafka-port", 19092), port("redis-port", 16379)),
                port("api-port", 8080),
                port("worker-port", 8081),
                port("scheduler-port", 8082),
                port("target-port", 8089));
    }

    private static int port(String name, int defaultPort) {
        return Integer.getInteger("foreman.devstack." + name, defaultPort);
    }
}
