package dev.foreman.common.loop;

/**
 * Background work that runs as one {@link BackgroundLoop}: starting, stopping and being running
 * are the loop's, unless the work has more to do around them.
 */
public interface LoopWork extends BackgroundWork {

    /** The loop the work runs on. */
    BackgroundLoop loop();

    @Override
    default void start() {
        loop().start();
    }

    @Override
    default void stop() {
        loop().stop();
    }

    @Override
    default boolean isRunning() {
        return loop().isRunning();
    }
}
