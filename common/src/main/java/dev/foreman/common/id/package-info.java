/** Time-ordered UUIDv7 job ids from the injected clock. */
package dev.foreman.common.id;
