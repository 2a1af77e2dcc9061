/**
 * A stub of the HTTP service a job targets: it records every request the worker makes and answers
 * as scripted (succeed, fail N times, fail at random, answer slowly, hold its answers until the test
 * lets them go, send Retry-After), so tests can drive every branch of the dispatch contract (DESIGN
 * §4) without a real downstream service.
 */
package dev.foreman.testkit.target;
