/**
 * Names of enum constants on the wire (SQL, JSON, query parameters, metrics): the constant's name
 * in lower case, parsed in one place, so every enum reads and rejects names the same way.
 */
package dev.foreman.common.wire;
