/** Time for tests: a clock a test moves by hand instead of waiting for time to pass. */
package dev.foreman.testkit.time;
