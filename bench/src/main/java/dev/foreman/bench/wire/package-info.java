/**
 * HTTP/1.1 on the wire, shared by the bench's client ({@code load}) and its target ({@code target}):
 * a connection's input read a line at a time from a buffer of its own.
 */
package dev.foreman.bench.wire;
