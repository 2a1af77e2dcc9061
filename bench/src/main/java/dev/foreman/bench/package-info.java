/**
 * The benchmark entry point: reads the command line, starts or targets a stack, runs the scenarios
 * in order with resource sampling around each, and writes the report (table and JSON).
 */
package dev.foreman.bench;
