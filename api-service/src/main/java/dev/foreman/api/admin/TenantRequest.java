package dev.foreman.api.admin;

/**
 * The body of {@code POST /v1/admin/tenants} and {@code PATCH /v1/admin/tenants/{id}}.
 *
 * @param name the tenant's unique name, 1 to 200 characters (create only)
 * @param state {@code active} or {@code suspended} (change only)
 */
record TenantRequest(String name, String state) {}
