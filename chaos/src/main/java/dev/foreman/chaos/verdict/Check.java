package dev.foreman.chaos.verdict;

import java.util.List;

/**
 * One end check of a run.
 *
 * @param evidence what violated it, a line each (at most a few dozen), empty when it passed
 */
public record Check(String name, boolean passed, String summary, List<String> evidence) {
    static final int MAX_EVIDENCE = 25;

    static Check of(String name, String summary, List<String> violations) {
        return new Check(
                name,
                violations.isEmpty(),
                summary,
                violations.stream().limit(MAX_EVIDENCE).toList());
    }
}
