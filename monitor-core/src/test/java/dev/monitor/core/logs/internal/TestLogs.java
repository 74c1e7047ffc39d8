package dev.monitor.core.logs.internal;

import dev.monitor.api.subscription.Subscription;
import dev.monitor.core.export.ExporterContext;
import dev.monitor.core.export.LogEvent;
import dev.monitor.core.export.Signal;
import dev.monitor.core.export.internal.ExportPipeline;
import dev.monitor.core.files.DataLayout;
import dev.monitor.core.logs.LiveTail;
import dev.monitor.core.logs.LogService;
import dev.monitor.core.logs.LogSettings;
import dev.monitor.core.logs.MetricFilter;
import dev.monitor.core.logs.QueryEngine;
import dev.monitor.core.logs.QueryResult;
import dev.monitor.core.metrics.internal.MetricRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Logs as a monitor wires them, for tests: a {@link LogEngine} whose pipeline has the
 * {@code log-files} exporter of {@code <dir>/logs}. Closing closes both. {@link #hold()} stops the
 * writer thread before it takes another event, as a full queue needs: it is held inside the clock,
 * which it reads whenever the queue is empty.
 */
public final class TestLogs implements LogService {
    private final HoldableClock clock;
    private final LogFilesExporter files;
    private final ExportPipeline<LogEvent> pipeline;
    private final LogEngine engine;

    private TestLogs(LogSettings settings, Path dir, Clock clock, MetricRegistry metrics, String account) {
        this.clock = new HoldableClock(clock);
        var self = metrics.forNamespace(MetricRegistry.SELF_NAMESPACE);
        DataLayout layout = new DataLayout(dir);
        this.files = LogFilesExporter.of(settings, new ExporterContext("log-files", layout, clock, self));
        this.pipeline = new ExportPipeline<>(Signal.LOGS, List.of(new ExportPipeline.Named<>("log-files", files)), self, 3,
                Duration.ofMillis(10));
        this.engine = new LogEngine(settings, layout, this.clock, metrics, account, pipeline);
    }

    public static TestLogs start(LogSettings settings, Path dir, Clock clock, MetricRegistry metrics) {
        return new TestLogs(settings, dir, clock, metrics, QueryEngine.DEFAULT_ACCOUNT);
    }

    public static TestLogs start(LogSettings settings, Path dir, Clock clock, MetricRegistry metrics, String account) {
        return new TestLogs(settings, dir, clock, metrics, account);
    }

    /** Holds the writer thread: it takes no event until {@link #release()}. Returns once it is held. */
    public void hold() throws InterruptedException {
        clock.hold();
    }

    public void release() {
        clock.release();
    }

    /** Runs a task on the log files' compressor thread, as a rotation does. */
    public void compress(Runnable task) {
        files.compress(task);
    }

    @Override
    public MonitorLogger logger(String name) {
        return engine.logger(name);
    }

    @Override
    public String defaultGroup() {
        return engine.defaultGroup();
    }

    @Override
    public String stream() {
        return engine.stream();
    }

    @Override
    public Path directory() {
        return engine.directory();
    }

    @Override
    public List<String> groups() {
        return engine.groups();
    }

    @Override
    public void putMetricFilter(MetricFilter filter) {
        engine.putMetricFilter(filter);
    }

    @Override
    public void deleteMetricFilter(String filterName) {
        engine.deleteMetricFilter(filterName);
    }

    @Override
    public List<MetricFilter> metricFilters() {
        return engine.metricFilters();
    }

    @Override
    public Subscription tail(List<String> groups, String streamPrefix, String filterPattern, Consumer<LiveTail.Batch> consumer) {
        return engine.tail(groups, streamPrefix, filterPattern, consumer);
    }

    @Override
    public boolean flush(Duration timeout) {
        return engine.flush(timeout);
    }

    @Override
    public QueryResult query(String query, List<String> groups, Instant start, Instant end) {
        return engine.query(query, groups, start, end);
    }

    @Override
    public void close() {
        engine.close();
        pipeline.close();
    }

    /** A clock that keeps the logs' writer thread inside {@link #instant()} while held. */
    private static final class HoldableClock extends Clock {
        private final Clock clock;
        private volatile CountDownLatch released;
        private volatile CountDownLatch entered;

        HoldableClock(Clock clock) {
            this.clock = clock;
        }

        void hold() throws InterruptedException {
            entered = new CountDownLatch(1);
            released = new CountDownLatch(1);
            if (!entered.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the writer thread did not read the clock within 10 s");
            }
        }

        void release() {
            CountDownLatch held = released;
            released = null;
            if (held != null) {
                held.countDown();
            }
        }

        @Override
        public Instant instant() {
            CountDownLatch held = released;
            if (held != null && Thread.currentThread().getName().equals("monitor-logs")) {
                entered.countDown();
                try {
                    held.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return clock.instant();
        }

        @Override
        public ZoneId getZone() {
            return clock.getZone();
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return clock.withZone(zone);
        }
    }
}
