/**
 * The operator's API under {@code /v1/admin}: tenants (create, list, get, suspend and reactivate)
 * and any tenant's keys. Only {@code operator} keys reach it.
 */
package dev.foreman.api.admin;
