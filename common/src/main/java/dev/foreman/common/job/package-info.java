/** Jobs: the state machine, the stored job, and the named SQL that moves jobs between states. */
package dev.foreman.common.job;
