package dev.foreman.devstack;

import dev.foreman.testkit.infra.TestInfrastructure;
import java.time.Duration;

/** What the devstack prints once it is up: where things are and how to submit a first job. */
final class Banner {
    private Banner() {}

    static String full(DevstackSettings settings, String apiKey, DevTarget target, Duration startup) {
        String api = "http://localhost:" + settings.apiPort();
        String apiManagement = "http://localhost:" + RunningServices.apiManagementPort(settings.apiPort());
        return """

                Foreman devstack is up in %.1f s (Postgres, Kafka, Redis, api, worker, scheduler).

                  API            %s
                  API key        %s
                  dev target     %s   (answers 200; %s answers 503)
                  health         %s/actuator/health   worker :%d   scheduler :%d
                  data           %s

                Submit a job and read it back:

                  curl -s -X POST %s/v1/jobs -H 'Authorization: Bearer %s' -H 'Content-Type: application/json' \\
                    -d '{"queue":"demo","type":"hello","target":{"url":"%s"},"payload":{"hello":"world"}}'

                  curl -s %s/v1/jobs/<id> -H 'Authorization: Bearer %s'

                Ctrl-C stops everything; Postgres data is kept for the next start.
                """.formatted(
                        startup.toMillis() / 1000.0,
                        api,
                        apiKey,
                        target.url("/echo"),
                        target.url("/status/503"),
                        apiManagement,
                        settings.workerPort(),
                        settings.schedulerPort(),
                        settings.dataDirectory(),
                        api,
                        apiKey,
                        target.url("/echo"),
                        api,
                        apiKey);
    }

    /**
     * @param apiKey the data directory's dev key, the same {@code ./foreman dev} uses: it bootstraps
     *     a fresh database, and on one a dev run bootstrapped already it is the key that works
     */
    static String infrastructure(Addresses infra, DevstackSettings settings, String apiKey, Duration startup) {
        return """

                Foreman infrastructure is up in %1$.1f s (Postgres, Kafka, Redis). Run each service as its own process:

                  export SPRING_DATASOURCE_URL='%3$s'
                  export SPRING_DATASOURCE_USERNAME='%4$s'
                  export SPRING_DATASOURCE_PASSWORD='%5$s'
                  export SPRING_KAFKA_BOOTSTRAP_SERVERS='%6$s'
                  export SPRING_DATA_REDIS_URL='%7$s'
                  export FOREMAN_BOOTSTRAP_API_KEY='%9$s'   # this data directory's key, as ./foreman dev uses

                  %2$s -jar api-service/target/foreman-api-service-0.1.0-SNAPSHOT-exec.jar --server.port=8080
                  %2$s -jar worker-service/target/foreman-worker-service-0.1.0-SNAPSHOT-exec.jar --server.port=8081
                  %2$s -jar scheduler-service/target/foreman-scheduler-service-0.1.0-SNAPSHOT-exec.jar --server.port=8082

                (build the jars once with: ./foreman mvn -q package -DskipTests)
                Data: %8$s. Ctrl-C stops the infrastructure.
                """.formatted(
                        startup.toMillis() / 1000.0,
                        currentJava(),
                        infra.jdbcUrl(),
                        infra.username(),
                        infra.password(),
                        infra.kafkaBootstrapServers(),
                        infra.redisUrl(),
                        settings.dataDirectory(),
                        apiKey);
    }

    /** Where the infrastructure listens, as the services' settings name it. */
    record Addresses(String jdbcUrl, String username, String password, String kafkaBootstrapServers, String redisUrl) {
        static Addresses of(TestInfrastructure infra) {
            return new Addresses(
                    infra.jdbcUrl(),
                    infra.username(),
                    infra.password(),
                    infra.kafkaBootstrapServers(),
                    infra.redisUrl());
        }
    }

    /** The JDK running the devstack: the machine's default java may be too old for the jars. */
    private static String currentJava() {
        return ProcessHandle.current().info().command().orElse("java");
    }
}
