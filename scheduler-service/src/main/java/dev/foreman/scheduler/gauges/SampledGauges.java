package dev.foreman.scheduler.gauges;

/** Gauges that {@link LeaderGauges} refreshes each round while this instance leads. */
interface SampledGauges {

    /** Reads the values afresh and publishes them. */
    void sample();

    /** Withdraws every series: a standby, or a sample that failed, publishes nothing. */
    void clear();
}
