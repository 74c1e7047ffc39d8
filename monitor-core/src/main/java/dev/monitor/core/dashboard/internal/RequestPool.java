package dev.monitor.core.dashboard.internal;

import dev.monitor.api.metrics.Counter;
import dev.monitor.api.metrics.Metrics;
import dev.monitor.core.internal.InternalErrors;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The dashboard server's workers: a fixed number of daemon threads with a bounded queue, and a
 * watchdog that interrupts a request not answered by its deadline, counted from when the JDK's
 * dispatcher handed it over. The JDK's server reads a
 * request's headers on the worker, so without the watchdog one client that never finishes its
 * headers would hold a worker for ever; the interrupt closes that client's channel and frees it.
 * The watchdog is a short task on the monitor's tick lane (it only walks the running requests), not
 * a thread of its own.
 */
final class RequestPool implements Executor {

    private final ThreadPoolExecutor workers;
    private final ScheduledFuture<?> watchdog;
    private final Set<Running> running = ConcurrentHashMap.newKeySet();
    private final long timeoutNanos;
    private final Counter timedOut;
    private final Counter rejected;
    private final InternalErrors watchdogErrors;

    /** {@code ticks} runs the watchdog; its owner shuts it down, the pool only cancels its task. */
    RequestPool(int threads, int queueCapacity, Duration timeout, Metrics self, ScheduledExecutorService ticks) {
        this.timeoutNanos = timeout.toNanos();
        this.timedOut = self.counter("DashboardRequestsTimedOut");
        this.rejected = self.counter("DashboardRequestsRejected");
        this.watchdogErrors = new InternalErrors(self, RequestPool.class).register("monitor-dashboard-watchdog");
        this.workers = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(queueCapacity), daemon("monitor-dashboard-"), (task, pool) -> {
                    rejected.increment();
                    // The JDK's dispatcher closes the connection of a request it cannot hand over.
                    throw new RejectedExecutionException("the dashboard has " + queueCapacity + " requests waiting");
                });
        long every = Math.max(20, timeout.toMillis() / 4);
        this.watchdog = ticks.scheduleWithFixedDelay(this::interruptOverdue, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public void execute(Runnable exchange) {
        long queued = System.nanoTime();
        workers.execute(() -> {
            // The deadline counts from the hand-over: time spent waiting behind slow clients counts too.
            Running task = new Running(Thread.currentThread(), queued);
            running.add(task);
            if (System.nanoTime() - queued > timeoutNanos && task.interrupt()) {
                timedOut.increment(); // its first read fails at once and the JDK closes the connection
            }
            try {
                exchange.run();
            } finally {
                running.remove(task);
                task.finish();
            }
        });
    }

    /** Stops the workers and the watchdog, waiting a moment for the workers to end. */
    void shutdown() {
        watchdog.cancel(false);
        workers.shutdownNow();
        try {
            workers.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void interruptOverdue() {
        try {
            long now = System.nanoTime();
            for (Running task : running) {
                if (now - task.started > timeoutNanos && task.interrupt()) {
                    timedOut.increment();
                }
            }
        } catch (Throwable e) { // the watchdog must outlive any one round, even an OutOfMemoryError
            watchdogErrors.report("monitor-dashboard-watchdog", e, "the dashboard's watchdog failed a round; it goes on "
                    + "(further failures are only counted in Monitor/InternalErrors)");
        }
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, name.endsWith("-") ? name + count.incrementAndGet() : name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** One request on a worker; interrupted at most once, and never after it finished. */
    private static final class Running {
        final Thread thread;
        final long started;
        private boolean finished;

        Running(Thread thread, long started) {
            this.thread = thread;
            this.started = started;
        }

        synchronized boolean interrupt() {
            if (finished) {
                return false;
            }
            finished = true; // once is enough: the channel closes and the read ends
            thread.interrupt();
            return true;
        }

        /** Called on the worker itself: an interrupt that came too late must not reach the next request. */
        synchronized void finish() {
            finished = true;
            Thread.interrupted();
        }
    }
}
