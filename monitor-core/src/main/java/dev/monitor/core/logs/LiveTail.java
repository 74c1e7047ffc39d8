package dev.monitor.core.logs;

import java.time.Instant;
import java.util.List;

/**
 * Live tail, as CloudWatch Logs' StartLiveTail: subscribers ({@link LogService#tail}) get the
 * events of some log groups that match a filter pattern, in batches of one second each. Above
 * {@value #MAX_PER_SECOND} matching events in a second a batch holds a uniform sample of them and
 * says so. Each subscriber has its own delivery thread and a queue of at most
 * {@value #MAX_QUEUED_BATCHES} batches: a subscriber too slow to keep up loses its oldest batches
 * (counted in {@code Monitor/LiveTailBatchesDropped}), and logging never waits for it. A
 * subscriber that throws, even an Error, loses that batch only; the failure is counted in
 * {@code Monitor/InternalErrors}.
 */
public final class LiveTail {
    /** The most events a batch holds; above, it is a sample. */
    public static final int MAX_PER_SECOND = 500;
    /** The most batches waiting for a subscriber; older ones are dropped. */
    public static final int MAX_QUEUED_BATCHES = 10;

    private LiveTail() {
    }

    /** One tailed event. */
    public record Event(String logGroup, String logStream, Instant timestamp, String message) {
    }

    /**
     * One second's matching events.
     *
     * @param matched how many events matched in that second; more than {@code events.size()} when sampled
     */
    public record Batch(Instant start, List<Event> events, long matched, boolean sampled) {
    }
}
