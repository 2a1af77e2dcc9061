/**
 * Migrations as a step of their own: {@code java -jar <service>.jar migrate} applies common's Flyway
 * migrations with the service's database settings and exits, so a rollout can run them once before
 * any new replica starts (with {@code spring.flyway.enabled=false}) instead of every replica racing
 * on the schema at start.
 */
package dev.foreman.common.migrate;
