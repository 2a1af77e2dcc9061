package dev.foreman.api.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foreman.api.RunningApi;
import dev.foreman.common.tenant.ApiKeyRole;
import dev.foreman.testkit.infra.TestTenant;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class TenantIT extends RunningApi {

    @Test
    void showsAnAdminKeyItsTenantWithTheSigningSecret() {
        TestTenant tenant = newTenant();

        HttpResponse<String> response = get("/v1/tenant", tenant.apiKey());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body.propertyNames()).containsExactly("id", "name", "signing_secret");
        assertThat(body.get("id").asString()).isEqualTo(tenant.id().toString());
        assertThat(body.get("name").asString()).isEqualTo(tenant.name());
        assertThat(body.get("signing_secret").asString()).isEqualTo(tenant.signingSecret());
        assertThat(response.headers().firstValue("Cache-Control"))
                .hasValueSatisfying(cache -> assertThat(cache).contains("no-store"));
    }

    @Test
    void refusesAMemberKeyTheSigningSecret() {
        TestTenant tenant = newTenant();
        String memberKey = infra().createApiKey(tenant.id(), ApiKeyRole.MEMBER);

        HttpResponse<String> response = get("/v1/tenant", memberKey);

        JsonNode problem = assertProblem(response, 403, "forbidden");
        assertThat(problem.get("detail").asString()).contains("admin");
        assertThat(response.body()).doesNotContain(tenant.signingSecret());
    }

    @Test
    void showsEachKeyOnlyItsOwnTenant() {
        TestTenant one = newTenant();
        TestTenant other = newTenant();

        assertThat(json(get("/v1/tenant", one.apiKey())).get("id").asString())
                .isEqualTo(one.id().toString());
        assertThat(json(get("/v1/tenant", other.apiKey())).get("id").asString())
                .isEqualTo(other.id().toString());
    }
}
