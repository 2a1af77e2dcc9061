/**
 * Load generation against the REST API: a closed loop for peak submit throughput, an open loop on
 * a fixed schedule for latency without coordinated omission, and the thin API client both use,
 * whose submits go over a lean kept-alive socket client so that the load costs the shared cores
 * little.
 */
package dev.foreman.bench.load;
