/**
 * Resource use of the stack under load: resident memory and CPU time of each process, and of the
 * JIT compiler threads of each JVM service, read from Linux /proc every second, and JVM heap from
 * each service's Prometheus endpoint.
 */
package dev.foreman.bench.resources;
