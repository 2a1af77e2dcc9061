/**
 * The services under test as separate processes: two api-service replicas, three workers and two
 * schedulers, each on fixed ports so that a restarted replica is found where it was.
 */
package dev.foreman.chaos.fleet;
