/**
 * The HTTP call of one attempt (DESIGN §4): the job's request with Foreman's headers and
 * signature, bounded by the job's timeout, answered by what the target said or why it said
 * nothing. Deciding what that means for the job is {@code finish}'s business.
 */
package dev.foreman.worker.dispatch;
