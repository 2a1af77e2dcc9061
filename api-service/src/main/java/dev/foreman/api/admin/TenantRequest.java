package dev.foreman.api.admin;

import tools.jackson.databind.JsonNode;

/**
 * The body of {@code POST /v1/admin/tenants} and {@code PATCH /v1/admin/tenants/{id}}.
 *
 * @param name the tenant's unique name, 1 to 200 characters (create only)
 * @param state {@code active} or {@code suspended} (change only)
 * @param quotas the tenant's own quotas, read by {@link QuotaChange}: null where it was left out
 */
record TenantRequest(String name, String state, JsonNode quotas) {}
