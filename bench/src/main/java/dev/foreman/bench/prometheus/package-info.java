/**
 * Reading the services' {@code /actuator/prometheus}: fetching the text exposition and parsing its
 * samples. Shared by the stage histograms, the heap readings and the JIT warm-up.
 */
package dev.foreman.bench.prometheus;
