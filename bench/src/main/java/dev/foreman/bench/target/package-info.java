/**
 * The no-op HTTP target jobs are delivered to. It answers at once and records when each job first
 * arrived, which is where end-to-end, drain and lateness figures are taken.
 */
package dev.foreman.bench.target;
