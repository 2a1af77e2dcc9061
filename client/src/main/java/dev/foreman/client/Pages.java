package dev.foreman.client;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/** A lazy stream over every page: the next page is fetched only when the stream reaches it. */
final class Pages {
    private Pages() {}

    static <T> Stream<T> stream(Function<String, Page<T>> pageAfter) {
        Iterator<T> items = new Iterator<>() {
            private Page<T> page;
            private int index;

            @Override
            public boolean hasNext() {
                if (page == null) {
                    page = pageAfter.apply(null);
                }
                while (index >= page.items().size()) {
                    if (!page.hasNext()) {
                        return false;
                    }
                    page = pageAfter.apply(page.nextCursor());
                    index = 0;
                }
                return true;
            }

            @Override
            public T next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return page.items().get(index++);
            }
        };
        return StreamSupport.stream(
                Spliterators.spliteratorUnknownSize(items, Spliterator.ORDERED | Spliterator.NONNULL), false);
    }
}
