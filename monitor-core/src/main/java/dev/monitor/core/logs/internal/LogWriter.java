package dev.monitor.core.logs.internal;

import dev.monitor.api.metrics.Counter;
import dev.monitor.core.export.LogEvent;
import dev.monitor.core.export.internal.ExportPipeline;
import dev.monitor.core.internal.BoundedQueue;
import dev.monitor.core.internal.HandOffQueue;
import dev.monitor.core.internal.JsonBytes;
import dev.monitor.core.logs.LiveTail;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
 *
 * <p>Batches are {@linkplain ExportPipeline#lend lent} ({@link LogBatch}): the pipeline hands each
 * back once its exporters are done with it, and the writer reuses its buffers for a later batch.
 * A few batches wait in a pool while events flow; after a quiet second the pool is emptied, so an
 * idle monitor keeps none of that memory.
 *
 * <p>Waiting: waking a sleeping thread costs the producer a system call, so a busy writer
 * {@linkplain HandOffQueue#nap naps} for a millisecond, unannounced, and nobody wakes it for an
 * event; only after a second without events does it {@linkplain HandOffQueue#await sleep} until the
 * next event (or 100 ms, for the live tails' ticks). A flush or a stop {@linkplain HandOffQueue#wake
 * wakes} it from either.
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
    /** After this long without events the writer sleeps until the next one, and lets its pooled batches go. */
    private static final long QUIET_NANOS = 1_000_000_000L;
    /** The longest a quiet writer sleeps: live tails tick on its thread. */
    private static final long SLEEP_NANOS = 100_000_000L;
    /** Batches handed back and waiting for reuse: more than the few a flow keeps lent at once. */
    static final int POOLED_BATCHES = 4;

    private final HandOffQueue<EventBuilder> queue;
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
    private volatile boolean running = true;
    /** Batches the pipeline handed back, emptied, for the writer to fill again; any thread offers, the writer takes. */
    private final BoundedQueue<LogBatch> pool = new BoundedQueue<>(POOLED_BATCHES);
    /** The batch being filled; null between a hand-over and the next event. */
    private LogBatch batch;
    private long lastSubmit = System.nanoTime();
    private long lastEventNanos;

    LogWriter(HandOffQueue<EventBuilder> queue, LogJson json, ExportPipeline<LogEvent> pipeline, MetricFilters filters,
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

    /**
     * The caller's side: queues {@code event}, or counts it as dropped when the queue is full or the
     * writer stopped. One offer, and a wake-up only for the first event after a quiet spell.
     */
    void offer(EventBuilder event) {
        if (!queue.offer(event)) {
            dropped.increment();
        }
    }

    /**
     * Waits until every event queued before this call has been handed to the exporters, at most
     * until {@code deadlineNanos}; false when that did not happen in time.
     */
    boolean submitQueued(long deadlineNanos) {
        long request = flushRequested.incrementAndGet();
        queue.wake();
        while (submittedUpTo < request) {
            if (System.nanoTime() > deadlineNanos || !thread.isAlive()) {
                return false;
            }
            LockSupport.parkNanos(50_000);
        }
        return true;
    }

    /**
     * Refuses further events (counted as dropped), writes what is queued, hands over the last batch
     * and waits for the thread, at most {@code timeout}.
     */
    void stop(Duration timeout) {
        running = false;
        queue.close(); // offers fail from now on; the writer takes what is queued, then ends
        try {
            thread.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!thread.isAlive()) {
            // An offer racing the close may have been accepted after the writer's last look: counted, never lost silently.
            for (EventBuilder late = queue.poll(); late != null; late = queue.poll()) {
                dropped.increment();
            }
        }
    }

    @Override
    public void run() {
        while (running || !queue.isEmpty()) {
            try {
                EventBuilder event = queue.poll();
                if (event != null) {
                    write(event);
                    if (batch != null && batch.size() >= MAX_BATCH || lastEventNanos - lastSubmit > SUBMIT_EVERY_NANOS) {
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
     * Waits for events: a busy writer naps for a millisecond, which no event interrupts; after a
     * second without events it lets its pooled batches go and sleeps until the next event comes.
     */
    private void rest() throws InterruptedException {
        long now = System.nanoTime();
        if (now - lastEventNanos < QUIET_NANOS) {
            queue.nap(now + NAP_NANOS);
            return;
        }
        while (pool.poll() != null) {
            // an idle writer keeps no buffers: the garbage collector takes them
        }
        queue.await(now + SLEEP_NANOS);
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
        LogBatch lent = batch;
        if (lent != null && !lent.isEmpty()) {
            batch = null; // the pipeline hands it back to the pool once its exporters are done with it
            pipeline.lend(lent);
        }
        lastSubmit = System.nanoTime();
    }

    /** The batch to add to: the one being filled, else one from the pool, else a new one. */
    private LogBatch batch() {
        LogBatch current = batch;
        if (current == null) {
            current = pool.poll();
            if (current == null) {
                current = new LogBatch(pool);
            }
            batch = current;
        }
        return current;
    }

    private void write(EventBuilder event) {
        lastEventNanos = System.nanoTime();
        boolean taken = false;
        try {
            JsonBytes line = json.encode(event);
            String group = event.target.group();
            String stream = event.target.stream();
            // The bytes and microseconds as encoded, copied into the batch's reused chunks: the text and an
            // Instant only for a filter, a tail or an exporter that asks.
            LogEvent encoded = batch().add(group, stream, event.epochMicros, line.array(), line.size());
            taken = true;
            if (!filters.isEmpty()) {
                filters.apply(group, encoded.message());
            }
            if (!tails.isEmpty()) { // no iterator per event when nobody tails
                for (TailSubscription tail : tails) {
                    tail.offer(new LiveTail.Event(group, stream, encoded.timestamp(), encoded.message()));
                }
            }
        } catch (Throwable failure) {
            if (!taken) { // a metric filter or live tail that failed after the hand-over lost nothing of the event
                dropped.increment();
            }
            throw failure;
        }
    }
}
