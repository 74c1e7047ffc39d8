package dev.monitor.core.logs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monitor.api.logs.Level;
import dev.monitor.api.logs.Logs;
import dev.monitor.api.metrics.Counter;
import dev.monitor.api.metrics.Metrics;
import dev.monitor.core.files.RollingFile;
import dev.monitor.core.metrics.InternalErrors;
import dev.monitor.core.metrics.MetricRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * A monitor's structured logs: loggers, the writer that turns their events into JSON-lines files
 * per log group and stream under {@code <data-dir>/logs}, metric filters and live tail. Get it
 * from {@code Monitor.logs()}.
 *
 * <p>A logging call captures its message's arguments, its fields and context, and puts the event in
 * a bounded queue; that is all it does on the caller's thread. When the queue is full the event
 * is dropped and counted in {@code Monitor/LogEventsDropped}: logging never blocks. One writer
 * thread formats, redacts, serializes, truncates, writes (files rotate by size and time, are
 * gzipped after rotation and deleted past their group's retention), applies metric filters and
 * feeds live tails. Written lines reach the operating system within 200 ms, even while the queue
 * never empties, so a crash of the process loses at most the last fraction of a second. The
 * writer, the compressor and the live-tail threads outlive a failure of one task, even an Error:
 * it is counted in {@code Monitor/InternalErrors} by thread and logged once per thread.
 *
 * <p>Thread-safe.
 */
public final class LogService implements Logs, AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long FLUSH_EVERY_NANOS = 200_000_000L;
    private static final long NAP_NANOS = 1_000_000L;

    /** Where a logger's events go. */
    record Target(String group, String stream) {
    }

    private final LogSettings settings;
    private final Path directory;
    private final Clock clock;
    private final String account;
    private final MetricRegistry metrics;
    private final RingQueue<EventBuilder> queue;
    private final Counter dropped;
    private final Counter tailDropped;
    private final Metrics self;
    /** The threads that have logged a failure: each logs its first one only. */
    private final InternalErrors internalErrors;
    private final Map<String, MonitorLogger> loggers = new ConcurrentHashMap<>();
    private final List<MetricFilter> filters = new CopyOnWriteArrayList<>();
    private final List<LiveTail.Subscription> tails = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> retentionDays = new HashMap<>();
    private final Thread writer;
    /** Rotated files are gzipped here, off the writer, one at a time. */
    private final java.util.concurrent.ExecutorService compressor = java.util.concurrent.Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "monitor-logs-gzip");
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
        return thread;
    });
    private final AtomicLong flushRequested = new AtomicLong();
    private volatile long flushedUpTo;
    private volatile boolean running = true;
    /** Set while the writer sleeps long after a quiet spell; under load it naps briefly and nobody wakes it. */
    private volatile boolean writerAsleep;
    private long lastReport;
    /** Tests hold the writer to fill the queue. */
    private volatile boolean paused;

    /** Monitor makes one; use {@code Monitor.logs()}. */
    public LogService(LogSettings settings, Path dataDir, Clock clock, MetricRegistry metrics) {
        this(settings, dataDir, clock, metrics, QueryEngine.DEFAULT_ACCOUNT);
    }

    /** A service whose queries answer {@code @log} as {@code account:group}, as Logs Insights does. */
    public LogService(LogSettings settings, Path dataDir, Clock clock, MetricRegistry metrics, String account) {
        this.settings = settings;
        this.account = java.util.Objects.requireNonNull(account, "account");
        this.directory = dataDir.resolve("logs");
        this.clock = clock;
        this.metrics = metrics;
        this.queue = new RingQueue<>(settings.queueCapacity());
        this.self = metrics.forNamespace(MetricRegistry.SELF_NAMESPACE);
        this.dropped = self.counter("LogEventsDropped");
        this.tailDropped = self.counter("LiveTailBatchesDropped");
        this.internalErrors = new InternalErrors(self, LogService.class);
        retentionDays.put(settings.group(), settings.defaultRetentionDays());
        for (LogSettings.GroupSettings group : settings.groups()) {
            retentionDays.put(group.name(), group.retentionDays());
        }
        filters.addAll(settings.metricFilters());
        this.writer = new Thread(new Writer(), "monitor-logs");
        writer.setDaemon(true);
        writer.start();
    }

    Clock clock() {
        return clock;
    }

    /** The default log group: {@code /monitor/<namespace>} unless configured. */
    public String defaultGroup() {
        return settings.group();
    }

    /** This process's log stream: {@code <host>-<pid>} unless configured. */
    public String stream() {
        return settings.stream();
    }

    /** The directory of a log group's files below {@link #directory()}: the name with {@code /} escaped. */
    public static String directoryOf(String group) {
        return LogNames.directoryName(group);
    }

    /** The directory the log files are under: {@code <data-dir>/logs}. */
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

    void enqueue(EventBuilder event) {
        if (!running || !queue.offer(event)) {
            dropped.increment();
        } else if (writerAsleep) {
            // Only the first event after a quiet spell wakes the writer; otherwise this is one volatile read.
            writerAsleep = false;
            LockSupport.unpark(writer);
        }
    }

    /**
     * Adds (or replaces, by name) a metric filter; it applies to events written from now on.
     *
     * @throws IllegalArgumentException when its metric name or namespace breaks CloudWatch's rules
     */
    public void putMetricFilter(MetricFilter filter) {
        String problem = dev.monitor.core.metrics.CloudWatchNames.namespaceError(filter.transformation().metricNamespace());
        if (problem == null) {
            problem = dev.monitor.core.metrics.CloudWatchNames.metricNameError(filter.transformation().metricName());
        }
        if (problem != null) {
            throw new IllegalArgumentException("metric filter '" + filter.filterName() + "': " + problem);
        }
        filters.removeIf(f -> f.filterName().equals(filter.filterName()));
        filters.add(filter);
    }

    public void deleteMetricFilter(String filterName) {
        filters.removeIf(f -> f.filterName().equals(filterName));
    }

    public List<MetricFilter> metricFilters() {
        return List.copyOf(filters);
    }

    /**
     * Subscribes {@code consumer} to the events of {@code groups} (1 to 10) in streams starting
     * with {@code streamPrefix} (empty for all) that match {@code filterPattern} (empty for all).
     * Closing the returned handle ends the subscription and its delivery thread.
     *
     * @throws dev.monitor.core.syntax.ParseException when the pattern is invalid
     */
    public LiveTail.Subscription tail(List<String> groups, String streamPrefix, String filterPattern,
                                      Consumer<LiveTail.Batch> consumer) {
        LiveTail.Subscription[] self = new LiveTail.Subscription[1];
        self[0] = LiveTail.subscribe(groups, streamPrefix, filterPattern, consumer, tailDropped,
                () -> tails.remove(self[0]), failure -> failed("monitor-live-tail", failure));
        tails.add(self[0]);
        return self[0];
    }

    /**
     * Waits until every event logged before this call is written and the files are flushed, at
     * most {@code timeout}. Blocks: not for hot paths.
     */
    public boolean flush(Duration timeout) {
        long request = flushRequested.incrementAndGet();
        LockSupport.unpark(writer);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (flushedUpTo < request) {
            if (System.nanoTime() > deadline || !writer.isAlive()) {
                return false;
            }
            LockSupport.parkNanos(50_000);
        }
        return true;
    }

    /** Writes what is queued, closes the files and waits for their compression, and stops live tails. Idempotent. */
    @Override
    public void close() {
        if (!running) {
            return;
        }
        flush(Duration.ofSeconds(10));
        running = false;
        LockSupport.unpark(writer);
        try {
            writer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (LiveTail.Subscription tail : List.copyOf(tails)) {
            tail.close();
        }
        compressor.shutdown();
        try {
            compressor.awaitTermination(60, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Tells of a failure of the log writer on standard error, at most once a minute. Not through
     * SLF4J: with monitor-slf4j installed that would feed the failure back into these logs.
     */
    private void report(String problem) {
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

    /** Runs compression tasks so that a failing one is counted and the compressor thread lives on. */
    void compress(Runnable task) {
        compressor.execute(() -> {
            try {
                task.run();
            } catch (Throwable failure) {
                failed("monitor-logs-gzip", failure);
            }
        });
    }

    /** The writer thread: everything after the queue happens here. */
    private final class Writer implements Runnable {
        private final LogJson json = new LogJson(settings.secretWords(), settings.maxEventBytes());
        private final Map<Target, RollingFile> files = new HashMap<>();
        private long lastFlush = System.nanoTime();
        private long lastEventNanos;
        private boolean dirty;

        @Override
        public void run() {
            while (running || !queue.isEmpty()) {
                try {
                    EventBuilder event = paused ? null : queue.poll();
                    if (event != null) {
                        write(event);
                        if (lastEventNanos - lastFlush > FLUSH_EVERY_NANOS) {
                            // Under a steady flood the queue never empties: flush on time anyway.
                            flushFiles();
                        }
                        continue;
                    }
                    idle();
                    if (running) {
                        rest();
                    }
                } catch (Throwable failure) {
                    failed("monitor-logs", failure);
                    // A failure that repeats (a tail whose pattern always throws) must not spin the CPU.
                    LockSupport.parkNanos(NAP_NANOS);
                }
            }
            closeFiles();
        }

        /**
         * Waits for events. Waking a parked thread costs the caller a system call, so a busy
         * writer naps for a millisecond and is never woken; only after a second without events
         * does it sleep long, and then the first event wakes it.
         */
        private void rest() {
            if (System.nanoTime() - lastEventNanos < 1_000_000_000L) {
                LockSupport.parkNanos(NAP_NANOS);
                return;
            }
            writerAsleep = true;
            // An event offered before this check is seen here, and one offered after sees the flag and wakes us;
            // the queue's release stores may let a wake-up slip past, which costs at most this sleep.
            if (queue.isEmpty()) {
                LockSupport.parkNanos(100_000_000);
            }
            writerAsleep = false;
        }

        private void idle() {
            Instant now = clock.instant();
            for (LiveTail.Subscription tail : tails) {
                tail.tick(now);
            }
            long requested = flushRequested.get();
            // Read after the request: events logged before it are visible here, and must be written first.
            if (!queue.isEmpty()) {
                return;
            }
            if (dirty && (requested > flushedUpTo || System.nanoTime() - lastFlush > FLUSH_EVERY_NANOS)) {
                flushFiles();
            }
            flushedUpTo = requested;
        }

        private void write(EventBuilder event) {
            lastEventNanos = System.nanoTime();
            boolean written = false;
            try {
                JsonBytes line = json.encode(event);
                files.computeIfAbsent(event.target, this::open).write(line.array(), 0, line.size());
                dirty = true;
                written = true;
                if (!filters.isEmpty() || !tails.isEmpty()) {
                    String text = new String(line.array(), 0, line.size(), StandardCharsets.UTF_8);
                    applyFilters(event, text);
                    for (LiveTail.Subscription tail : tails) {
                        tail.offer(new LiveTail.Event(event.target.group(), event.target.stream(),
                                Instant.ofEpochSecond(0, event.epochMicros * 1000), text));
                    }
                }
            } catch (IOException e) {
                dropped.increment();
                report("writing a log event failed: " + e);
            } catch (Throwable failure) {
                if (!written) {   // a metric filter or live tail that failed after the write lost nothing of the event
                    dropped.increment();
                }
                throw failure;
            }
        }

        private RollingFile open(Target target) {
            Integer days = retentionDays.get(target.group());
            Path dir = directory.resolve(LogNames.directoryName(target.group())).resolve(LogNames.directoryName(target.stream()));
            return new RollingFile(dir, "events", settings.rotateBytes(), settings.rotateEvery(),
                    days == null ? null : Duration.ofDays(days), LogService.this::compress, clock, settings.filePermissions());
        }

        private void flushFiles() {
            for (RollingFile file : files.values()) {
                try {
                    file.flush();
                } catch (IOException e) {
                    report("flushing log files failed: " + e);
                }
            }
            dirty = false;
            lastFlush = System.nanoTime();
        }

        private void closeFiles() {
            for (RollingFile file : files.values()) {
                try {
                    file.close();
                } catch (IOException e) {
                    report("closing log files failed: " + e);
                }
            }
            files.clear();
            flushedUpTo = Long.MAX_VALUE;
        }

        private void applyFilters(EventBuilder event, String text) {
            JsonNode[] parsed = new JsonNode[1];
            for (MetricFilter filter : filters) {
                if (!filter.logGroupName().equals(event.target.group())) {
                    continue;
                }
                MetricFilter.Transformation t = filter.transformation();
                Map<String, String> extracted = filter.pattern().extract(text);
                if (extracted == null) {
                    if (t.defaultValue() != null) {
                        publish(t, t.defaultValue(), Map.of());
                    }
                    continue;
                }
                String value = field(t.metricValue(), text, extracted, parsed);
                Map<String, String> dimensions = new LinkedHashMap<>();
                for (Map.Entry<String, String> dimension : t.dimensions().entrySet()) {
                    String dimensionValue = field(dimension.getValue(), text, extracted, parsed);
                    if (dimensionValue == null || dimensionValue.isEmpty()) {
                        dimensions = null;
                        break;
                    }
                    dimensions.put(dimension.getKey(), dimensionValue);
                }
                if (value == null || dimensions == null) {
                    continue;
                }
                try {
                    publish(t, Double.parseDouble(value), dimensions);
                } catch (NumberFormatException e) {
                    // A field that is not a number publishes nothing, as in CloudWatch.
                }
            }
        }

        private String field(String selector, String text, Map<String, String> extracted, JsonNode[] parsed) {
            if (!selector.startsWith("$")) {
                return selector;
            }
            if (!selector.startsWith("$.")) {
                return extracted.get(selector);
            }
            if (parsed[0] == null) {
                try {
                    parsed[0] = JSON.readTree(text);
                } catch (IOException e) {
                    return null;
                }
            }
            JsonNode node = parsed[0];
            for (String step : selector.substring(2).split("\\.")) {
                node = node == null ? null : node.get(step);
            }
            return node == null || node.isContainerNode() || node.isNull() ? null : node.asText();
        }

        private void publish(MetricFilter.Transformation t, double value, Map<String, String> dimensions) {
            try {
                metrics.forNamespace(t.metricNamespace()).distributionBuilder(t.metricName())
                        .dimensions(dimensions).unit(t.unit()).register().record(value);
            } catch (IllegalArgumentException e) {
                report("a metric filter value was not recorded: " + e.getMessage());
            }
        }
    }

    void pause(boolean pause) {
        this.paused = pause;
        LockSupport.unpark(writer);
    }

    /**
     * Runs a Logs Insights query over the events of {@code groups} logged from {@code start} to
     * {@code end}, both included as StartQuery's are, after writing what is queued. Reads the files, so it sees what earlier runs wrote too.
     *
     * @throws dev.monitor.core.syntax.ParseException naming the line, the column, what was expected and what was found
     */
    public QueryResult query(String query, List<String> groups, Instant start, Instant end) {
        InsightsQuery.parse(query);
        flush(Duration.ofSeconds(10));
        return QueryEngine.run(query, directory, groups, start, end, account);
    }

    /** The log groups this service writes to: the default one and the configured ones. */
    public List<String> groups() {
        List<String> groups = new ArrayList<>(retentionDays.keySet());
        groups.sort(null);
        return groups;
    }
}
