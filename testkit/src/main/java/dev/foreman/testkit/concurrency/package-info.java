/** Concurrency for tests: contenders released at the same instant, so their statements really overlap. */
package dev.foreman.testkit.concurrency;
