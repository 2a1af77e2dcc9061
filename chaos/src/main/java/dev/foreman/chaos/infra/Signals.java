package dev.foreman.chaos.infra;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/** {@code kill -s SIGNAL pid}: the JDK itself sends only SIGTERM and SIGKILL. */
final class Signals {
    private Signals() {}

    static void send(long pid, String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-s", signal, Long.toString(pid))
                    .redirectErrorStream(true)
                    .start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -s " + signal + " " + pid + " failed");
            }
        } catch (IOException e) {
            throw new IllegalStateException("Could not run kill -s " + signal, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while sending SIG" + signal, e);
        }
    }
}
