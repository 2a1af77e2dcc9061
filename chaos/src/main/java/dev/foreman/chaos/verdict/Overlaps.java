package dev.foreman.chaos.verdict;

import dev.foreman.chaos.target.Delivery;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Requests of one job that were open at the target at the same moment: two attempts of a job
 * running at once, which the lease is there to prevent (or one attempt sent twice at once).
 */
final class Overlaps {
    private Overlaps() {}

    /** One line per overlapping pair, with the attempts and their times relative to {@code originNanos}. */
    static List<String> find(Map<UUID, List<Delivery>> byJob, long originNanos) {
        List<String> found = new ArrayList<>();
        byJob.forEach((job, deliveries) -> {
            if (deliveries.size() < 2) {
                return;
            }
            List<Delivery> byStart = deliveries.stream()
                    .sorted(Comparator.comparingLong(Delivery::startNanos))
                    .toList();
            for (int i = 0; i < byStart.size(); i++) {
                for (int j = i + 1; j < byStart.size(); j++) {
                    Delivery first = byStart.get(i);
                    Delivery second = byStart.get(j);
                    if (first.overlaps(second)) {
                        found.add(String.format(
                                java.util.Locale.ROOT,
                                "job %s: attempt %d open %.3f-%.3f s and attempt %d open %.3f-%.3f s",
                                job,
                                first.attempt(),
                                (first.startNanos() - originNanos) / 1e9,
                                (first.endNanos() - originNanos) / 1e9,
                                second.attempt(),
                                (second.startNanos() - originNanos) / 1e9,
                                (second.endNanos() - originNanos) / 1e9));
                    }
                }
            }
        });
        return found;
    }
}
