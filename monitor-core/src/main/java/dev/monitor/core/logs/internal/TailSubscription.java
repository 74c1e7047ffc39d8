package dev.monitor.core.logs.internal;

import dev.monitor.api.Subscription;
import dev.monitor.api.metrics.Counter;
import dev.monitor.core.logs.FilterPattern;
import dev.monitor.core.logs.LiveTail;
import dev.monitor.core.logs.LiveTail.Batch;
import dev.monitor.core.logs.LiveTail.Event;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.function.Consumer;

/**
 * One live-tail subscriber: the writer thread offers it every written event and ticks it; it
 * gathers each second's matches into a batch (a uniform sample above {@link LiveTail#MAX_PER_SECOND})
 * and hands batches to its consumer on a delivery thread of its own, through a queue of at most
 * {@link LiveTail#MAX_QUEUED_BATCHES} that drops its oldest batch when full. Not API.
 */
final class TailSubscription implements Subscription {
    private final List<String> groups;
    private final String streamPrefix;
    private final FilterPattern pattern;
    private final Consumer<Batch> consumer;
    private final Counter dropped;
    private final ArrayDeque<Batch> queued = new ArrayDeque<>();
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
            synchronized (queued) {
                if (queued.size() == LiveTail.MAX_QUEUED_BATCHES) {
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

    @Override
    public void close() {
        closed = true;
        synchronized (queued) {
            queued.notifyAll();
        }
        onClose.accept(this);
    }
}
