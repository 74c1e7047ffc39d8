package dev.monitor.core.internal;

import dev.monitor.api.metrics.Metrics;
import dev.monitor.core.internal.InternalErrors;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.event.Level;

/**
 * Not API: the monitor's one thread for periodic housekeeping ({@value #THREAD}), shared by every
 * capability's short periodic tasks so that a monitor does not start a thread per job. A task
 * must be short and must not block on I/O it does not own: it delays every other task. Work that
 * can block (exporting, writing files, delivering audit records) keeps a thread of its own.
 *
 * <p>Every task is guarded: a {@link Throwable} it throws, even an {@link OutOfMemoryError}, is
 * counted in {@code Monitor/InternalErrors} (dimension {@code Thread=monitor-scheduler}), the first
 * one is logged naming the task, and the task keeps its schedule.
 *
 * <p>Thread-safe.
 */
public final class Scheduler implements AutoCloseable {
    /** The name of the scheduler's thread, and the {@code Thread} dimension of its failures. */
    public static final String THREAD = "monitor-scheduler";

    private final ScheduledExecutorService executor;
    private final InternalErrors errors;

    /** Starts the thread; failures of tasks are counted in {@code self} (Monitor's own namespace). */
    public Scheduler(Metrics self) {
        this.errors = new InternalErrors(self, Scheduler.class, Level.WARN).register(THREAD);
        this.executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, THREAD);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Runs {@code task} every {@code period}, the first time after one period. */
    public void every(String name, Duration period, Runnable task) {
        requirePositive(period);
        Runnable guarded = guard(name, task);
        try {
            executor.scheduleAtFixedRate(guarded, period.toNanos(), period.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closed) {
            // closed: a closing monitor schedules nothing more
        }
    }

    /**
     * Runs {@code task} just after each multiple of {@code period} on the wall clock
     * ({@code millis}, epoch milliseconds), {@code lag} later: a tick at an arbitrary phase would put
     * values recorded early in a second into the period of the second before. Each run is scheduled
     * from the clock after the last one ended, so the phase never drifts.
     */
    public void aligned(String name, Duration period, Duration lag, LongSupplier millis, Runnable task) {
        requirePositive(period);
        Objects.requireNonNull(millis, "millis");
        new AlignedTick(guard(name, task), Math.max(1, period.toMillis()), lag.toMillis(), millis).schedule();
    }

    /** One aligned task: runs, then schedules its next run from the clock. */
    private final class AlignedTick implements Runnable {
        private final Runnable task;
        private final long every;
        private final long lag;
        private final LongSupplier millis;

        AlignedTick(Runnable task, long every, long lag, LongSupplier millis) {
            this.task = task;
            this.every = every;
            this.lag = lag;
            this.millis = millis;
        }

        @Override
        public void run() {
            task.run();
            schedule();
        }

        void schedule() {
            long delay = every - Math.floorMod(millis.getAsLong(), every) + lag;
            try {
                executor.schedule(this, delay, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException closed) {
                // closed: no more ticks
            }
        }
    }

    private Runnable guard(String name, Runnable task) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(task, "task");
        return () -> {
            try {
                task.run();
            } catch (Throwable e) { // OutOfMemoryError included: the thread and the schedule must go on
                errors.report(THREAD, e, "the periodic task '{}' threw {}; it keeps its schedule, and further failures "
                        + "are only counted in Monitor/InternalErrors (Thread=" + THREAD + ")", name, e);
            }
        };
    }

    private static void requirePositive(Duration period) {
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("period " + period + " must be positive");
        }
    }

    /** Stops every task, waiting at most {@code timeout} for one that is running. */
    public void close(Duration timeout) {
        executor.shutdownNow();
        try {
            executor.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }
}
