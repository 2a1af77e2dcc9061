package dev.foreman.worker.flow;

import dev.foreman.common.job.ClaimedJob;
import dev.foreman.common.job.FlowControl;
import dev.foreman.common.job.Job;
import dev.foreman.common.queue.ParkReason;
import dev.foreman.common.queue.ParkedJobRepository;
import dev.foreman.common.queue.Parking;
import dev.foreman.common.queue.QueueSettings;
import dev.foreman.worker.WorkerProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Decides, right after a claim, which claimed jobs may start now: their rate buckets (queue, then
 * flow-control key) must have a start for them, and a permit of every concurrency limit (queue,
 * flow-control key) must be free. The others are parked at once, so they hold no Kafka partition
 * and no slot: a rate-limited job with the start its bucket reserved for it (claimed again in time,
 * it takes that start without asking again, so nothing polls; claimed too late, it asks its bucket
 * again, once: {@link MissedStarts}), a job behind a concurrency limit until a finishing attempt frees a
 * permit and wakes it (or the recheck, if that wake-up was lost). Jobs without such limits cost no
 * Redis round trip. The tenant's share is kept per worker by {@link TenantShare}; this gate parks
 * the attempts it turns away ({@link #parkForTenantShare}).
 *
 * <p>Redis unreachable: limits fail open (jobs start; counted in {@code foreman.queue.limits.unavailable}).
 * A pause does not depend on Redis: the claim itself parks a paused queue's jobs.
 */
@Component
public class AdmissionGate {
    private static final Logger log = LoggerFactory.getLogger(AdmissionGate.class);
    private static final Duration WARN_EVERY = Duration.ofMinutes(1);
    private static final int MAX_WAKE = 64;

    private final FlowRedis redis;
    private final QueueLimits limits;
    private final ParkedJobRepository parkedJobs;
    private final Clock clock;
    private final FlowProperties properties;
    private final Duration leaseMargin;
    private final HeldPermits held = new HeldPermits();
    private final Map<ParkReason, Counter> parked = new EnumMap<>(ParkReason.class);
    private final Counter woken;
    private final Counter unavailable;
    private final Counter askedAgain;
    private final MissedStarts missedStarts;
    private final AtomicLong lastWarning = new AtomicLong(Long.MIN_VALUE);

    AdmissionGate(
            FlowRedis redis,
            QueueLimits limits,
            ParkedJobRepository parkedJobs,
            Clock clock,
            FlowProperties properties,
            WorkerProperties worker,
            MeterRegistry meters) {
        this.redis = redis;
        this.limits = limits;
        this.parkedJobs = parkedJobs;
        this.clock = clock;
        this.properties = properties;
        this.leaseMargin = worker.leaseMargin();
        this.missedStarts = new MissedStarts(clock, properties.reservedStartTolerance());
        for (ParkReason reason : ParkReason.values()) {
            parked.put(
                    reason,
                    Counter.builder("foreman.queue.parked")
                            .description("Claimed jobs parked unstarted by flow control, by why (paused is counted"
                                    + " by the claim that parks it)")
                            .tag("reason", reason.wireName())
                            .register(meters));
        }
        this.woken = Counter.builder("foreman.queue.woken")
                .description("Parked jobs woken to be published again")
                .tag("by", "release")
                .register(meters);
        this.unavailable = Counter.builder("foreman.queue.limits.unavailable")
                .description("Claim batches started without their limits checked because Redis was unreachable")
                .register(meters);
        this.askedAgain = Counter.builder("foreman.queue.rate.asked.again")
                .description("Claimed jobs that missed the start their rate bucket had reserved for them by more than"
                        + " the tolerance and asked the bucket again")
                .register(meters);
    }

    /**
     * Of the jobs {@code owner} just claimed, returns those that may start now; parks the rest.
     * The returned jobs hold their permits until {@link #release} is called for them.
     */
    public List<ClaimedJob> admit(List<ClaimedJob> claimed, String owner) {
        List<Plan> plans = claimed.stream().map(this::plan).toList();
        if (plans.stream().noneMatch(Plan::limited)) {
            return claimed;
        }
        Instant now = clock.instant();
        List<Parking> parkings = new ArrayList<>();
        Map<PermitScope, PermitScope> parkedBehind = new LinkedHashMap<>();
        Map<String, Duration> marks = new LinkedHashMap<>();
        List<ClaimedJob> admitted = new ArrayList<>();
        try {
            Set<UUID> again = askingAgain(plans);
            List<Plan> startable = reserveStarts(plans, again, now, parkings, marks);
            acquirePermits(startable, now, parkings, parkedBehind, admitted);
        } catch (RuntimeException e) {
            // Nothing is parked yet: every claimed job starts (permits taken so far lapse with the lease).
            warnFailOpen(e);
            unavailable.increment();
            return claimed;
        }
        park(parkings, parkedBehind.values(), marks, owner, now);
        return admitted;
    }

    /** Gives back the permits {@code job}'s attempt held, and wakes a job parked behind each freed one. */
    public void release(ClaimedJob job) {
        HeldPermits.Held permits = held.remove(job.job().id(), member(job.job()));
        if (permits == null) {
            return;
        }
        try {
            List<Boolean> waiting = redis.releasePermits(permits.scopes(), permits.member());
            for (int i = 0; i < waiting.size(); i++) {
                if (waiting.get(i)) {
                    wake(permits.scopes().get(i), 1);
                }
            }
        } catch (RuntimeException e) {
            // The permits lapse with the lease margin; parked jobs are rechecked anyway.
            log.warn(
                    "Could not give back the flow-control permits of job {}",
                    job.job().id(),
                    e);
        }
    }

    /** The permits held by this worker's running attempts. */
    HeldPermits held() {
        return held;
    }

    /**
     * Parks {@code job}, claimed by {@code owner}, whose tenant's share of this worker stayed full
     * (see {@link TenantShare}): it is rechecked after the recheck interval unless one of the
     * tenant's attempts ending here wakes it first ({@link #wakeTenant}).
     *
     * @return whether it was parked; false when its lease was no longer {@code owner}'s
     */
    public boolean parkForTenantShare(ClaimedJob job, String owner) {
        Instant now = clock.instant();
        Parking parking = new Parking(
                job.job().id(), job.job().attempt(), ParkReason.TENANT_CONCURRENCY, now.plus(recheck()), null);
        boolean done = !parkedJobs.parkClaimed(List.of(parking), owner, now).isEmpty();
        if (done) {
            parked.get(ParkReason.TENANT_CONCURRENCY).increment();
        }
        return done;
    }

    /** Wakes the longest-parked job of {@code tenantId} parked for its tenant share, if any. */
    public void wakeTenant(UUID tenantId) {
        try {
            woken.increment(
                    parkedJobs.wakeOfTenant(tenantId, clock.instant(), 1).size());
        } catch (RuntimeException e) {
            // The recheck wakes it.
            log.warn("Could not wake a parked job of tenant {}", tenantId, e);
        }
    }

    /**
     * The jobs among {@code plans} that missed the start their bucket reserved and ask it again: those
     * whose attempt has not asked again before (see {@link MissedStarts}). One round trip, only when a
     * job missed its start.
     */
    private Set<UUID> askingAgain(List<Plan> plans) {
        List<Plan> missed = plans.stream().filter(p -> p.missed() != null).toList();
        if (missed.isEmpty()) {
            return Set.of();
        }
        List<Boolean> marked =
                redis.askedAgain(missed.stream().map(p -> member(p.job())).toList());
        Set<UUID> again = new HashSet<>();
        for (int i = 0; i < missed.size(); i++) {
            if (missedStarts.asksAgain(missed.get(i).claimed(), marked.get(i))) {
                again.add(missed.get(i).job().id());
            }
        }
        return again;
    }

    /**
     * Takes a start for each plan from each of its buckets; parks those whose start is reserved
     * ahead. A job that asked again and is parked gets a mark in {@code marks}, so it does not ask a
     * second time.
     */
    private List<Plan> reserveStarts(
            List<Plan> plans, Set<UUID> again, Instant now, List<Parking> parkings, Map<String, Duration> marks) {
        List<List<RateBucket>> asked =
                plans.stream().map(p -> p.bucketsToAsk(again)).toList();
        List<RateBucket> buckets = new ArrayList<>();
        asked.forEach(buckets::addAll);
        List<Long> delays = redis.reserveStarts(buckets, now);
        askedAgain.increment(again.size());
        List<Plan> startable = new ArrayList<>();
        int next = 0;
        for (int i = 0; i < plans.size(); i++) {
            Plan plan = plans.get(i);
            long delay = 0;
            ParkReason reason = null;
            for (RateBucket bucket : asked.get(i)) {
                long d = delays.get(next++);
                if (d > delay) {
                    delay = d;
                    reason = bucket.reason();
                }
            }
            if (reason == null) {
                startable.add(plan);
            } else {
                Instant start = now.plusMillis(delay);
                parkings.add(new Parking(plan.job().id(), plan.job().attempt(), reason, start, start));
                if (again.contains(plan.job().id())) {
                    marks.put(member(plan.job()), missedStarts.markKeptFor(start));
                }
            }
        }
        return startable;
    }

    private void acquirePermits(
            List<Plan> plans,
            Instant now,
            List<Parking> parkings,
            Map<PermitScope, PermitScope> parkedBehind,
            List<ClaimedJob> admitted) {
        List<Plan> limited = new ArrayList<>();
        for (Plan plan : plans) {
            if (plan.scopes().isEmpty()) {
                admitted.add(plan.claimed());
            } else {
                limited.add(plan);
            }
        }
        List<Long> refusals = redis.acquirePermits(
                limited.stream().map(Plan::scopes).toList(),
                limited.stream().map(p -> member(p.job())).toList(),
                now,
                now.plus(leaseMargin));
        for (int i = 0; i < limited.size(); i++) {
            Plan plan = limited.get(i);
            int refusedBy = refusals.get(i).intValue();
            if (refusedBy == 0) {
                held.put(plan.job().id(), plan.scopes(), member(plan.job()));
                admitted.add(plan.claimed());
            } else {
                PermitScope scope = plan.scopes().get(refusedBy - 1);
                parkedBehind.putIfAbsent(scope.withoutLimit(), scope);
                parkings.add(
                        new Parking(plan.job().id(), plan.job().attempt(), scope.reason(), now.plus(recheck()), null));
            }
        }
    }

    /**
     * Parks the refused jobs. A permit freed between the refusal and the parking woke nobody (the
     * job was not parked yet), so once they are parked, each scope's free permits wake as many.
     */
    private void park(
            List<Parking> parkings,
            Collection<PermitScope> behind,
            Map<String, Duration> marks,
            String owner,
            Instant now) {
        if (parkings.isEmpty()) {
            return;
        }
        try {
            redis.markParked(List.copyOf(behind), properties.recheck().multipliedBy(3));
        } catch (RuntimeException e) {
            warnFailOpen(e); // the recheck still wakes them
        }
        try {
            // Before they are parked, so none can be woken and claimed unmarked.
            redis.markAskedAgain(List.copyOf(marks.keySet()), List.copyOf(marks.values()));
        } catch (RuntimeException e) {
            warnFailOpen(e); // unmarked, such a job may ask once more if it is late again
        }
        Set<UUID> done;
        try {
            done = new HashSet<>(parkedJobs.parkClaimed(parkings, owner, now));
        } catch (RuntimeException e) {
            // They stay claimed and unstarted: the reaper queues them again when their leases expire.
            log.error("Could not park {} jobs that may not start yet; they wait for the reaper", parkings.size(), e);
            return;
        }
        for (Parking parking : parkings) {
            if (done.contains(parking.jobId())) {
                parked.get(parking.reason()).increment();
            }
        }
        for (PermitScope scope : behind) {
            try {
                long free = redis.freePermits(scope, now);
                if (free > 0) {
                    wake(scope, (int) Math.min(free, MAX_WAKE));
                }
            } catch (RuntimeException e) {
                warnFailOpen(e);
            }
        }
    }

    private void wake(PermitScope scope, int n) {
        Instant now = clock.instant();
        int count = switch (scope.kind()) {
            case QUEUE ->
                parkedJobs
                        .wakeInQueue(scope.tenantId(), scope.name(), ParkReason.QUEUE_CONCURRENCY, now, n)
                        .size();
            case FLOW_KEY ->
                parkedJobs
                        .wakeWithFlowKey(scope.tenantId(), scope.name(), now, n)
                        .size();
        };
        woken.increment(count);
    }

    /** The recheck, spread by up to a fifth so that jobs parked together are not rechecked together. */
    private Duration recheck() {
        Duration recheck = properties.recheck();
        long spread = Math.max(1, recheck.toMillis() / 5);
        return recheck.plusMillis(ThreadLocalRandom.current().nextLong(spread));
    }

    private Plan plan(ClaimedJob claimed) {
        Job job = claimed.job();
        FlowControl flow = claimed.flow();
        QueueSettings settings = limits.of(job.tenantId(), job.queue());
        ParkReason parkedFor = flow.parkedFor() == null ? null : ParkReason.fromWireName(flow.parkedFor());
        // A bucket that reserved the job's start is not asked again, unless the job missed that start.
        List<RateBucket> buckets = new ArrayList<>(2);
        RateBucket missed = null;
        if (settings.ratePerSecond() != null) {
            int burst = settings.rateBurst() != null ? settings.rateBurst() : defaultBurst(settings.ratePerSecond());
            RateBucket bucket =
                    new RateBucket(ParkReason.RATE, job.tenantId(), job.queue(), settings.ratePerSecond(), burst);
            if (parkedFor != ParkReason.RATE) {
                buckets.add(bucket);
            } else if (missedStarts.missed(claimed)) {
                missed = bucket;
            }
        }
        if (flow.key() != null && flow.perSecond() != null) {
            RateBucket bucket = new RateBucket(
                    ParkReason.FLOW_RATE, job.tenantId(), flow.key(), flow.perSecond(), defaultBurst(flow.perSecond()));
            if (parkedFor != ParkReason.FLOW_RATE) {
                buckets.add(bucket);
            } else if (missedStarts.missed(claimed)) {
                missed = bucket;
            }
        }
        List<PermitScope> scopes = new ArrayList<>(2);
        if (settings.maxConcurrency() != null) {
            scopes.add(PermitScope.queue(job.tenantId(), job.queue(), settings.maxConcurrency()));
        }
        if (flow.key() != null && flow.maxConcurrency() != null) {
            scopes.add(PermitScope.flowKey(job.tenantId(), flow.key(), flow.maxConcurrency()));
        }
        return new Plan(claimed, buckets, missed, scopes);
    }

    /** A rate limit without a burst allows a second's worth of starts at once. */
    static int defaultBurst(double perSecond) {
        return (int) Math.max(1, Math.ceil(perSecond));
    }

    private void warnFailOpen(RuntimeException e) {
        long now = System.nanoTime();
        long last = lastWarning.get();
        if (last == Long.MIN_VALUE || now - last > WARN_EVERY.toNanos()) {
            lastWarning.set(now);
            log.warn(
                    "Redis is unreachable: queue and flow-control limits are not enforced until it is back"
                            + " (counted in foreman.queue.limits.unavailable; logged once a minute)",
                    e);
        }
    }

    static String member(Job job) {
        return job.id() + ":" + job.attempt();
    }

    /**
     * What a claimed job must get to start.
     *
     * @param buckets the rate buckets it asks for a start
     * @param missed the bucket whose reserved start it missed (it asks it again unless it did so
     *     before), or null
     */
    private record Plan(ClaimedJob claimed, List<RateBucket> buckets, RateBucket missed, List<PermitScope> scopes) {
        Job job() {
            return claimed.job();
        }

        boolean limited() {
            return !buckets.isEmpty() || missed != null || !scopes.isEmpty();
        }

        List<RateBucket> bucketsToAsk(Set<UUID> again) {
            if (missed == null || !again.contains(job().id())) {
                return buckets;
            }
            List<RateBucket> asked = new ArrayList<>(buckets);
            asked.add(missed);
            return asked;
        }
    }
}
