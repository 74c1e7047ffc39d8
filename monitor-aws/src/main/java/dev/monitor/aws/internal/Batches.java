package dev.monitor.aws.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiPredicate;
import java.util.function.ToLongFunction;

/**
 * Splits items, in their order, into the fewest consecutive requests that each stay within a
 * service's limits: a number of items, a number of bytes (a fixed part for the request's own
 * fields plus each item's size), and optionally a rule between the first item of a request and a
 * later one (CloudWatch Logs' 24-hour span).
 */
public final class Batches {
    private Batches() {
    }

    /**
     * A request's limits.
     *
     * @param maxItems   items per request
     * @param maxBytes   bytes per request, {@code fixedBytes} included
     * @param fixedBytes what the request costs besides its items
     */
    public record Limits(int maxItems, long maxBytes, long fixedBytes) {
        public Limits {
            if (maxItems < 1 || fixedBytes < 0 || maxBytes <= fixedBytes) {
                throw new IllegalArgumentException("limits of " + maxItems + " items and " + maxBytes + " bytes ("
                        + fixedBytes + " fixed) leave no room for an item");
            }
        }

        /** Whether one item of {@code bytes} fits in a request of its own. */
        public boolean fitsAlone(long bytes) {
            return fixedBytes + bytes <= maxBytes;
        }
    }

    /**
     * {@code items} in requests within {@code limits}; every item must {@linkplain Limits#fitsAlone fit alone}.
     *
     * @param together whether an item (second argument) may share a request that starts with the first
     */
    public static <T> List<List<T>> split(List<T> items, Limits limits, ToLongFunction<T> bytes, BiPredicate<T, T> together) {
        List<List<T>> requests = new ArrayList<>();
        List<T> current = new ArrayList<>();
        long size = limits.fixedBytes();
        for (T item : items) {
            long itemBytes = bytes.applyAsLong(item);
            if (!limits.fitsAlone(itemBytes)) {
                throw new IllegalArgumentException("an item of " + itemBytes + " bytes cannot fit in a request of "
                        + limits.maxBytes() + " bytes");
            }
            if (!current.isEmpty() && (current.size() == limits.maxItems() || size + itemBytes > limits.maxBytes()
                    || !together.test(current.get(0), item))) {
                requests.add(current);
                current = new ArrayList<>();
                size = limits.fixedBytes();
            }
            current.add(item);
            size += itemBytes;
        }
        if (!current.isEmpty()) {
            requests.add(current);
        }
        return requests;
    }

    /** {@code items} in requests within {@code limits}, with no rule between items. */
    public static <T> List<List<T>> split(List<T> items, Limits limits, ToLongFunction<T> bytes) {
        return split(items, limits, bytes, (first, next) -> true);
    }
}
