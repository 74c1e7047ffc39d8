package dev.monitor.core.alarms.internal;

import dev.monitor.api.metrics.Metrics;
import dev.monitor.core.internal.HandOffQueue;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs alarm actions off the evaluating thread, in lanes: each alarm's actions go to one lane
 * (by its name), so they run in the order of its transitions (a callback sees ALARM before the OK
 * that followed), while other alarms' run beside them. Each lane is one thread (started with its
 * first action) behind a bounded {@link HandOffQueue}; each attempt runs on its own worker under a timeout, failures are retried with doubling
 * backoff. A full queue drops the task and counts it ({@code Monitor/AlarmActionsDropped}), so
 * alarm evaluation never waits for an action.
 */
final class ActionRunner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ActionRunner.class);

    /** One action to run; throws to ask for a retry. */
    interface Task {
        void run() throws Exception;
    }

    private static final int LANES = 2;

    private final Lane[] lanes = new Lane[LANES];
    private final ThreadPoolExecutor attempts;
    private final int maxAttempts;
    private final Duration timeout;
    private final Duration firstBackoff;
    private final Metrics self;
    /** Tasks submitted and not yet finished: the executors' own counts can miss one being handed over. */
    private final AtomicInteger pending = new AtomicInteger();

    ActionRunner(int maxAttempts, Duration timeout, Duration firstBackoff, int queueCapacity, Metrics self) {
        this.maxAttempts = maxAttempts;
        this.timeout = timeout;
        this.firstBackoff = firstBackoff;
        this.self = self;
        for (int i = 0; i < LANES; i++) {
            lanes[i] = new Lane("monitor-alarm-actions-" + (i + 1), Math.max(1, queueCapacity / LANES));
        }
        // Attempts get their own threads so that a hung action can be abandoned after its timeout.
        this.attempts = new ThreadPoolExecutor(0, 16, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                daemon("monitor-alarm-action-attempt"), new ThreadPoolExecutor.AbortPolicy());
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** One lane: a queue of actions and the thread that runs them in order. */
    private static final class Lane implements Runnable {
        private final HandOffQueue<Runnable> queue;
        private final Thread thread;
        private final AtomicBoolean started = new AtomicBoolean();

        Lane(String name, int capacity) {
            this.queue = new HandOffQueue<>(capacity);
            this.thread = new Thread(this, name);
            thread.setDaemon(true);
        }

        /** False when the queue is full or the runner closed. */
        boolean offer(Runnable action) {
            if (!queue.offer(action)) {
                return false;
            }
            if (!started.get() && started.compareAndSet(false, true)) {
                thread.start();
            }
            return true;
        }

        @Override
        public void run() {
            try {
                for (Runnable action = queue.take(); action != null; action = queue.take()) {
                    try {
                        action.run();
                    } catch (RuntimeException | Error e) { // one action's failure must not end the lane
                        LOG.warn("an alarm action failed past its retries", e);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // close gave up waiting: what is queued is abandoned
            }
        }

        /** Refuses new actions; the thread runs what is queued, then ends. */
        void close() {
            queue.close();
        }

        /** Waits until the thread ended, at most until {@code deadline} ({@link System#nanoTime()}); then interrupts it. */
        void awaitEnd(long deadline) throws InterruptedException {
            if (!started.get()) {
                return;
            }
            long wait = deadline - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.timedJoin(thread, wait);
            }
            if (thread.isAlive()) {
                thread.interrupt();
            }
        }
    }

    /**
     * Queues {@code task} behind the earlier tasks of the same {@code order} (an alarm's name);
     * {@code onDone} receives null on success or the last failure.
     *
     * @return false when the queue was full and the task was dropped
     */
    boolean submit(String order, String description, Task task, Consumer<Exception> onDone) {
        pending.incrementAndGet();
        boolean queued = lanes[Math.floorMod(order.hashCode(), LANES)].offer(() -> {
            try {
                onDone.accept(runWithRetries(description, task));
            } finally {
                pending.decrementAndGet();
            }
        });
        if (!queued) {
            pending.decrementAndGet();
            self.counter("AlarmActionsDropped").increment();
            LOG.warn("alarm action queue is full; dropped {}", description);
        }
        return queued;
    }

    private Exception runWithRetries(String description, Task task) {
        Exception last = null;
        long backoff = firstBackoff.toMillis();
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            long start = System.nanoTime();
            try {
                Future<?> future = attempts.submit(() -> {
                    task.run();
                    return null;
                });
                try {
                    future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                    self.timer("AlarmActionLatency").recordNanos(System.nanoTime() - start);
                    return null;
                } catch (TimeoutException e) {
                    future.cancel(true);
                    last = new TimeoutException(description + " did not finish within " + timeout);
                } catch (ExecutionException e) {
                    last = e.getCause() instanceof Exception cause ? cause : e;
                }
            } catch (RejectedExecutionException e) {
                last = new IllegalStateException("too many alarm actions are hanging; " + description + " was not started");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return e;
            }
            self.counter("AlarmActionErrors").increment();
            if (attempt < maxAttempts) {
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return e;
                }
                backoff *= 2;
            }
        }
        LOG.warn("{} failed after {} attempts: {}", description, maxAttempts, last.toString());
        return last;
    }

    /** Waits up to {@code timeout} for queued actions to finish. */
    boolean awaitIdle(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            if (pending.get() == 0) {
                return true;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    @Override
    public void close() {
        for (Lane lane : lanes) {
            lane.close();
        }
        try {
            for (Lane lane : lanes) {
                lane.awaitEnd(System.nanoTime() + TimeUnit.SECONDS.toNanos(2));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        attempts.shutdownNow();
    }
}
