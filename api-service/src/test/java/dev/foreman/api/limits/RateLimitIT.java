package dev.foreman.api.limits;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foreman.api.RunningApi;
import dev.foreman.common.tenant.TenantQuotaRepository;
import dev.foreman.common.tenant.TenantQuotas;
import dev.foreman.testkit.concurrency.Race;
import dev.foreman.testkit.infra.TestTenant;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Rate limits and quotas over HTTP, each tenant with quotas of its own in Postgres (DESIGN §3.1). */
class RateLimitIT extends RunningApi {
    private static final String JOB = "{\"target\": {\"url\": \"https://svc.internal/hooks/x\"}}";

    @Autowired
    private TenantQuotaRepository quotas;

    @Autowired
    private TenantLimits limits;

    @Test
    void everyAnswerCarriesTheRateLimitPolicyAndWhatIsLeftOfIt() {
        TestTenant tenant = tenantWith(new TenantQuotas(50, null, null));

        HttpResponse<String> response = get("/v1/jobs?limit=1", tenant.apiKey());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("RateLimit-Policy")).contains("\"default\";q=50;w=1");
        assertThat(response.headers().firstValue("RateLimit").orElseThrow()).matches("\"default\";r=4[0-9];t=1");
    }

    @Test
    void answersRateLimitedWithRetryAfterPastTheTenantsRequestsPerSecond() {
        TestTenant tenant = tenantWith(new TenantQuotas(2, null, null));

        List<HttpResponse<String>> answers = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            answers.add(get("/v1/jobs?limit=1", tenant.apiKey()));
        }

        HttpResponse<String> refused = answers.stream()
                .filter(answer -> answer.statusCode() == 429)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no 429 among "
                        + answers.stream().map(HttpResponse::statusCode).toList()));
        assertProblem(refused, 429, "rate_limited");
        assertThat(Integer.parseInt(refused.headers().firstValue("Retry-After").orElseThrow()))
                .isBetween(1, 2);
        assertThat(refused.headers().firstValue("RateLimit").orElseThrow()).startsWith("\"default\";r=0;t=");
        assertThat(answers).extracting(HttpResponse::statusCode).containsOnly(200, 429);
        // Another key has a window of its own: the refusals cost it nothing.
        TestTenant other = tenantWith(new TenantQuotas(2, null, null));
        assertThat(get("/v1/jobs?limit=1", other.apiKey()).statusCode()).isEqualTo(200);
    }

    @Test
    void answersQuotaExceededPastTheTenantsActiveJobs() {
        TestTenant tenant = tenantWith(new TenantQuotas(null, 2L, null));

        assertThat(post("/v1/jobs", tenant.apiKey(), JOB).statusCode()).isEqualTo(202);
        HttpResponse<String> batch = post("/v1/jobs/batch", tenant.apiKey(), "{\"jobs\": [" + JOB + ", " + JOB + "]}");
        HttpResponse<String> one = post("/v1/jobs", tenant.apiKey(), JOB);
        HttpResponse<String> last = post("/v1/jobs", tenant.apiKey(), JOB);

        assertProblem(batch, 429, "quota_exceeded");
        assertThat(batch.headers().firstValue("Retry-After")).isPresent();
        assertThat(one.statusCode()).isEqualTo(202);
        assertProblem(last, 429, "quota_exceeded");
        assertThat(elements(json(get("/v1/jobs", tenant.apiKey())).get("items")))
                .hasSize(2);
    }

    @Test
    void answersQuotaExceededPastTheTenantsSchedules() {
        TestTenant tenant = tenantWith(new TenantQuotas(null, null, 1));

        assertThat(post("/v1/schedules", tenant.apiKey(), schedule("first")).statusCode())
                .isEqualTo(201);
        HttpResponse<String> second = post("/v1/schedules", tenant.apiKey(), schedule("second"));

        assertProblem(second, 429, "quota_exceeded");
        assertThat(elements(json(get("/v1/schedules", tenant.apiKey())).get("items")))
                .hasSize(1);
    }

    @Test
    void concurrentScheduleCreatesNeverTakeTheTenantPastItsSchedules() throws Exception {
        int max = 3;
        int racers = 12;
        TestTenant tenant = tenantWith(new TenantQuotas(null, null, max));
        AtomicInteger names = new AtomicInteger();

        List<HttpResponse<String>> answers = Race.run(
                racers, () -> post("/v1/schedules", tenant.apiKey(), schedule("racer-" + names.incrementAndGet())));

        assertThat(answers).extracting(HttpResponse::statusCode).containsOnly(201, 429);
        assertThat(answers.stream().filter(answer -> answer.statusCode() == 201))
                .hasSize(max);
        answers.stream()
                .filter(answer -> answer.statusCode() == 429)
                .forEach(refused -> assertProblem(refused, 429, "quota_exceeded"));
        assertThat(elements(json(get("/v1/schedules", tenant.apiKey())).get("items")))
                .hasSize(max);
    }

    private TestTenant tenantWith(TenantQuotas own) {
        TestTenant tenant = newTenant();
        quotas.updateQuotas(tenant.id(), own);
        limits.forget(tenant.id());
        return tenant;
    }

    private static String schedule(String name) {
        return "{\"name\": \"" + name + "\", \"cron\": \"*/5 * * * *\", \"job\": " + JOB + "}";
    }
}
