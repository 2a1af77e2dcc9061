package dev.foreman.client;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** {@code /v1/admin/…}: tenants and any tenant's keys (an operator key's calls). */
public final class Tenants {
    private final Transport transport;
    private final Jobs jobs;

    Tenants(Transport transport, Jobs jobs) {
        this.transport = transport;
        this.jobs = jobs;
    }

    public List<Tenant> list() {
        return jobs.readList(
                transport.callForTree(Call.get("/v1/admin/tenants")).path("items"), Tenant.class);
    }

    public Tenant create(String name) {
        String body = transport.json().writeValueAsString(Map.of("name", name));
        return transport.call(Call.write("POST", "/v1/admin/tenants", body), Tenant.class);
    }

    public Tenant get(UUID id) {
        return transport.call(Call.get("/v1/admin/tenants/" + id), Tenant.class);
    }

    /** Suspends a tenant: its keys answer 401 on every replica within a second, until {@link #activate}. */
    public Tenant suspend(UUID id) {
        return setState(id, "suspended");
    }

    public Tenant activate(UUID id) {
        return setState(id, "active");
    }

    public List<ApiKey> keys(UUID tenantId) {
        return jobs.readList(
                transport
                        .callForTree(Call.get("/v1/admin/tenants/" + tenantId + "/keys"))
                        .path("items"),
                ApiKey.class);
    }

    public NewApiKey createKey(UUID tenantId, String name, String role, Instant expiresAt) {
        return transport.call(
                Call.write(
                        "POST", "/v1/admin/tenants/" + tenantId + "/keys", Keys.body(transport, name, role, expiresAt)),
                NewApiKey.class);
    }

    public void revokeKey(UUID keyId) {
        transport.callForNothing(Call.write("DELETE", "/v1/admin/keys/" + keyId, null));
    }

    private Tenant setState(UUID id, String state) {
        String body = transport.json().writeValueAsString(Map.of("state", state));
        return transport.call(Call.write("PATCH", "/v1/admin/tenants/" + id, body), Tenant.class);
    }
}
