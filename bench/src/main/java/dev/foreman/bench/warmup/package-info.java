/**
 * When a warm-up has done its job: load runs until the JIT compilers of every service the bench
 * started, and of the bench itself, have stopped compiling most of the time, so that a measured
 * window measures Foreman and not the JIT catching up with it.
 */
package dev.foreman.bench.warmup;
