package dev.monitor.xray.internal;

import dev.monitor.api.metrics.Counter;
import dev.monitor.core.export.SegmentDocument;
import dev.monitor.core.export.internal.ExportPipeline;
import dev.monitor.core.internal.HandOffQueue;
import dev.monitor.core.internal.InternalErrors;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Not API. The tracer's emitter thread: application threads {@linkplain #offer offer} batches of
 * finished items into a {@link HandOffQueue} of items (never blocking; what finds it full is
 * dropped, counted); this thread writes each into
 * segment documents through its {@link Work} and hands the documents to the traces
 * {@link ExportPipeline}, whose exporters send them on threads of their own.
 *
 * <p>Documents are handed on as soon as the queue is drained, and under a steady backlog at least
 * once a second and every {@value #HAND_OFF_ITEMS} items, so that a crash loses at most about the
 * last second. The thread takes at most {@code share} of one core: after each chunk of up to
 * {@value #CHUNK_ITEMS} items (or 100 µs of work) it rests in proportion to the time the chunk took. It survives any Throwable of one iteration: that is
 * reported once and counted in {@code Monitor/InternalErrors} by the given {@link InternalErrors}.
 *
 * @param <E> what application threads hand over (the tracer's finished entities)
 */
public final class EmitterThread<E> {
    /**
     * How long the thread naps when it has nothing to write while segments keep coming: the most an
     * item waits. It naps unannounced, so producers never wake it: waking it per segment would cost
     * the application a system call each time the emitter has caught up.
     */
    private static final long NAP_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    /**
     * After this many naps in a row with nothing to write (about 100 ms), the thread sleeps
     * announced until its next tick, and the next offer wakes it: an idle tracer costs ten wake-ups a
     * second instead of two hundred (0.5% of a core on a small machine), and only the first segment
     * after a quiet spell pays for a wake-up.
     */
    private static final int NAPS_BEFORE_SLEEP = 20;
    /**
     * The longest rest after one chunk: a slow chunk (the JIT warming up, a metadata object that
     * takes long to write) must not hold back what follows for seconds, which a crash would then lose.
     */
    private static final long MAX_REST_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
    /** How often {@link Work#tick} runs. */
    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /** The longest written documents wait for the pipeline while a backlog keeps the queue from draining. */
    private static final long HAND_OFF_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** The most items written before their documents are handed on, under a backlog: bounds the batches. */
    static final int HAND_OFF_ITEMS = 256;
    /**
     * The most items written between two rests, and the longest such a chunk runs on (one slow
     * item ends it): the unit the thread's share of a core is kept in.
     */
    private static final int CHUNK_ITEMS = 32;
    private static final long CHUNK_NANOS = TimeUnit.MICROSECONDS.toNanos(100);
    private static final String FAILED =
            "the X-Ray emitter thread failed and continues; later failures are counted in Monitor/InternalErrors only";

    /** What the emitter thread does; called only on that thread. */
    public interface Work<E> {
        /** Adds the documents of {@code item} to {@code out}. */
        void write(E item, List<SegmentDocument> out);

        /** Periodic work, about every 100 ms (segments held too long): adds what it writes to {@code out}. */
        void tick(List<SegmentDocument> out);
    }

    private final String name;
    private final Work<E> work;
    private final ExportPipeline<SegmentDocument> pipeline;
    private final int capacity;
    private final double share;
    private final Counter dropped;
    private final InternalErrors internalErrors;
    /** Items waiting for the thread. */
    private final HandOffQueue<E> queue;
    private final Thread thread;
    private volatile boolean running = true;
    /**
     * How many items taken from the queue have had their documents handed on: {@link #awaitHandedOn}
     * waits for this to reach what the queue had accepted when it was called. Written by the thread only.
     */
    private volatile long handedOn;
    /** Written documents not yet handed on; only the emitter thread touches them. */
    private final List<SegmentDocument> ready = new ArrayList<>();
    /** Items taken from the queue, and those of them written since the last hand-off; the thread only. */
    private long taken;
    private int written;
    private long lastHandOff;
    /** Naps in a row that found nothing to write; the thread only. */
    private int idleNaps;

    /**
     * @param capacity how many items may wait (queued, or written but not handed on)
     * @param share    the most of one core the thread takes under a backlog, above 0 and at most 1
     * @param dropped  counts items that find the queue full or come after {@link #stop}
     */
    public EmitterThread(String name, Work<E> work, ExportPipeline<SegmentDocument> pipeline, int capacity, double share,
                         Counter dropped, InternalErrors internalErrors) {
        this.name = name;
        this.work = work;
        this.pipeline = pipeline;
        this.capacity = capacity;
        this.queue = new HandOffQueue<>(capacity);
        this.share = share;
        this.dropped = dropped;
        this.internalErrors = internalErrors.register(name);
        this.thread = new Thread(this::run, name);
        thread.setDaemon(true);
    }

    /** Starts the thread; once, after whatever {@link Work} uses has been made. */
    public void start() {
        thread.start();
    }

    /**
     * Queues a batch's items, or drops them (counted) when {@code capacity} items wait or the
     * thread was stopped: the items that fit are queued, the rest dropped. Never blocks; called on
     * application threads.
     */
    public void offer(List<E> batch) {
        for (int i = 0, size = batch.size(); i < size; i++) {
            // Accepted and not yet handed on: what is queued and what the thread is writing. Racy
            // between producers by a few items at most; the queue's own capacity is exact.
            if (!running || queue.accepted() - handedOn >= capacity || !queue.offer(batch.get(i))) {
                dropped.increment(size - i);
                return;
            }
        }
    }

    /**
     * Waits until every item queued so far has been written and its documents handed to the
     * pipeline, until {@code deadline} ({@link System#nanoTime()}). False when it passed or the thread ended.
     */
    public boolean awaitHandedOn(long deadline) {
        long target = queue.accepted();
        while (handedOn < target) {
            if (System.nanoTime() - deadline > 0 || !thread.isAlive()) {
                return false;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
        return true;
    }

    /** Stops taking items, writes and hands on what is queued, and waits for the thread at most {@code timeout}. */
    public void stop(Duration timeout) {
        running = false;
        queue.close(); // what comes later is refused; the thread writes what is queued
        try {
            thread.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        long lastTick = System.nanoTime();
        lastHandOff = lastTick;
        while (running || !queue.isEmpty()) {
            try {
                if (System.nanoTime() - lastTick >= TICK_NANOS) {
                    lastTick = System.nanoTime();
                    work.tick(ready);
                }
                E item = queue.poll();
                if (item == null) {
                    handOn(); // the queue is drained: what was written goes on before the nap
                    if (!running) {
                        Thread.yield(); // stopping: an offer claimed a slot and is filling it
                    } else if (++idleNaps < NAPS_BEFORE_SLEEP) {
                        LockSupport.parkNanos(NAP_NANOS);
                    } else {
                        sleepUntil(lastTick + TICK_NANOS);
                    }
                    continue;
                }
                idleNaps = 0;
                long began = System.nanoTime();
                int chunk = 0;
                try {
                    while (true) {
                        chunk++; // counted before the write: an item whose write throws is taken all the same
                        work.write(item, ready);
                        if (chunk == CHUNK_ITEMS || written + chunk >= HAND_OFF_ITEMS || ready.size() >= HAND_OFF_ITEMS
                                || System.nanoTime() - began >= CHUNK_NANOS || (item = queue.poll()) == null) {
                            break;
                        }
                    }
                } finally {
                    taken += chunk;
                    written += chunk;
                }
                long rest = restFor(System.nanoTime() - began);
                // Before resting: at once when the chunk emptied the queue, and under a steady backlog
                // at least once a second (counting the rest) and every HAND_OFF_ITEMS items.
                if (queue.isEmpty() || written >= HAND_OFF_ITEMS || ready.size() >= HAND_OFF_ITEMS
                        || System.nanoTime() + rest - lastHandOff >= HAND_OFF_NANOS) {
                    handOn();
                }
                rest(rest);
            } catch (Throwable t) {
                // One failed iteration (an Error while writing, even OutOfMemoryError) must not end tracing.
                internalErrors.report(name, t, FAILED);
            }
        }
        try {
            handOn();
        } catch (Throwable t) {
            internalErrors.report(name, t, FAILED);
        }
    }

    /** Hands the written documents to the pipeline (which never blocks); their items count as handed on. */
    private void handOn() {
        try {
            if (!ready.isEmpty()) {
                pipeline.submit(ready); // copies the list
            }
        } finally {
            ready.clear();
            lastHandOff = System.nanoTime();
            if (written > 0) {
                handedOn = taken; // once per hand-off: read by flushing threads
                written = 0;
            }
        }
    }

    /**
     * Keeps this thread within its share of a core: after {@code worked} nanoseconds it rests
     * {@code worked * (1 - share) / share}, at most {@link #MAX_REST_NANOS}. The application comes
     * first; under overload what cannot be queued meanwhile is dropped and counted rather than
     * taking more of its CPU.
     */
    private long restFor(long worked) {
        return share >= 1 ? 0 : Math.min(MAX_REST_NANOS, (long) (worked * (1 - share) / share));
    }

    /** Sleeps announced: until {@code deadline}, an offer or {@link #stop}. */
    private void sleepUntil(long deadline) {
        try {
            queue.await(deadline);
        } catch (InterruptedException e) {
            // nobody else has this thread: an interrupt only ends this sleep
        }
    }

    private void rest(long nanos) {
        long until = System.nanoTime() + nanos;
        for (long left = until - System.nanoTime(); left > 0 && running; left = until - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }
}
