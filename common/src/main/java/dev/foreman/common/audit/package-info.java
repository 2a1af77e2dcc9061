/** The audit log: one row for every admin and key action, who did it, when and from where. */
package dev.foreman.common.audit;
