package dev.foreman.client;

import java.util.List;

/** One page of a keyset-paged list; {@code nextCursor} is null on the last page. */
public record Page<T>(List<T> items, String nextCursor) {
    public Page {
        items = items == null ? List.of() : List.copyOf(items);
    }

    public boolean hasNext() {
        return nextCursor != null;
    }
}
