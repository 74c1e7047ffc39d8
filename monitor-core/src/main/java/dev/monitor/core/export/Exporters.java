package dev.monitor.core.export;

import dev.monitor.api.metrics.Counter;
import dev.monitor.api.metrics.Metrics;
import dev.monitor.api.metrics.Resolution;
import dev.monitor.api.metrics.Timer;
import dev.monitor.api.metrics.Unit;
import dev.monitor.core.metrics.Datapoint;
import dev.monitor.core.metrics.InternalErrors;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Runs each exporter on a thread of its own behind a bounded queue, so that a slow or failing
 * exporter delays neither the others nor the collector. A failed export is retried with
 * exponential backoff; a batch that still fails, or that finds the queue full, is dropped and
 * counted. Each exporter reports, in namespace {@code Monitor} with dimension {@code Exporter}:
 * {@code ExporterErrors}, {@code ExporterLatency}, {@code Dropped} (datapoints) and
 * {@code QueueDepth} (batches). A task that throws an {@link Error} (OutOfMemoryError) loses its
 * batch, counted in {@code Dropped} and in {@code InternalErrors} (dimension {@code Thread}); the
 * thread goes on with the next batch.
 */
public final class Exporters implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Exporters.class);
    /** Batches waiting per exporter: at one batch a second, over a minute of backlog. */
    static final int QUEUE_CAPACITY = 100;

    private final List<Pipeline> pipelines = new ArrayList<>();

    /**
     * Starts one pipeline per exporter.
     *
     * @param exporters   exporters by unique name
     * @param self        where the pipelines' own metrics go (namespace {@code Monitor})
     * @param attempts    how many times a batch is tried before it is dropped
     * @param firstBackoff the wait before the first retry; it doubles for each further one
     */
    public Exporters(List<Named> exporters, Metrics self, int attempts, Duration firstBackoff) {
        for (Named named : exporters) {
            pipelines.add(new Pipeline(named, self, attempts, firstBackoff));
        }
    }

    /** An exporter and its name. */
    public record Named(String name, MetricExporter exporter) {
    }

    /** Queues one batch for every exporter; never blocks. */
    public void submit(List<Datapoint> datapoints) {
        if (datapoints.isEmpty()) {
            return;
        }
        List<Datapoint> batch = List.copyOf(datapoints);
        for (Pipeline pipeline : pipelines) {
            pipeline.submit(batch);
        }
    }

    /**
     * Waits until every exporter has exported what was queued before this call and flushed it,
     * or until {@code timeout}. Returns whether all finished in time.
     */
    public boolean flush(Duration timeout) {
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (Pipeline pipeline : pipelines) {
            done.add(pipeline.requestFlush());
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

    /** Exports what is queued (waiting at most 10 s per exporter), then closes every exporter. */
    @Override
    public void close() {
        for (Pipeline pipeline : pipelines) {
            pipeline.stop();
        }
        for (Pipeline pipeline : pipelines) {
            pipeline.join(Duration.ofSeconds(10));
        }
    }

    /** One exporter's queue and thread. */
    private static final class Pipeline implements Runnable {
        private static final Object STOP = new Object();

        private final String name;
        private final MetricExporter exporter;
        private final int attempts;
        private final Duration firstBackoff;
        private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
        private final Thread thread;
        private final Counter errors;
        private final Counter dropped;
        private final Timer latency;
        private final InternalErrors internalErrors;
        private volatile boolean warnedFull;

        Pipeline(Named named, Metrics self, int attempts, Duration firstBackoff) {
            this.name = named.name();
            this.exporter = named.exporter();
            this.attempts = attempts;
            this.firstBackoff = firstBackoff;
            this.errors = self.counterBuilder("ExporterErrors").dimension("Exporter", name)
                    .resolution(Resolution.STANDARD).register();
            this.dropped = self.counterBuilder("Dropped").dimension("Exporter", name)
                    .resolution(Resolution.STANDARD).register();
            this.latency = self.timerBuilder("ExporterLatency").dimension("Exporter", name)
                    .resolution(Resolution.STANDARD).register();
            self.gaugeBuilder("QueueDepth").dimension("Exporter", name).unit(Unit.COUNT).resolution(Resolution.STANDARD)
                    .observe(queue::size);
            this.thread = new Thread(this, "monitor-exporter-" + name);
            this.internalErrors = new InternalErrors(self, Exporters.class, Level.WARN).register(thread.getName());
            thread.setDaemon(true);
            thread.start();
        }

        void submit(List<Datapoint> batch) {
            if (!queue.offer(batch)) {
                dropped.increment(batch.size());
                if (!warnedFull) {
                    warnedFull = true;
                    LOG.warn("exporter '{}' is {} batches behind; dropped {} datapoints, and further drops are only counted "
                            + "in Monitor/Dropped (Exporter={})", name, QUEUE_CAPACITY, batch.size(), name);
                }
            }
        }

        CompletableFuture<Void> requestFlush() {
            CompletableFuture<Void> done = new CompletableFuture<>();
            if (!thread.isAlive() || !queue.offer(done)) {
                done.completeExceptionally(new IllegalStateException("exporter '" + name + "' is not accepting work"));
            }
            return done;
        }

        /** Asks the thread to finish what is queued; a thread whose queue stays full is interrupted. */
        void stop() {
            try {
                if (!queue.offer(STOP, 10, TimeUnit.SECONDS)) {
                    LOG.warn("exporter '{}' is stuck with a full queue; interrupting it", name);
                    thread.interrupt();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                thread.interrupt();
            }
        }

        void join(Duration timeout) {
            try {
                thread.join(timeout.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (thread.isAlive()) {
                LOG.warn("exporter '{}' did not finish within {}; {} batches were not exported", name, timeout, queue.size());
                thread.interrupt();
            }
        }

        @Override
        public void run() {
            try {
                while (true) {
                    Object task = queue.take();
                    if (task == STOP) {
                        break;
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
                try {
                    exporter.close();
                } catch (Exception e) {
                    errors.increment();
                    LOG.warn("exporter '{}' failed to close", name, e);
                }
            }
        }

        private void runTask(Object task) throws InterruptedException {
            if (task instanceof CompletableFuture<?> flush) {
                flushExporter();
                flush.complete(null);
            } else {
                @SuppressWarnings("unchecked")
                List<Datapoint> batch = (List<Datapoint>) task;
                export(batch);
            }
        }

        /** Counts a task that threw past the retries (an Error), drops its batch, logs the first one. */
        private void survive(Object task, Throwable e) {
            internalErrors.report(thread.getName(), e, "exporter '{}' threw {} and dropped that batch; the thread goes on, "
                    + "and further such failures are only counted in Monitor/InternalErrors (Thread={})", name, e, thread.getName());
            if (task instanceof CompletableFuture<?> flush) {
                flush.completeExceptionally(e);
            } else if (task instanceof List<?> batch) {
                dropped.increment(batch.size());
            }
        }

        private void export(List<Datapoint> batch) throws InterruptedException {
            Duration backoff = firstBackoff;
            for (int attempt = 1; attempt <= attempts; attempt++) {
                long start = System.nanoTime();
                try {
                    exporter.export(batch);
                    latency.recordNanos(System.nanoTime() - start);
                    return;
                } catch (Exception | LinkageError e) {
                    errors.increment();
                    if (attempt == attempts) {
                        dropped.increment(batch.size());
                        LOG.warn("exporter '{}' failed {} times; dropped {} datapoints", name, attempts, batch.size(), e);
                        return;
                    }
                    LOG.debug("exporter '{}' failed (attempt {} of {}), retrying in {}", name, attempt, attempts, backoff, e);
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
                LOG.warn("exporter '{}' failed to flush", name, e);
            }
        }
    }
}
