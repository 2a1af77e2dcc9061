/** A Foreman service run as its own operating-system process from its executable jar, for tests that kill it. */
package dev.foreman.testkit.process;
