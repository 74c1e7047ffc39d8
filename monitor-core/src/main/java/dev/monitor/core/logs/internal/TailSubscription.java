package dev.monitor.core.logs.internal;

import dev.monitor.api.metrics.Counter;
import dev.monitor.api.subscription.Subscription;
import dev.monitor.core.internal.HandOffQueue;
import dev.monitor.core.logs.FilterPattern;
import dev.monitor.core.logs.LiveTail.Batch;
import dev.monitor.core.logs.LiveTail.Event;
import dev.monitor.core.logs.LiveTail;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.function.Consumer;

/**
 * One live-tail subscriber: the writer thread offers it every written event and ticks it; it
 * gathers each second's matches into a batch (a uniform sample above {@link LiveTail#MAX_PER_SECOND})
 * and hands batches to its consumer on a delivery thread of its own, through a {@link HandOffQueue}
 * of at most {@link LiveTail#MAX_QUEUED_BATCHES} whose oldest batch is dropped when it is full. Not API.
 *
 * <p>Why a delivery thread per subscriber rather than the monitor's shared scheduler: the consumer
 * is the subscriber's own code, and may block (a socket to a slow client, a full pipe); on a
 * shared thread one such subscriber would hold back every other subscriber's batches, and
 * whatever else shares that thread, while here it only fills its own queue and loses its own
 * oldest batches ({@code LogServiceTest.aSlowTailSubscriberLosesItsOldestBatchesNotTheLogs}
 * blocks one). A subscription is rare and long-lived, so a thread each costs little.
 */
final class TailSubscription implements Subscription {
    private final List<String> groups;
    private final String streamPrefix;
    private final FilterPattern pattern;
    private final Consumer<Batch> consumer;
    private final Counter dropped;
    private final HandOffQueue<Batch> queued = new HandOffQueue<>(LiveTail.MAX_QUEUED_BATCHES);
    /**
     * The delivery thread takes under this lock, and so does the writer thread when it drops the
     * oldest batch of a full queue: the queue has one consumer at a time. Once a second at most.
     */
    private final Object takeLock = new Object();
    private final Random random = new Random();
    private final Thread delivery;
    private final Consumer<TailSubscription> onClose;
    private final Consumer<Throwable> onFailure;
    private long windowStart = Long.MIN_VALUE;
    private List<Event> window = new ArrayList<>();
    private long matched;
    private volatile boolean closed;

    private TailSubscription(List<String> groups, String streamPrefix, FilterPattern pattern, Consumer<Batch> consumer,
                             Counter dropped, Consumer<TailSubscription> onClose, Consumer<Throwable> onFailure) {
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

    /** Checks the arguments, then starts the subscription's delivery thread. */
    static TailSubscription subscribe(List<String> groups, String streamPrefix, String filterPattern,
                                      Consumer<Batch> consumer, Counter dropped, Consumer<TailSubscription> onClose,
                                      Consumer<Throwable> onFailure) {
        Objects.requireNonNull(consumer, "consumer");
        if (groups.isEmpty() || groups.size() > 10) {
            throw new IllegalArgumentException("live tail takes 1 to 10 log groups, not " + groups.size());
        }
        return new TailSubscription(groups, streamPrefix, FilterPattern.parse(filterPattern), consumer, dropped,
                onClose, onFailure);
    }

    /** Whether this subscriber may want events of {@code group} in {@code stream}: the writer skips making them otherwise. */
    boolean wants(String group, String stream) {
        return groups.contains(group) && stream.startsWith(streamPrefix);
    }

    /** Takes one written event; the writer thread calls this. */
    void offer(Event event) {
        if (!wants(event.logGroup(), event.logStream()) || !pattern.matches(event.message())) {
            return;
        }
        long second = event.timestamp().getEpochSecond();
        if (second != windowStart) {
            close(second);
        }
        matched++;
        if (window.size() < LiveTail.MAX_PER_SECOND) {
            window.add(event);
        } else {
            // Reservoir sampling keeps a uniform sample of the second's matches.
            long slot = (long) (random.nextDouble() * matched);
            if (slot < LiveTail.MAX_PER_SECOND) {
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
            while (!queued.offer(batch) && !queued.isClosed()) {
                synchronized (takeLock) { // full: the oldest batch makes room
                    if (queued.poll() != null) {
                        dropped.increment();
                    }
                }
            }
        }
        windowStart = nextSecond;
        window = new ArrayList<>();
        matched = 0;
    }

    private void deliver() {
        while (!closed) {
            Batch batch;
            synchronized (takeLock) {
                batch = queued.poll();
            }
            if (batch == null) {
                try {
                    queued.await(); // until a batch comes or the subscription is closed
                } catch (InterruptedException e) {
                    return;
                }
                continue;
            }
            if (!closed) {
                try {
                    consumer.accept(batch);
                } catch (Throwable failure) {
                    // A failing subscriber loses that batch, not the subscription: even an Error ends only this delivery.
                    onFailure.accept(failure);
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        queued.close(); // wakes the delivery thread, which ends
        onClose.accept(this);
    }
}
