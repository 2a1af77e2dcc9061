package dev.foreman.client;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** {@code /v1/keys}: the caller's tenant's own keys (an admin key's calls). */
public final class Keys {
    private final Transport transport;
    private final Jobs jobs;

    Keys(Transport transport, Jobs jobs) {
        this.transport = transport;
        this.jobs = jobs;
    }

    /** Every key of the tenant, oldest first, revoked ones included. */
    public List<ApiKey> list() {
        return jobs.readList(transport.callForTree(Call.get("/v1/keys")).path("items"), ApiKey.class);
    }

    /** A new key with {@code role} ({@code read_only}, {@code member} or {@code admin}); {@code expiresAt} may be null. */
    public NewApiKey create(String name, String role, Instant expiresAt) {
        return transport.call(Call.write("POST", "/v1/keys", body(transport, name, role, expiresAt)), NewApiKey.class);
    }

    /** Revokes a key: every api-service replica refuses it within a second. */
    public void revoke(UUID id) {
        transport.callForNothing(Call.write("DELETE", "/v1/keys/" + id, null));
    }

    static String body(Transport transport, String name, String role, Instant expiresAt) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("role", role);
        if (expiresAt != null) {
            body.put("expires_at", expiresAt.toString());
        }
        return transport.json().writeValueAsString(body);
    }
}
