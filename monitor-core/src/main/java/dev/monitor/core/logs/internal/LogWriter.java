package dev.monitor.core.logs.internal;

import dev.monitor.api.metrics.Counter;
import dev.monitor.core.export.LogEvent;
import dev.monitor.core.export.internal.ExportPipeline;
import dev.monitor.core.internal.BoundedQueue;
import dev.monitor.core.internal.JsonBytes;
import dev.monitor.core.logs.LiveTail;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;

/**
 * The logs' writer thread: everything after the application's queue happens here. It takes each
 * event, formats, redacts and encodes it as one JSON line ({@link LogJson}), applies the metric
 * filters, offers it to the live tails, and hands the events to the logs' {@link ExportPipeline}
 * in batches: when the queue is empty (and the batch is 5 ms old, or a flush waits for it), when a
 * batch is full, and at least every 200 ms under a flood that never empties the queue, so that the
 * files are written within a fraction of a second.
 */
final class LogWriter implements Runnable {
    /** A batch goes to the exporters at least this often, even while the queue never empties. */
    private static final long SUBMIT_EVERY_NANOS = 200_000_000L;
    private static final int MAX_BATCH = 4096;
    /**
     * A quiet queue hands the batch over once it is this old: under a flood that empties the queue
     * now and then, batches stay large, so that an exporter's bounded queue of batches holds seconds.
     */
    private static final long LINGER_NANOS = 5_000_000L;
    private static final long NAP_NANOS = 1_000_000L;

    private final BoundedQueue<EventBuilder> queue;
    private final LogJson json;
    private final ExportPipeline<LogEvent> pipeline;
    private final MetricFilters filters;
    private final List<TailSubscription> tails;
    private final Clock clock;
    private final Counter dropped;
    private final BiConsumer<String, Throwable> failed;
    final Thread thread;
    private final AtomicLong flushRequested = new AtomicLong();
    private volatile long submittedUpTo;
    volatile boolean running = true;
    /** Set while the writer sleeps long after a quiet spell; under load it naps briefly and nobody wakes it. */
    volatile boolean asleep;
    private final List<LogEvent> batch = new ArrayList<>();
    private long lastSubmit = System.nanoTime();
    private long lastEventNanos;

    LogWriter(BoundedQueue<EventBuilder> queue, LogJson json, ExportPipeline<LogEvent> pipeline, MetricFilters filters,
              List<TailSubscription> tails, Clock clock, Counter dropped, BiConsumer<String, Throwable> failed) {
        this.queue = queue;
        this.json = json;
        this.pipeline = pipeline;
        this.filters = filters;
        this.tails = tails;
        this.clock = clock;
        this.dropped = dropped;
        this.failed = failed;
        this.thread = new Thread(this, "monitor-logs");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Wakes the writer from a long sleep; an event's caller does this only after a quiet spell. */
    void wake() {
        asleep = false;
        LockSupport.unpark(thread);
    }

    /**
     * Waits until every event queued before this call has been handed to the exporters, at most
     * until {@code deadlineNanos}; false when that did not happen in time.
     */
    boolean submitQueued(long deadlineNanos) {
        long request = flushRequested.incrementAndGet();
        LockSupport.unpark(thread);
        while (submittedUpTo < request) {
            if (System.nanoTime() > deadlineNanos || !thread.isAlive()) {
                return false;
            }
            LockSupport.parkNanos(50_000);
        }
        return true;
    }

    /** Stops taking events once the queue is empty, hands over the last batch and waits for the thread, at most {@code timeout}. */
    void stop(Duration timeout) {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void run() {
        while (running || !queue.isEmpty()) {
            try {
                EventBuilder event = queue.poll();
                if (event != null) {
                    write(event);
                    if (batch.size() >= MAX_BATCH || lastEventNanos - lastSubmit > SUBMIT_EVERY_NANOS) {
                        // Under a steady flood the queue never empties: hand over on time anyway.
                        submit();
                    }
                    continue;
                }
                idle();
                if (running) {
                    rest();
                }
            } catch (Throwable failure) {
                failed.accept("monitor-logs", failure);
                // A failure that repeats (a tail whose pattern always throws) must not spin the CPU.
                LockSupport.parkNanos(NAP_NANOS);
            }
        }
        submit();
        submittedUpTo = Long.MAX_VALUE;
    }

    /**
     * Waits for events. Waking a parked thread costs the caller a system call, so a busy
     * writer naps for a millisecond and is never woken; only after a second without events
     * does it sleep long, and then the first event wakes it.
     */
    private void rest() {
        if (System.nanoTime() - lastEventNanos < 1_000_000_000L) {
            LockSupport.parkNanos(NAP_NANOS);
            return;
        }
        asleep = true;
        // An event offered before this check is seen here, and one offered after sees the flag and wakes us;
        // the queue's release stores may let a wake-up slip past, which costs at most this sleep.
        if (queue.isEmpty()) {
            LockSupport.parkNanos(100_000_000);
        }
        asleep = false;
    }

    private void idle() {
        Instant now = clock.instant();
        for (TailSubscription tail : tails) {
            tail.tick(now);
        }
        long requested = flushRequested.get();
        // Read after the request: events logged before it are visible here, and must be handed over first.
        if (!queue.isEmpty()) {
            return;
        }
        if (requested > submittedUpTo || System.nanoTime() - lastSubmit >= LINGER_NANOS) {
            submit();
            submittedUpTo = requested;
        }
    }

    private void submit() {
        if (!batch.isEmpty()) {
            pipeline.submit(batch); // which copies it
            batch.clear();
        }
        lastSubmit = System.nanoTime();
    }

    private void write(EventBuilder event) {
        lastEventNanos = System.nanoTime();
        boolean taken = false;
        try {
            JsonBytes line = json.encode(event);
            String group = event.target.group();
            String stream = event.target.stream();
            // The bytes and microseconds as encoded: the text and an Instant only for a filter, a tail or an exporter that asks.
            LogEvent encoded = LogEvent.encoded(group, stream, event.epochMicros, line.toByteArray());
            batch.add(encoded);
            taken = true;
            if (!filters.isEmpty()) {
                filters.apply(group, encoded.message());
            }
            for (TailSubscription tail : tails) {
                tail.offer(new LiveTail.Event(group, stream, encoded.timestamp(), encoded.message()));
            }
        } catch (Throwable failure) {
            if (!taken) { // a metric filter or live tail that failed after the hand-over lost nothing of the event
                dropped.increment();
            }
            throw failure;
        }
    }
}
