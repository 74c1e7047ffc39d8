package dev.monitor.core.logs.internal;

import dev.monitor.api.logs.Level;
import dev.monitor.api.metrics.Counter;
import dev.monitor.api.metrics.Metrics;
import dev.monitor.api.subscription.Subscription;
import dev.monitor.core.export.LogEvent;
import dev.monitor.core.export.internal.ExportPipeline;
import dev.monitor.core.files.DataLayout;
import dev.monitor.core.internal.HandOffQueue;
import dev.monitor.core.internal.InternalErrors;
import dev.monitor.core.logs.InsightsQuery;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The runtime behind {@link LogService}: loggers and their bounded queue (the application's side),
 * and the {@link LogWriter} thread that encodes events, applies metric filters, feeds live tails and
 * hands batches of {@link LogEvent}s to the logs' {@link ExportPipeline}. The monitor makes one and
 * closes it before the pipeline. Not API: use {@code Monitor.logs()}.
 */
public final class LogEngine implements LogService {
    /** Where a logger's events go. */
    record Target(String group, String stream) {
    }

    private final LogSettings settings;
    private final Path directory;
    private final Clock clock;
    private final String account;
    private final Counter dropped;
    private final Counter tailDropped;
    /** The threads that have logged a failure: each logs its first one only. */
    private final InternalErrors internalErrors;
    private final Map<String, MonitorLogger> loggers = new ConcurrentHashMap<>();
    private final MetricFilters filters;
    private final List<TailSubscription> tails = new CopyOnWriteArrayList<>();
    private final ExportPipeline<LogEvent> pipeline;
    private final LogWriter writer;
    private long lastReport;
    private volatile boolean closed;

    /**
     * Starts the writer thread.
     *
     * @param account  what queries answer {@code @log} with ({@code account:group}), as Logs Insights does
     * @param pipeline where the writer hands the encoded events; the caller closes it after this
     */
    public LogEngine(LogSettings settings, DataLayout layout, Clock clock, MetricRegistry metrics, String account,
                     ExportPipeline<LogEvent> pipeline) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.account = Objects.requireNonNull(account, "account");
        this.directory = layout.logs();
        this.clock = clock;
        this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
        Metrics self = metrics.forNamespace(MetricRegistry.SELF_NAMESPACE);
        this.dropped = self.counter("LogEventsDropped");
        this.tailDropped = self.counter("LiveTailBatchesDropped");
        this.internalErrors = new InternalErrors(self, LogService.class);
        this.filters = new MetricFilters(settings.metricFilters(), metrics, this::report);
        this.writer = new LogWriter(new HandOffQueue<>(settings.queueCapacity()),
                new LogJson(settings.secretWords(), settings.maxEventBytes()), pipeline, filters, tails, clock, dropped, this::failed);
        writer.start();
    }

    Clock clock() {
        return clock;
    }

    @Override
    public String defaultGroup() {
        return settings.group();
    }

    @Override
    public String stream() {
        return settings.stream();
    }

    @Override
    public Path directory() {
        return directory;
    }

    @Override
    public MonitorLogger logger(String name) {
        return loggers.computeIfAbsent(name, n -> new MonitorLogger(this, n, target(n), level(n)));
    }

    private Level level(String name) {
        Level level = settings.level();
        int longest = -1;
        for (Map.Entry<String, Level> entry : settings.levels().entrySet()) {
            if (name.startsWith(entry.getKey()) && entry.getKey().length() > longest) {
                longest = entry.getKey().length();
                level = entry.getValue();
            }
        }
        return level;
    }

    private Target target(String name) {
        String group = settings.group();
        int longest = -1;
        for (LogSettings.GroupSettings settingsOfGroup : settings.groups()) {
            for (String prefix : settingsOfGroup.loggers()) {
                if (name.startsWith(prefix) && prefix.length() > longest) {
                    longest = prefix.length();
                    group = settingsOfGroup.name();
                }
            }
        }
        return new Target(group, settings.stream());
    }

    /** The caller's side: one offer to the queue, and a wake-up only after a quiet spell. */
    void enqueue(EventBuilder event) {
        writer.offer(event);
    }

    @Override
    public void putMetricFilter(MetricFilter filter) {
        filters.put(filter);
    }

    @Override
    public void deleteMetricFilter(String filterName) {
        filters.delete(filterName);
    }

    @Override
    public List<MetricFilter> metricFilters() {
        return filters.list();
    }

    @Override
    public Subscription tail(List<String> groups, String streamPrefix, String filterPattern, Consumer<LiveTail.Batch> consumer) {
        TailSubscription tail = TailSubscription.subscribe(groups, streamPrefix, filterPattern, consumer, tailDropped,
                tails::remove, failure -> failed("monitor-live-tail", failure));
        tails.add(tail);
        return tail;
    }

    @Override
    public boolean flush(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        return writer.submitQueued(deadline)
                && pipeline.flush(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    }

    @Override
    public QueryResult query(String query, List<String> groups, Instant start, Instant end) {
        InsightsQuery.parse(query);
        flush(Duration.ofSeconds(10));
        return QueryEngine.run(query, directory, groups, start, end, account);
    }

    @Override
    public List<String> groups() {
        List<String> groups = new ArrayList<>(settings.retentionByGroup().keySet());
        groups.sort(null);
        return groups;
    }

    /**
     * Hands what is queued to the exporters and waits for them to write it, stops the writer and
     * the live tails. The pipeline itself is closed by its owner, after this. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        flush(Duration.ofSeconds(10));
        writer.stop(Duration.ofSeconds(10));
        for (TailSubscription tail : List.copyOf(tails)) {
            tail.close();
        }
        pipeline.flush(Duration.ofSeconds(10));
    }

    /**
     * Tells of a failure of the log writer on standard error, at most once a minute. Not through
     * SLF4J: with monitor-slf4j installed that would feed the failure back into these logs.
     */
    private synchronized void report(String problem) {
        long now = System.nanoTime();
        if (now - lastReport > 60_000_000_000L || lastReport == 0) {
            lastReport = now;
            System.err.println("monitor: logs: " + problem);
        }
    }

    /**
     * A task of one of the logs' threads failed with {@code failure}, which may be an Error such as
     * OutOfMemoryError: counted in {@code Monitor/InternalErrors} by thread, logged once per thread,
     * and the thread goes on.
     */
    void failed(String thread, Throwable failure) {
        internalErrors.report(thread, failure,
                "{} failed and carries on (further failures are only counted in Monitor/InternalErrors): {}", thread, failure);
    }
}
