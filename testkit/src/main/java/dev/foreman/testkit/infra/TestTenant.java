package dev.foreman.testkit.infra;

import java.util.UUID;

/**
 * A tenant created for one test, with what a client needs to act as it.
 *
 * @param name the stored name: the requested name plus a unique suffix, since names are unique
 * @param apiKey the admin API key in clear, for {@code Authorization: Bearer}; only its hash is stored
 * @param signingSecret the secret that signs requests dispatched for this tenant
 */
public record TestTenant(UUID id, String name, String apiKey, String signingSecret) {
    @Override
    public String toString() {
        // Keeps the key and the secret out of assertion messages and logs.
        return "TestTenant[id=" + id + ", name=" + name + "]";
    }
}
