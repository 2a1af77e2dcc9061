/**
 * Foreman's chaos harness ({@code ./foreman chaos}): the services as separate processes on
 * restartable infrastructure, clients submitting through faults, and the checks that nothing
 * acknowledged was lost, stuck or run twice at once. docs/reliability.md describes a run.
 */
package dev.foreman.chaos;
