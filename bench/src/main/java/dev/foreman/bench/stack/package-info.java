/**
 * The Foreman deployment being measured: by default started by the bench (embedded infrastructure
 * from the testkit, each service as its own process so that each can be measured), or an already
 * running one reached by URL and API key.
 */
package dev.foreman.bench.stack;
