/**
 * API keys: creating one (its secret shown once), listing them without secrets, revoking them, for a
 * tenant's admins over {@code /v1/keys} and for operators over {@code /v1/admin/…}. Every change is
 * audited and reaches every replica's key cache at once.
 */
package dev.foreman.api.keys;
