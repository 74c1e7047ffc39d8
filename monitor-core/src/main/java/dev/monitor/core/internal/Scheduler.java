package dev.monitor.core.internal;

import dev.monitor.api.metrics.Metrics;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.event.Level;

/**
 * Not API: the monitor's periodic and background work, on two threads shared by every capability
 * instead of a thread per job.
 *
 * <ul>
 *   <li>The tick lane ({@value #THREAD}): short tasks that must run on time, such as the metric
 *       collector ({@link #aligned}) and the dashboard's watchdog ({@link #ticks()}). A task here
 *       must not block on I/O: it would make the collector's next tick late.</li>
 *   <li>The I/O lane ({@value #IO_THREAD}, started at its first task): work that writes, forces
 *       or compresses files, one task at a time in the order given: the audit trail's delivery,
 *       digests and insights, and the log files' compression ({@link #io()}). A long task here
 *       delays the next one on this lane only, never a tick.</li>
 * </ul>
 *
 * <p>Why two lanes and not one: measured in {@code monitor-benchmarks} ({@code SchedulerLateness},
 * RESULTS.md, 2026-12-02), the audit trail's deliveries and digests on the tick thread made 50 ms
 * ticks late by a median of 0.6 to 0.8 s, up to 3.5 s, and a 64 MB gzip in one task by its whole
 * length; on the I/O lane the ticks kept their time. Why no third thread for the gzip: in 1 MB steps
 * (see {@code RollingFile}) an audit flush queued behind it waited 0.2 to 0.3 s, as long as with the
 * gzip on a thread of its own. Work that hands items off as they come (the export pipelines'
 * consumers, the audit journal's writer, the log writer, live tail, the X-Ray emitter) is not
 * periodic and keeps threads of its own.
 *
 * <p>Every task is guarded: a {@link Throwable} it throws, even an {@link OutOfMemoryError}, is
 * counted in {@code Monitor/InternalErrors} (dimension {@code Thread}, the lane's thread; the counter
 * appears with a lane's first failure, so that a trail with a scheduler of its own adds no series),
 * the first one is logged naming the task, and a periodic task keeps its schedule.
 *
 * <p>The lanes given out by {@link #ticks()} and {@link #io()} cannot be shut down by the code
 * they are given to: each cancels the tasks it scheduled, and the monitor closes the scheduler.
 *
 * <p>Thread-safe.
 */
public final class Scheduler implements AutoCloseable {
    /** The name of the tick lane's thread, and the {@code Thread} dimension of its failures. */
    public static final String THREAD = "monitor-scheduler";
    /** The name of the I/O lane's thread, and the {@code Thread} dimension of its failures. */
    public static final String IO_THREAD = "monitor-scheduler-io";

    private final InternalErrors errors;
    private final ScheduledThreadPoolExecutor tickExecutor;
    private final ScheduledThreadPoolExecutor ioExecutor;
    private final Lane ticks;
    private final Lane io;

    /** Makes both lanes, whose threads start with their first task; failures of tasks are counted in {@code self} (Monitor's own namespace). */
    public Scheduler(Metrics self) {
        this.errors = new InternalErrors(self, Scheduler.class, Level.WARN);
        this.tickExecutor = executor(THREAD);
        this.ioExecutor = executor(IO_THREAD);
        this.ticks = new Lane(tickExecutor, THREAD);
        this.io = new Lane(ioExecutor, IO_THREAD);
    }

    private static ScheduledThreadPoolExecutor executor(String thread) {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, task -> {
            Thread t = new Thread(task, thread);
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true); // a cancelled periodic task leaves the queue at once
        executor.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
        return executor;
    }

    /**
     * The tick lane, for short tasks that must run on time. Runnables given to it are guarded like
     * {@link #every}'s; it refuses {@code shutdown}: cancel the futures it returns instead.
     */
    public ScheduledExecutorService ticks() {
        return ticks;
    }

    /**
     * The I/O lane, for work that blocks on files: one task at a time, in the order given.
     * Runnables given to it are guarded like {@link #every}'s; it refuses {@code shutdown}: cancel
     * the futures it returns instead.
     */
    public ScheduledExecutorService io() {
        return io;
    }

    /** Runs {@code task} on the tick lane every {@code period}, the first time after one period; cancel the result to stop it. */
    public ScheduledFuture<?> every(String name, Duration period, Runnable task) {
        requirePositive(period);
        Runnable guarded = guard(THREAD, name, task);
        try {
            return tickExecutor.scheduleAtFixedRate(guarded, period.toNanos(), period.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closed) {
            return null; // closed: a closing monitor schedules nothing more
        }
    }

    /**
     * Runs {@code task} on the tick lane just after each multiple of {@code period} on the wall clock
     * ({@code millis}, epoch milliseconds), {@code lag} later: a tick at an arbitrary phase would put
     * values recorded early in a second into the period of the second before. Each run is scheduled
     * from the clock after the last one ended, so the phase never drifts.
     */
    public void aligned(String name, Duration period, Duration lag, LongSupplier millis, Runnable task) {
        requirePositive(period);
        Objects.requireNonNull(millis, "millis");
        new AlignedTick(guard(THREAD, name, task), Math.max(1, period.toMillis()), lag.toMillis(), millis).schedule();
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
                tickExecutor.schedule(this, delay, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException closed) {
                // closed: no more ticks
            }
        }
    }

    private Runnable guard(String thread, String name, Runnable task) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(task, "task");
        return () -> {
            try {
                task.run();
            } catch (Throwable e) { // OutOfMemoryError included: the thread and the schedule must go on
                errors.report(thread, e, "the periodic task '{}' threw {}; it keeps its schedule, and further failures "
                        + "are only counted in Monitor/InternalErrors (Thread=" + thread + ")", name, e);
            }
        };
    }

    private static void requirePositive(Duration period) {
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("period " + period + " must be positive");
        }
    }

    /**
     * Stops the tick lane: no tick starts after this returns, and one running is waited for at most
     * {@code timeout}. The I/O lane goes on until {@link #close(Duration)}, so that what closing
     * capabilities still hand it (a last compression) runs.
     *
     * @return whether the tick lane had ended in time (false: a tick is still running, abandoned)
     */
    public boolean stopTicks(Duration timeout) {
        tickExecutor.shutdownNow();
        return await(tickExecutor, timeout.toNanos());
    }

    /**
     * Stops every task of both lanes, waiting at most {@code timeout} in all for those running;
     * whether both lanes had ended by then. A task still running is interrupted and abandoned.
     */
    public boolean close(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        tickExecutor.shutdownNow();
        ioExecutor.shutdownNow();
        boolean ticksEnded = await(tickExecutor, deadline - System.nanoTime());
        return await(ioExecutor, deadline - System.nanoTime()) && ticksEnded;
    }

    private static boolean await(ScheduledThreadPoolExecutor executor, long nanos) {
        try {
            return executor.awaitTermination(Math.max(0, nanos), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }

    /**
     * One lane as a {@link ScheduledExecutorService} for the code given it: each Runnable guarded,
     * shutdown refused (the scheduler's owner closes it).
     */
    private final class Lane extends AbstractExecutorService implements ScheduledExecutorService {
        private final ScheduledThreadPoolExecutor executor;
        private final String thread;

        Lane(ScheduledThreadPoolExecutor executor, String thread) {
            this.executor = executor;
            this.thread = thread;
        }

        private Runnable guarded(Runnable task) {
            return guard(thread, thread + " task", task);
        }

        @Override
        public void execute(Runnable command) {
            executor.execute(guarded(command));
        }

        @Override
        public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
            return executor.schedule(guarded(command), delay, unit);
        }

        @Override
        public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
            return executor.schedule(callable, delay, unit);
        }

        @Override
        public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
            return executor.scheduleAtFixedRate(guarded(command), initialDelay, period, unit);
        }

        @Override
        public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
            return executor.scheduleWithFixedDelay(guarded(command), initialDelay, delay, unit);
        }

        @Override
        public void shutdown() {
            throw new UnsupportedOperationException(thread + " is shared: cancel the tasks you scheduled; the monitor closes the lane");
        }

        @Override
        public List<Runnable> shutdownNow() {
            throw new UnsupportedOperationException(thread + " is shared: cancel the tasks you scheduled; the monitor closes the lane");
        }

        @Override
        public boolean isShutdown() {
            return executor.isShutdown();
        }

        @Override
        public boolean isTerminated() {
            return executor.isTerminated();
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
            return executor.awaitTermination(timeout, unit);
        }
    }
}
