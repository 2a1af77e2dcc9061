package dev.foreman.common.loop;

/**
 * Work a service runs in the background: started with the service and stopped with it, in the
 * order its {@link ShutdownOrder} declares.
 */
public interface BackgroundWork {

    /** Starts; does nothing when already running. */
    void start();

    /** Stops and returns once stopped, or once its own bound has passed; does nothing when stopped. */
    void stop();

    /** Whether it was started and not stopped since. */
    boolean isRunning();

    /** Whether the service starts it; one that does not can still be started by hand. */
    default boolean startsWithService() {
        return true;
    }
}
