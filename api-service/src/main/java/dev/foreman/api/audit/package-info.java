/**
 * The audit log of admin and key actions: {@link dev.foreman.api.audit.AuditTrail} writes an entry in
 * the transaction of each action, and {@code GET /v1/admin/audit} lists them for operators.
 */
package dev.foreman.api.audit;
