/** The embedded development stack: infrastructure and the three services on one machine, one command. */
package dev.foreman.devstack;
