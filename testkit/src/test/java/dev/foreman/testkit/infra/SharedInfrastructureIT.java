package dev.foreman.testkit.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foreman.common.job.JobTopics;
import dev.foreman.common.tenant.ApiKeyPrincipal;
import dev.foreman.common.tenant.ApiKeyRole;
import dev.foreman.common.tenant.ApiKeys;
import dev.foreman.common.tenant.TenantRepository;
import dev.foreman.testkit.concurrency.Race;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import redis.clients.jedis.Jedis;

/** The servers every test in a JVM shares, and the fixtures that come with them. */
class SharedInfrastructureIT {
    private static final String SELECT_ONE = """
            SELECT 1
            """;

    private final TestInfrastructure infra = TestInfrastructure.shared();

    @Test
    void concurrentCallersShareOneInfrastructure() throws Exception {
        List<TestInfrastructure> shared = Race.run(4, TestInfrastructure::shared);

        assertThat(shared).allSatisfy(each -> assertThat(each).isSameAs(infra));
    }

    @Test
    void postgresAnswersQueries() {
        int one = JdbcClient.create(infra.dataSource())
                .sql(SELECT_ONE)
                .query(Integer.class)
                .single();

        assertThat(one).isEqualTo(1);
        assertThat(infra.jdbcUrl()).startsWith("jdbc:postgresql://");
    }

    @Test
    void kafkaHasTheDispatchTopicsWithSixPartitionsEach() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", infra.kafkaBootstrapServers()))) {
            Map<String, TopicDescription> topics =
                    admin.describeTopics(JobTopics.all()).allTopicNames().get();

            assertThat(topics).containsOnlyKeys("foreman.jobs.high", "foreman.jobs.normal", "foreman.jobs.low");
            assertThat(topics.values())
                    .allSatisfy(topic -> assertThat(topic.partitions()).hasSize(6));
        }
    }

    @Test
    void kafkaDeliversWhatWasProduced() throws Exception {
        assertThat(KafkaRoundTrip.sendAndReceive(infra.kafkaBootstrapServers(), "hello"))
                .containsExactly("hello");
    }

    @Test
    void leavesTheJvmWideSpringKafkaPropertyAlone() {
        // A stale value here would outrank application.yml in every Spring test of the JVM.
        assertThat(System.getProperty("spring.kafka.bootstrap-servers")).isNull();
    }

    @Test
    void redisAnswersPing() {
        try (Jedis redis = new Jedis(URI.create(infra.redisUrl()))) {
            assertThat(redis.ping()).isEqualTo("PONG");
        }
        assertThat(infra.redisUrl()).startsWith("redis://127.0.0.1:");
    }

    @Test
    void springPropertiesPointAtTheServers() {
        assertThat(infra.springProperties())
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "spring.datasource.url", infra.jdbcUrl(),
                        "spring.datasource.username", infra.username(),
                        "spring.datasource.password", infra.password(),
                        "spring.kafka.bootstrap-servers", infra.kafkaBootstrapServers(),
                        "spring.data.redis.url", infra.redisUrl(),
                        "foreman.api.targets.allow-private", "true",
                        "foreman.worker.targets.allow-private", "true"));
    }

    @Test
    void createTenantStoresOnlyTheHashOfAnAdminKey() {
        TestTenant tenant = infra.createTenant("infra");
        TenantRepository tenants = new TenantRepository(JdbcClient.create(infra.dataSource()));

        assertThat(tenants.findActiveKeyByHash(ApiKeys.hash(tenant.apiKey())))
                .get()
                .extracting(ApiKeyPrincipal::tenantId, ApiKeyPrincipal::role)
                .containsExactly(tenant.id(), ApiKeyRole.ADMIN);
        assertThat(tenants.findTenantByName(tenant.name()))
                .get()
                .satisfies(stored -> assertThat(stored.signingSecret()).isEqualTo(tenant.signingSecret()));
        assertThat(tenant.toString()).doesNotContain(tenant.apiKey()).doesNotContain(tenant.signingSecret());
    }

    @Test
    void tenantsCreatedWithTheSameNameAreDistinct() {
        List<TestTenant> tenants =
                IntStream.range(0, 3).mapToObj(i -> infra.createTenant("same")).toList();

        assertThat(tenants).extracting(TestTenant::id).doesNotHaveDuplicates();
        assertThat(tenants).extracting(TestTenant::name).doesNotHaveDuplicates().allMatch(n -> n.startsWith("same-"));
    }

    @Test
    void createApiKeyAddsAMemberKeyToATenant() {
        TestTenant tenant = infra.createTenant("members");

        String key = infra.createApiKey(tenant.id(), ApiKeyRole.MEMBER);

        assertThat(new TenantRepository(JdbcClient.create(infra.dataSource())).findActiveKeyByHash(ApiKeys.hash(key)))
                .get()
                .extracting(ApiKeyPrincipal::tenantId, ApiKeyPrincipal::role)
                .containsExactly(tenant.id(), ApiKeyRole.MEMBER);
    }

    @Test
    void migratingAgainAppliesNothing() {
        infra.migrate();
        infra.migrate();

        MigrateResult again = Flyway.configure()
                .dataSource(infra.dataSource())
                .locations("classpath:db/migration")
                .load()
                .migrate();

        assertThat(again.migrationsExecuted).isZero();
        assertThat(infra.createTenant("after-migrate").id()).isNotNull();
    }

    @Test
    void closingTheSharedInfrastructureLeavesItRunning() {
        infra.close();

        assertThat(JdbcClient.create(infra.dataSource())
                        .sql(SELECT_ONE)
                        .query(Integer.class)
                        .single())
                .isEqualTo(1);
    }
}
