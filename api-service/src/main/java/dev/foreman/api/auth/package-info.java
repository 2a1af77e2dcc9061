/**
 * Bearer API key authentication for everything under {@code /v1/}: each request is resolved to the
 * key's {@link dev.foreman.common.tenant.ApiKeyPrincipal}, which scopes every query to one tenant.
 * Also the first-start bootstrap of an admin key from {@code FOREMAN_BOOTSTRAP_API_KEY}.
 */
package dev.foreman.api.auth;
