package dev.monitor.core.logs;

import dev.monitor.api.metrics.Counter;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Live tail, as CloudWatch Logs' StartLiveTail: subscribers get the events of some log groups
 * that match a filter pattern, in batches of one second each. Above {@value #MAX_PER_SECOND}
 * matching events in a second a batch holds a uniform sample of them and says so. Each
 * subscriber has its own delivery thread and a queue of at most {@value #MAX_QUEUED_BATCHES}
 * batches: a subscriber too slow to keep up loses its oldest batches (counted in
 * {@code Monitor/LiveTailBatchesDropped}), and logging never waits for it. A subscriber that
 * throws, even an Error, loses that batch only; the failure is counted in {@code Monitor/InternalErrors}.
 */
public final class LiveTail {
    static final int MAX_PER_SECOND = 500;
    static final int MAX_QUEUED_BATCHES = 10;

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

    /**
     * A subscription; closing it stops delivery: events written after that do not reach the
     * consumer, and a batch not yet handed over is dropped. Closing twice is harmless.
     */
    public static final class Subscription implements dev.monitor.api.Subscription {
        private final List<String> groups;
        private final String streamPrefix;
        private final FilterPattern pattern;
        private final Consumer<Batch> consumer;
        private final Counter dropped;
        private final ArrayDeque<Batch> queued = new ArrayDeque<>();
        private final Random random = new Random();
        private final Thread delivery;
        private final Runnable onClose;
        private final Consumer<Throwable> onFailure;
        private long windowStart = Long.MIN_VALUE;
        private List<Event> window = new ArrayList<>();
        private long matched;
        private volatile boolean closed;

        Subscription(List<String> groups, String streamPrefix, FilterPattern pattern, Consumer<Batch> consumer,
                     Counter dropped, Runnable onClose, Consumer<Throwable> onFailure) {
            this.groups = List.copyOf(groups);
            this.streamPrefix = streamPrefix == null ? "" : streamPrefix;
            this.pattern = pattern;
            this.consumer = consumer;
            this.dropped = dropped;
            this.onClose = onClose;
            this.onFailure = onFailure;
            this.delivery = new Thread(this::deliver, "monitor-live-tail");
            delivery.setDaemon(true);
            delivery.start();
        }

        /** Takes one written event; the writer thread calls this. */
        void offer(Event event) {
            if (!groups.contains(event.logGroup()) || !event.logStream().startsWith(streamPrefix)
                    || !pattern.matches(event.message())) {
                return;
            }
            long second = event.timestamp().getEpochSecond();
            if (second != windowStart) {
                close(second);
            }
            matched++;
            if (window.size() < MAX_PER_SECOND) {
                window.add(event);
            } else {
                // Reservoir sampling keeps a uniform sample of the second's matches.
                long slot = (long) (random.nextDouble() * matched);
                if (slot < MAX_PER_SECOND) {
                    window.set((int) slot, event);
                }
            }
        }

        /** Ends the current second's batch once the clock has passed it; the writer thread calls this. */
        void tick(Instant now) {
            if (windowStart != Long.MIN_VALUE && now.getEpochSecond() > windowStart) {
                close(now.getEpochSecond());
            }
        }

        private void close(long nextSecond) {
            if (!window.isEmpty()) {
                Batch batch = new Batch(Instant.ofEpochSecond(windowStart), List.copyOf(window), matched,
                        matched > window.size());
                synchronized (queued) {
                    if (queued.size() == MAX_QUEUED_BATCHES) {
                        queued.removeFirst();
                        dropped.increment();
                    }
                    queued.addLast(batch);
                    queued.notifyAll();
                }
            }
            windowStart = nextSecond;
            window = new ArrayList<>();
            matched = 0;
        }

        private void deliver() {
            while (!closed) {
                Batch batch;
                synchronized (queued) {
                    while (queued.isEmpty() && !closed) {
                        try {
                            queued.wait(100);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                    batch = queued.pollFirst();
                }
                if (batch != null && !closed) {
                    try {
                        consumer.accept(batch);
                    } catch (Throwable failure) {
                        // A failing subscriber loses that batch, not the subscription: even an Error ends only this delivery.
                        onFailure.accept(failure);
                    }
                }
            }
        }

        boolean isClosed() {
            return closed;
        }

        @Override
        public void close() {
            closed = true;
            synchronized (queued) {
                queued.notifyAll();
            }
            onClose.run();
        }
    }

    private LiveTail() {
    }

    static Subscription subscribe(List<String> groups, String streamPrefix, String filterPattern,
                                  Consumer<Batch> consumer, Counter dropped, Runnable onClose,
                                  Consumer<Throwable> onFailure) {
        Objects.requireNonNull(consumer, "consumer");
        if (groups.isEmpty() || groups.size() > 10) {
            throw new IllegalArgumentException("live tail takes 1 to 10 log groups, not " + groups.size());
        }
        return new Subscription(groups, streamPrefix, FilterPattern.parse(filterPattern), consumer, dropped, onClose, onFailure);
    }
}
