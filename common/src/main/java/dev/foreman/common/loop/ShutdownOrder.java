package dev.foreman.common.loop;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.springframework.context.SmartLifecycle;

/**
 * The one place a service says in which order its background work stops: stage by stage, the work
 * of one stage stopped together (each on its own thread, so their bounds overlap instead of adding
 * up), the next stage once the last one's work has stopped. It starts in the reverse order, so
 * whatever stops later is running before whatever depends on it starts.
 *
 * <p>It is one Spring {@link SmartLifecycle} in one phase, which places the whole sequence against
 * Spring's own (the web server's graceful shutdown, for instance). Its stop returns once every
 * stage has stopped; each piece of work bounds its own stop.
 */
public final class ShutdownOrder implements SmartLifecycle {
    private final int phase;
    private final List<List<BackgroundWork>> stages;
    private volatile boolean running;

    private ShutdownOrder(int phase, List<List<BackgroundWork>> stages) {
        this.phase = phase;
        this.stages = stages;
    }

    /** An order that Spring runs in {@code phase}, starting with the work stopped first. */
    public static Builder inPhase(int phase) {
        return new Builder(phase);
    }

    /** The stages, in stop order; for tests that pin a service's order. */
    public List<List<BackgroundWork>> stages() {
        return stages;
    }

    /** Starts the work in the reverse stop order; if a piece fails to start, stops what already runs. */
    @Override
    public synchronized void start() {
        try {
            for (List<BackgroundWork> stage : stages.reversed()) {
                for (BackgroundWork work : stage) {
                    if (work.startsWithService()) {
                        work.start();
                    }
                }
            }
        } catch (RuntimeException | Error e) {
            stop();
            throw e;
        }
        running = true;
    }

    @Override
    public synchronized void stop() {
        running = false;
        for (List<BackgroundWork> stage : stages) {
            stopTogether(stage);
        }
    }

    private static void stopTogether(List<BackgroundWork> stage) {
        List<Thread> others = new ArrayList<>();
        for (BackgroundWork work : stage.subList(1, stage.size())) {
            others.add(Thread.ofPlatform().name("foreman-stopping").start(work::stop));
        }
        stage.getFirst().stop();
        for (Thread other : others) {
            try {
                // Each piece of work bounds its own stop.
                other.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return phase;
    }

    /** Builds the stages in stop order. */
    public static final class Builder {
        private final int phase;
        private final List<List<BackgroundWork>> stages = new ArrayList<>();

        private Builder(int phase) {
            this.phase = phase;
        }

        /** The next stage: work stopped together once the stages before it have stopped. */
        public Builder thenStop(BackgroundWork... together) {
            if (together.length == 0) {
                throw new IllegalArgumentException("a stage needs some work to stop");
            }
            stages.add(List.of(together));
            return this;
        }

        /**
         * The order, checked to name every piece of {@code all} (the service's {@link
         * BackgroundWork} beans), so none is started or stopped outside it.
         */
        public ShutdownOrder covering(Collection<? extends BackgroundWork> all) {
            List<BackgroundWork> listed = stages.stream().flatMap(List::stream).toList();
            for (BackgroundWork work : all) {
                if (listed.stream().noneMatch(w -> w == work)) {
                    throw new IllegalStateException(work.getClass().getSimpleName()
                            + " is background work but not in the shutdown order; add it to the service's order");
                }
            }
            return new ShutdownOrder(phase, List.copyOf(stages));
        }
    }
}
