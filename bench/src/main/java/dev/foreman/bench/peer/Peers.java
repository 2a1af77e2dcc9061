package dev.foreman.bench.peer;

import java.util.List;

/** The peers the bench can run next to Foreman, by the name {@code --peer} takes. */
public final class Peers {
    public static final String JOBRUNR = "jobrunr";
    public static final List<String> NAMES = List.of(JOBRUNR);

    private Peers() {}
}
