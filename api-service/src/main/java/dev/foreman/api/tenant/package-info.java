/**
 * The caller's own tenant: {@code GET /v1/tenant} tells an admin key its tenant's id, name and
 * signing secret, the key a target needs to verify the {@code Foreman-Signature} of the requests
 * and callbacks Foreman sends it ({@code docs/signatures.md}).
 */
package dev.foreman.api.tenant;
