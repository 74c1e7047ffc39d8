package dev.monitor.aws.internal;

import java.util.ArrayDeque;
import java.util.function.LongConsumer;

/**
 * Requests an AWS exporter made but could not send yet (the service unreachable, throttling past
 * the SDK's retries, no credentials yet), oldest first, bounded in bytes: what would pass the bound
 * pushes out the oldest requests, whose items {@code onEvicted} counts. An exporter keeps
 * unsent data here instead of throwing, so an outage of a minute loses nothing that fits, and
 * nothing is sent twice.
 *
 * <p>Used by one exporter thread at a time (the pipeline never calls an exporter concurrently).
 *
 * @param <R> a request ready to send
 */
public final class Backlog<R> {
    private record Entry<R>(R request, int items, long bytes) {
    }

    private final ArrayDeque<Entry<R>> entries = new ArrayDeque<>();
    private final long maxBytes;
    private final LongConsumer onEvicted;
    private long bytes;
    private long items;

    /**
     * @param maxBytes  the bound on the bytes held
     * @param onEvicted counts the items of requests pushed out (Monitor/Dropped, Reason=BufferFull)
     */
    public Backlog(long maxBytes, LongConsumer onEvicted) {
        this.maxBytes = maxBytes;
        this.onEvicted = onEvicted;
    }

    /** Appends a request of {@code items} items and about {@code size} bytes, evicting the oldest past the bound. */
    public void add(R request, int items, long size) {
        entries.addLast(new Entry<>(request, items, size));
        this.bytes += size;
        this.items += items;
        while (this.bytes > maxBytes && entries.size() > 1) {
            Entry<R> evicted = entries.removeFirst();
            this.bytes -= evicted.bytes;
            this.items -= evicted.items;
            onEvicted.accept(evicted.items);
        }
    }

    /** The oldest request, or null. */
    public R peek() {
        Entry<R> first = entries.peekFirst();
        return first == null ? null : first.request;
    }

    /** Removes the oldest request (sent, or given up). */
    public void removeFirst() {
        Entry<R> removed = entries.removeFirst();
        bytes -= removed.bytes;
        items -= removed.items;
    }

    /** Replaces the oldest request by {@code request} (what of it is left to send). */
    public void replaceFirst(R request, int items, long size) {
        removeFirst();
        entries.addFirst(new Entry<>(request, items, size));
        this.bytes += size;
        this.items += items;
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** Requests held. */
    public int requests() {
        return entries.size();
    }

    /** Items held. */
    public long items() {
        return items;
    }

    /** Bytes held. */
    public long bytes() {
        return bytes;
    }
}
