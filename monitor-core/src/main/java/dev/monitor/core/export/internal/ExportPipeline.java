package dev.monitor.core.export.internal;

import dev.monitor.api.metrics.Counter;
import dev.monitor.api.metrics.Metrics;
import dev.monitor.api.metrics.Resolution;
import dev.monitor.api.metrics.Timer;
import dev.monitor.api.metrics.Unit;
import dev.monitor.core.export.Exporter;
import dev.monitor.core.export.Signal;
import dev.monitor.core.internal.HandOffQueue;
import dev.monitor.core.internal.InternalErrors;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Hands one signal's batches to each of its exporters. For signals that {@linkplain Signal#mayDrop()
 * may drop}, each exporter runs on a thread of its own behind a bounded queue, so that a slow or
 * failing exporter delays neither the others nor the signal's producer: a failed export is retried
 * with exponential backoff, and a batch that still fails, or that finds the queue full, is dropped
 * and counted. Audit records are never dropped: {@link #deliver} exports on the caller's thread
 * (the audit trail's delivery thread) and throws when an exporter still fails after its retries,
 * so the trail keeps the records for its next delivery.
 *
 * <p>Why a thread per exporter rather than the monitor's shared scheduler: an exporter may block
 * (a full disk, a network call with no timeout, a collector that stopped answering), and a blocked
 * task on a shared thread would stall every other exporter and the monitor's housekeeping with it.
 * With a lane each, a stuck exporter only fills its own queue: {@code ExportPipelinesTest} blocks one
 * exporter forever and checks that the others still export every batch and that {@link #close}
 * returns within its bound, naming what it abandoned.
 *
 * <p>Each exporter reports, in namespace {@code Monitor} with dimensions {@code Signal} and
 * {@code Exporter}: {@code ExporterErrors}, {@code ExporterLatency}, {@code Dropped} (items) and
 * {@code QueueDepth} (batches). A task that throws an {@link Error} (OutOfMemoryError) loses its
 * batch, counted in {@code Dropped} and in {@code InternalErrors} (dimension {@code Thread}); the
 * thread goes on with the next batch.
 *
 * <p>A producer may {@linkplain #lend lend} a batch instead of submitting it, to reuse its memory:
 * exporters that keep no items ({@link Exporter#keepsItems()}) share the lent items, and the
 * pipeline hands the batch back ({@link LentBatch#returned()}) once the last of them has returned
 * from it or dropped it; exporters that keep items get a copy of their own, made at once.
 *
 * @param <T> the signal's items
 */
public final class ExportPipeline<T> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ExportPipeline.class);
    /** Batches waiting per exporter: at one batch a second, over a minute of backlog. */
    public static final int QUEUE_CAPACITY = 100;

    private final Signal<T> signal;
    private final List<Lane<T>> lanes = new ArrayList<>();

    /**
     * Starts one lane per exporter: a thread and a queue for signals that may drop, none for audit.
     *
     * @param signal       the signal the exporters take
     * @param exporters    exporters by unique name
     * @param self         where the lanes' own metrics go (namespace {@code Monitor})
     * @param attempts     how many times a batch is tried before it is dropped (or, for audit, given back)
     * @param firstBackoff the wait before the first retry; it doubles for each further one
     */
    public ExportPipeline(Signal<T> signal, List<Named<T>> exporters, Metrics self, int attempts, Duration firstBackoff) {
        this(signal, exporters, self, attempts, firstBackoff, name -> false);
    }

    /**
     * As above, with the exporters' budgets: a batch of a signal that may drop, taken while
     * {@code overBudget} holds for its exporter's name, is dropped without calling the exporter and
     * counted in {@code Dropped} with {@code Reason=MonthlyBudget}.
     */
    public ExportPipeline(Signal<T> signal, List<Named<T>> exporters, Metrics self, int attempts, Duration firstBackoff,
                          Predicate<String> overBudget) {
        this.signal = signal;
        for (Named<T> named : exporters) {
            lanes.add(new Lane<>(signal, named, self, attempts, firstBackoff, overBudget));
        }
    }

    /** An exporter and its name. */
    public record Named<T>(String name, Exporter<T> exporter) {
    }

    /** Whether any exporter takes this signal: producers may skip preparing batches when none does. */
    /** Batches waiting per exporter, by name; the queue holds {@link #QUEUE_CAPACITY} at most. */
    public java.util.Map<String, Integer> backlog() {
        java.util.Map<String, Integer> backlog = new java.util.LinkedHashMap<>();
        for (Lane<T> lane : lanes) {
            backlog.put(lane.name, lane.queue.size());
        }
        return backlog;
    }

    public boolean hasExporters() {
        return !lanes.isEmpty();
    }

    /** Queues one batch for every exporter; never blocks. For signals that may drop. */
    public void submit(List<T> items) {
        requireMayDrop();
        if (items.isEmpty()) {
            return;
        }
        List<T> batch = List.copyOf(items);
        for (Lane<T> lane : lanes) {
            lane.submit(batch, null);
        }
    }

    /**
     * Queues a lent batch for every exporter; never blocks. For signals that may drop. Exporters
     * that keep no items share {@link LentBatch#items()}; each other one gets the one
     * {@link LentBatch#ownedCopy()}, made here. {@link LentBatch#returned()} is called once no
     * exporter will read the lent items again (at once, on this thread, when none took them): after
     * each such exporter has returned from the batch, after its retries, or when the batch was
     * dropped from its queue (full, stopped, abandoned at close). A {@link #flush} that returns
     * true saw every batch lent before it returned.
     */
    public void lend(LentBatch<T> batch) {
        requireMayDrop();
        List<T> items = batch.items();
        Loan loan = new Loan(batch); // held by this call until every lane has its share
        try {
            if (!items.isEmpty()) {
                List<T> owned = null;
                for (Lane<T> lane : lanes) {
                    if (lane.keepsItems) {
                        if (owned == null) {
                            owned = List.copyOf(batch.ownedCopy());
                        }
                        lane.submit(owned, null);
                    } else {
                        loan.hold();
                        lane.submit(items, loan);
                    }
                }
            }
        } finally {
            loan.release();
        }
    }

    private void requireMayDrop() {
        if (!signal.mayDrop()) {
            throw new IllegalStateException(signal + " is never dropped: deliver it with deliver(), which reports failures");
        }
    }

    /** A lent batch's holders: the lending call and each lane it is queued in. The last release hands it back. */
    private static final class Loan extends AtomicInteger {
        private final LentBatch<?> batch;

        Loan(LentBatch<?> batch) {
            super(1);
            this.batch = batch;
        }

        void hold() {
            incrementAndGet();
        }

        void release() {
            if (decrementAndGet() == 0) {
                try {
                    batch.returned();
                } catch (RuntimeException e) { // the producer's: it must not cost a lane its batch or the lender its call
                    LOG.warn("handing a lent batch back failed", e);
                }
            }
        }
    }

    /** One batch in a lane's queue, with the loan it releases once the lane is done with it (null for a batch of its own). */
    private record Batch<T>(List<T> items, Loan loan) {
        void release() {
            if (loan != null) {
                loan.release();
            }
        }
    }

    /**
     * Exports one batch to every exporter on this thread, each retried with backoff; for signals
     * that must not drop. Every exporter is tried even when one fails.
     *
     * @throws IOException naming the exporters that still failed; the caller keeps the batch and
     *                     offers it again later, so exporters that took it may see it twice
     */
    public void deliver(List<T> items) throws IOException, InterruptedException {
        if (items.isEmpty()) {
            return;
        }
        List<T> batch = List.copyOf(items);
        IOException failed = null;
        for (Lane<T> lane : lanes) {
            Exception cause = lane.exportWithRetries(batch);
            if (cause != null) {
                if (failed == null) {
                    failed = new IOException(signal + " exporter '" + lane.name + "' failed " + lane.attempts
                            + " times: " + cause, cause);
                } else {
                    failed.addSuppressed(cause);
                }
            }
        }
        if (failed != null) {
            throw failed;
        }
    }

    /**
     * Waits until every exporter has exported what was queued before this call and flushed it,
     * or until {@code timeout}. Returns whether all finished in time.
     */
    public boolean flush(Duration timeout) {
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (Lane<T> lane : lanes) {
            done.add(lane.requestFlush());
        }
        try {
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Exports what is queued, then closes every exporter, waiting at most 10 s in all. */
    @Override
    public void close() {
        List<String> abandoned = close(System.nanoTime() + Duration.ofSeconds(10).toNanos());
        if (!abandoned.isEmpty()) {
            LOG.warn("closing gave up after 10s on exporters that did not finish: {}", String.join("; ", abandoned));
        }
    }

    /** Asks every lane to export what is queued and close its exporter; returns at once. */
    void stop() {
        for (Lane<T> lane : lanes) {
            lane.stop();
        }
    }

    /**
     * Waits until every lane has stopped or {@code deadline} ({@link System#nanoTime()}) passed;
     * a lane still running then is interrupted and abandoned, its items counted as dropped.
     *
     * @return what was abandoned, one {@code <signal> exporter '<name>' (...)} per lane
     */
    List<String> awaitStopped(long deadline) {
        List<String> abandoned = new ArrayList<>();
        for (Lane<T> lane : lanes) {
            String left = lane.awaitStopped(deadline);
            if (left != null) {
                abandoned.add(left);
            }
        }
        return abandoned;
    }

    private List<String> close(long deadline) {
        stop();
        return awaitStopped(deadline);
    }

    /** One exporter's queue and thread (none for a signal that must not drop: it runs on the caller's). */
    private static final class Lane<T> implements Runnable {
        private final Signal<T> signal;
        private final String name;
        private final Exporter<T> exporter;
        /** What the exporter answered {@link Exporter#keepsItems()}: then it gets no lent items. */
        final boolean keepsItems;
        private final int attempts;
        private final Duration firstBackoff;
        /** Batches and flush requests; closed by {@link #stop()}. */
        private final HandOffQueue<Object> queue = new HandOffQueue<>(QUEUE_CAPACITY);
        /**
         * The lane's thread and {@link #awaitStopped} take from the queue in turns under this lock:
         * the queue has one consumer at a time, and a stuck thread that comes unstuck must find
         * what was abandoned gone rather than export it.
         */
        private final Object takeLock = new Object();
        /** Set by {@link #awaitStopped} when it gave up on the thread: the thread then takes nothing more. */
        private boolean abandoned;
        private final Thread thread;
        private final Counter errors;
        private final Counter dropped;
        private final Metrics self;
        private final Predicate<String> overBudget;
        /** Batches dropped over the exporter's monthly budget; registered at the first, so that an exporter without one adds no series. */
        private volatile Counter budgetDropped;
        private final Timer latency;
        private final InternalErrors internalErrors;
        private volatile boolean warnedFull;
        /** The batch being exported, for what {@link #awaitStopped} reports as abandoned. */
        private volatile List<T> current;
        /** What the thread is doing, for the warning about a lane that did not stop: export, flush or close. */
        private volatile String doing = "export";

        Lane(Signal<T> signal, Named<T> named, Metrics self, int attempts, Duration firstBackoff, Predicate<String> overBudget) {
            this.signal = signal;
            this.self = self;
            this.overBudget = overBudget;
            this.name = named.name();
            this.exporter = named.exporter();
            this.keepsItems = keepsItems(exporter);
            this.attempts = attempts;
            this.firstBackoff = firstBackoff;
            this.errors = self.counterBuilder("ExporterErrors").dimension("Signal", signal.name()).dimension("Exporter", name)
                    .resolution(Resolution.STANDARD).register();
            this.dropped = self.counterBuilder("Dropped").dimension("Signal", signal.name()).dimension("Exporter", name)
                    .resolution(Resolution.STANDARD).register();
            this.latency = self.timerBuilder("ExporterLatency").dimension("Signal", signal.name()).dimension("Exporter", name)
                    .resolution(Resolution.STANDARD).register();
            this.thread = new Thread(this, "monitor-export-" + signal.name() + "-" + name);
            this.internalErrors = new InternalErrors(self, ExportPipeline.class, Level.WARN).register(thread.getName());
            thread.setDaemon(true);
            if (signal.mayDrop()) {
                self.gaugeBuilder("QueueDepth").dimension("Signal", signal.name()).dimension("Exporter", name).unit(Unit.COUNT)
                        .resolution(Resolution.STANDARD).observe(queue::size);
                thread.start();
            }
        }

        /** Whether {@code exporter} may keep items; true, the safe answer, when it cannot say. */
        private static boolean keepsItems(Exporter<?> exporter) {
            try {
                return exporter.keepsItems();
            } catch (RuntimeException | LinkageError e) {
                LOG.warn("exporter {} failed to say whether it keeps items; it is given items of its own", exporter.getClass().getName(), e);
                return true;
            }
        }

        void submit(List<T> items, Loan loan) {
            Batch<T> batch = new Batch<>(items, loan);
            if (!queue.offer(batch)) { // full, or the lane was stopped
                batch.release();
                dropped.increment(items.size());
                if (!warnedFull) {
                    warnedFull = true;
                    LOG.warn("{} exporter '{}' is {} batches behind; dropped {} items, and further drops are only counted "
                            + "in Monitor/Dropped (Signal={}, Exporter={})", signal, name, QUEUE_CAPACITY, items.size(), signal, name);
                }
            }
        }

        CompletableFuture<Void> requestFlush() {
            CompletableFuture<Void> done = new CompletableFuture<>();
            if (!signal.mayDrop()) {
                flushExporter(); // the caller's thread is the one that exports
                done.complete(null);
            } else if (!thread.isAlive() || !queue.offer(done)) {
                done.completeExceptionally(new IllegalStateException("exporter '" + name + "' is not accepting work"));
            }
            return done;
        }

        /**
         * Asks the thread to export what is queued, then close the exporter; never waits. A signal
         * that must not drop has no thread of its own: one is started here only to close the exporter,
         * so that a stuck close is bounded like a stuck export.
         */
        void stop() {
            queue.close(); // the thread exports what is queued, then ends
            if (!signal.mayDrop() && thread.getState() == Thread.State.NEW) {
                thread.start();
            }
        }

        /** Waits for the thread until {@code deadline}; if it still runs, interrupts it and says what it abandoned. */
        String awaitStopped(long deadline) {
            try {
                long wait = deadline - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.timedJoin(thread, wait);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (!thread.isAlive()) {
                // An offer that raced the stop may have been accepted after the thread's last look: counted, and lent memory handed back.
                synchronized (takeLock) {
                    for (Object task = queue.poll(); task != null; task = queue.poll()) {
                        if (task instanceof Batch<?> batch) {
                            dropped.increment(batch.items().size());
                            batch.release();
                        } else if (task instanceof CompletableFuture<?> flush) {
                            flush.completeExceptionally(new IllegalStateException("exporter '" + name + "' had stopped"));
                        }
                    }
                }
                return null;
            }
            String stuckIn = doing;
            int batches = 0;
            long items = 0;
            List<T> exporting = current;
            if (exporting != null) { // counted as dropped, never handed back: whether that export ever returns is not known
                batches++;
                items += exporting.size();
            }
            List<Object> left = new ArrayList<>();
            synchronized (takeLock) { // taken from the thread too: should it come unstuck, it stops instead of exporting them
                abandoned = true;
                for (Object task = queue.poll(); task != null; task = queue.poll()) {
                    left.add(task);
                }
            }
            for (Object task : left) {
                if (task instanceof Batch<?> batch) {
                    batches++;
                    items += batch.items().size();
                    batch.release(); // never exported: no exporter reads it
                } else if (task instanceof CompletableFuture<?> flush) {
                    flush.completeExceptionally(new IllegalStateException("exporter '" + name + "' was abandoned at close"));
                }
            }
            if (items > 0) {
                dropped.increment(items);
            }
            thread.interrupt();
            return signal + " exporter '" + name + "' (stuck in " + stuckIn + ", " + batches + (batches == 1 ? " batch, " : " batches, ")
                    + items + (items == 1 ? " item" : " items") + " not exported)";
        }

        @Override
        public void run() {
            try {
                while (true) {
                    Object task = next();
                    if (task == null) {
                        break; // stopped, and everything queued is exported
                    }
                    try {
                        runTask(task);
                    } catch (InterruptedException e) {
                        throw e;
                    } catch (Throwable e) { // OutOfMemoryError included: one task must not end the thread
                        survive(task, e);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                closeExporter();
            }
        }

        /** The next batch or flush request, sleeping until one comes; null once stopped and empty, or abandoned. */
        private Object next() throws InterruptedException {
            while (true) {
                synchronized (takeLock) {
                    if (abandoned) {
                        return null;
                    }
                    Object task = queue.poll();
                    if (task != null) {
                        return task;
                    }
                }
                if (!queue.await()) { // returns when an item comes or the queue is closed
                    return null;
                }
            }
        }

        private void closeExporter() {
            doing = "close";
            try {
                exporter.close();
            } catch (Exception e) {
                errors.increment();
                LOG.warn("{} exporter '{}' failed to close", signal, name, e);
            }
        }

        private void runTask(Object task) throws InterruptedException {
            if (task instanceof CompletableFuture<?> flush) {
                doing = "flush";
                flushExporter();
                doing = "export";
                flush.complete(null);
            } else {
                @SuppressWarnings("unchecked")
                Batch<T> batch = (Batch<T>) task;
                if (overBudget.test(name)) {
                    budgetDropped().increment(batch.items().size());
                    batch.release();
                    return;
                }
                current = batch.items();
                try {
                    if (exportWithRetries(batch.items()) != null) {
                        dropped.increment(batch.items().size());
                    }
                } finally {
                    current = null;
                    batch.release(); // the exporter has returned (or thrown): it reads the items no more
                }
            }
        }

        private Counter budgetDropped() {
            Counter counter = budgetDropped;
            if (counter == null) {
                counter = self.counterBuilder("Dropped").dimension("Signal", signal.name()).dimension("Exporter", name)
                        .dimension("Reason", "MonthlyBudget").resolution(Resolution.STANDARD).register();
                budgetDropped = counter;
            }
            return counter;
        }

        /** Counts a task that threw past the retries (an Error), drops its batch, logs the first one. */
        private void survive(Object task, Throwable e) {
            internalErrors.report(thread.getName(), e, "exporter '{}' threw {} and dropped that batch; the thread goes on, "
                    + "and further such failures are only counted in Monitor/InternalErrors (Thread={})", name, e, thread.getName());
            if (task instanceof CompletableFuture<?> flush) {
                flush.completeExceptionally(e);
            } else if (task instanceof Batch<?> batch) {
                dropped.increment(batch.items().size()); // handed back by runTask already
            }
        }

        /** Exports with retries; null when it worked, else the last failure (logged, counted; not yet as a drop). */
        Exception exportWithRetries(List<T> batch) throws InterruptedException {
            Duration backoff = firstBackoff;
            for (int attempt = 1; ; attempt++) {
                long start = System.nanoTime();
                try {
                    exporter.export(batch);
                    latency.recordNanos(System.nanoTime() - start);
                    return null;
                } catch (Exception | LinkageError e) {
                    errors.increment();
                    Exception failure = e instanceof Exception exception ? exception : new IOException(e);
                    if (attempt >= attempts) {
                        LOG.warn("{} exporter '{}' failed {} times; {} a batch of {}", signal, name, attempts,
                                signal.mayDrop() ? "dropped" : "the trail keeps for its next delivery", batch.size(), e);
                        return failure;
                    }
                    LOG.debug("{} exporter '{}' failed (attempt {} of {}), retrying in {}", signal, name, attempt, attempts, backoff, e);
                    Thread.sleep(backoff.toMillis());
                    backoff = backoff.multipliedBy(2);
                }
            }
        }

        private void flushExporter() {
            try {
                exporter.flush();
            } catch (Exception e) {
                errors.increment();
                LOG.warn("{} exporter '{}' failed to flush", signal, name, e);
            }
        }
    }
}
