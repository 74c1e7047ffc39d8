package dev.monitor.core.profiler.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.monitor.api.events.PutEventsEntry;
import dev.monitor.api.metrics.Counter;
import dev.monitor.api.metrics.Gauge;
import dev.monitor.api.metrics.Metrics;
import dev.monitor.core.export.ProfileData;
import dev.monitor.core.files.DataLayout;
import dev.monitor.core.profiler.Anomaly;
import dev.monitor.core.profiler.CollapsedProfile;
import dev.monitor.core.profiler.HeapSummary;
import dev.monitor.core.profiler.ProfileKind;
import dev.monitor.core.profiler.Profiler;
import dev.monitor.core.profiler.ProfilerSettings;
import dev.monitor.core.profiler.Recommendation;
import dev.monitor.core.profiler.Recommendations;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The profiler: a {@link JfrCollector} feeding stack tables, ended into intervals on the monitor's clock by its own
 * thread ({@value #THREAD}), which also writes the files, runs the rules and the anomaly detector, takes scheduled heap
 * summaries and keeps the profiler within its CPU budget. Thread-safe.
 */
public final class ProfilerEngine implements Profiler, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProfilerEngine.class);
    /** The profiler's thread name (a prefix): its samples are left out of the profiles, its CPU counted against the budget. */
    public static final String THREAD = "monitor-profiler";
    /** The {@code source} of the profiler's bus events. */
    public static final String SOURCE = "monitor.profiler";
    /** The {@code detail-type} of an anomaly's bus event. */
    public static final String ANOMALY_DETAIL_TYPE = "Profiler Anomaly";
    /** How many self-checks a pause lasts. */
    static final int PAUSE_CHECKS = 6;
    /** How long {@link #endInterval()} waits for JFR to deliver what it sampled until now. */
    private volatile Duration deliveryWait = Duration.ofSeconds(2);
    private static final int TOP_NATIVE = 10;

    /**
     * What the profiler is given by the monitor.
     *
     * @param layout     the data directory's layout
     * @param clock      the monitor's clock: intervals and file times follow it
     * @param namespace  the profiling group when the settings name none
     * @param self       Monitor's own metrics ({@code Monitor} namespace)
     * @param export     hands ended intervals to the profiles signal's exporters
     * @param bus        puts an event on the monitor's event bus: each anomaly, as a {@value #ANOMALY_DETAIL_TYPE} event
     * @param tick       how often its thread checks whether the interval ended on the clock; zero for never (then
     *                   {@link #endInterval()} ends intervals)
     * @param killSwitch the configuration switched the profiler off: {@link #start()} does not start it
     */
    public record Context(DataLayout layout, Clock clock, String namespace, Metrics self, Consumer<List<ProfileData>> export,
                          Consumer<PutEventsEntry> bus, Duration tick, boolean killSwitch) {
        public Context {
            Objects.requireNonNull(layout, "layout");
            Objects.requireNonNull(clock, "clock");
            Objects.requireNonNull(namespace, "namespace");
            Objects.requireNonNull(self, "self");
            Objects.requireNonNull(export, "export");
            Objects.requireNonNull(bus, "bus");
            Objects.requireNonNull(tick, "tick");
        }
    }

    private final ProfilerSettings settings;
    private final Context context;
    private final String group;
    private final ProfileFiles files;
    private final AnomalyDetector anomalies;
    private final HeapHistogram histogram = new HeapHistogram();
    private final CpuMeter cpu = new CpuMeter(THREAD);
    private final Counter throttledMetric;
    private final Counter anomalyMetric;
    private final Counter dropped;
    private final Gauge cpuShareMetric;
    private final Object lock = new Object();
    /** Guarded by {@link #lock}. */
    private JfrCollector collector;
    private ScheduledExecutorService thread;
    private SelfLimit limit;
    private Instant intervalStart;
    private Instant intervalEnd;
    private long lastOwnCpu;
    private long lastProcessCpu;
    private long lastCheckNanos;
    private long throttled;
    private boolean killNoted;
    private volatile List<Recommendation> lastRecommendations = List.of();
    private volatile List<Anomaly> lastAnomalies = List.of();
    private final Object heapLock = new Object();
    private HeapSummary lastHeap;
    private long lastHeapNanos;

    public ProfilerEngine(ProfilerSettings settings, Context context) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.context = Objects.requireNonNull(context, "context");
        this.group = settings.profilingGroup() != null ? settings.profilingGroup() : context.namespace();
        this.files = new ProfileFiles(context.layout().profiles(), group);
        this.anomalies = new AnomalyDetector(settings.anomalyBaselineIntervals(), settings.anomalyZScore());
        this.throttledMetric = context.self().counter("ProfilerThrottled");
        this.anomalyMetric = context.self().counter("ProfilerAnomalies");
        this.dropped = context.self().counter("Dropped", "Signal", "profiles");
        this.cpuShareMetric = context.self().gauge("ProfilerCpuShare");
        this.limit = new SelfLimit(settings.cpuBudget(), settings.samplingInterval(), PAUSE_CHECKS);
    }

    @Override
    public void start() {
        synchronized (lock) {
            if (context.killSwitch()) {
                if (!killNoted) {
                    killNoted = true;
                    LOG.warn("the profiler stays off: the configuration's profiler.enabled is false");
                }
                return;
            }
            if (collector != null) {
                return;
            }
            JfrCollector started = new JfrCollector(settings.samplingInterval(), settings.allocationSamplesPerSecond(), settings.lockThreshold(), THREAD);
            started.start();
            collector = started;
            limit = new SelfLimit(settings.cpuBudget(), settings.samplingInterval(), PAUSE_CHECKS);
            Instant now = now();
            intervalStart = now;
            intervalEnd = alignedEnd(now);
            lastOwnCpu = -1; // the first check only takes the baseline: JFR's start-up work is not the profiler's steady cost
            thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread t = new Thread(runnable, THREAD);
                t.setDaemon(true);
                return t;
            });
            if (!context.tick().isZero()) {
                long tick = context.tick().toMillis();
                thread.scheduleWithFixedDelay(guard("interval", this::tick), tick, tick, TimeUnit.MILLISECONDS);
            }
            if (cpu.supported()) {
                long check = settings.selfCheckEvery().toMillis();
                thread.scheduleWithFixedDelay(guard("self-check", this::selfCheck), check, check, TimeUnit.MILLISECONDS);
            }
            if (settings.heapSummaries()) {
                long every = settings.heapSummaryEvery().toMillis();
                thread.scheduleWithFixedDelay(guard("heap summary", this::scheduledHeapSummary), every, every, TimeUnit.MILLISECONDS);
            }
            LOG.debug("profiler started for group {} ({})", group, settings);
        }
    }

    /** Work on the profiler's thread never ends it: a failure is logged and the next run tries again. */
    private Runnable guard(String what, Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.warn("the profiler's {} failed; it tries again at its next run", what, e);
            }
        };
    }

    @Override
    public void stop() {
        ScheduledExecutorService stopping;
        synchronized (lock) {
            if (collector == null) {
                return;
            }
            roll(intervalStart, now(), true);
            collector.close();
            collector = null;
            stopping = thread;
            thread = null;
        }
        stopping.shutdownNow();
    }

    @Override
    public void close() {
        stop();
    }

    @Override
    public boolean running() {
        synchronized (lock) {
            return collector != null && !limit.paused();
        }
    }

    @Override
    public ProfilerSettings settings() {
        return settings;
    }

    @Override
    public String profilingGroup() {
        return group;
    }

    @Override
    public Optional<IntervalReport> endInterval() {
        JfrCollector waitFor;
        synchronized (lock) {
            waitFor = collector;
        }
        if (waitFor == null) {
            return Optional.empty();
        }
        try {
            waitFor.awaitDelivered(Instant.now(), deliveryWait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (lock) {
            if (collector == null) {
                return Optional.empty();
            }
            Optional<IntervalReport> report = roll(intervalStart, now(), false);
            return report;
        }
    }

    @Override
    public List<Recommendation> recommendations() {
        return lastRecommendations;
    }

    @Override
    public List<Anomaly> anomalies() {
        return lastAnomalies;
    }

    @Override
    public HeapSummary heapSummary() {
        synchronized (heapLock) {
            long nowNanos = System.nanoTime();
            if (lastHeap != null && nowNanos - lastHeapNanos < settings.heapSummaryMinGap().toNanos()) {
                return lastHeap;
            }
            List<HeapHistogram.Row> rows = HeapHistogram.parse(HeapHistogram.take());
            HeapSummary summary = histogram.summarize(group, now(), rows, settings.heapTopClasses());
            try {
                files.heap(summary);
            } catch (IOException e) {
                LOG.warn("the heap summary could not be written under {}: {}", files.folder(), e.toString());
            }
            lastHeap = summary;
            lastHeapNanos = nowNanos;
            return summary;
        }
    }

    @Override
    public Status status() {
        synchronized (lock) {
            return new Status(collector != null && !limit.paused(), limit.paused(), limit.period(), limit.lastShare(), throttled);
        }
    }

    /** How long {@link #endInterval()} waits for JFR's events; tests that record their own stacks need not wait. */
    void deliveryWait(Duration wait) {
        deliveryWait = wait;
    }

    /** Adds a stack to the current interval as JFR would, for tests that need known profiles. */
    void record(ProfileKind kind, List<String> frames, long weight) {
        synchronized (lock) {
            if (collector != null) {
                collector.table(kind).add(List.copyOf(frames), weight);
            }
        }
    }

    private void tick() {
        synchronized (lock) {
            if (collector == null) {
                return;
            }
            Instant now = now();
            if (!now.isBefore(intervalEnd)) {
                Instant end = intervalEnd;
                roll(intervalStart, end, false);
                // a clock that jumped several intervals starts the next one where it is now
                intervalStart = now.isBefore(end.plus(settings.reportingInterval())) ? end : now;
                intervalEnd = alignedEnd(intervalStart);
            }
        }
    }

    private void scheduledHeapSummary() {
        heapSummary();
    }

    /**
     * Ends [start, end): drains the tables, writes the files, hands the profiles to the exporters, runs the rules and
     * the anomaly detector. Empty when the interval is shorter than the files' one-second resolution. Under {@link #lock}.
     */
    private Optional<IntervalReport> roll(Instant start, Instant end, boolean last) {
        if (!end.isAfter(start)) {
            return Optional.empty();
        }
        Map<ProfileKind, CollapsedProfile> profiles = new EnumMap<>(ProfileKind.class);
        for (ProfileKind kind : ProfileKind.values()) {
            profiles.put(kind, collector.drain(kind));
        }
        CollapsedProfile sleeps = collector.drainSleeps();
        CollapsedProfile natives = collector.drainNatives();
        long folded = collector.takeFolded();
        long implausible = collector.takeImplausibleAllocations();
        if (folded + implausible > 0) {
            dropped.increment(folded + implausible);
        }
        long[] gc = collector.takeGc();
        intervalStart = end;
        if (!last) {
            intervalEnd = alignedEnd(end);
        }
        Duration length = Duration.between(start, end);
        List<Recommendation> recommendations = Recommendations.analyze(new Recommendations.Input(profiles, sleeps, length),
                settings.instanceCostPerHour());
        List<Anomaly> found = new ArrayList<>();
        for (ProfileKind kind : List.of(ProfileKind.CPU, ProfileKind.ALLOC)) {
            found.addAll(anomalies.observe(kind, profiles.get(kind), start, end));
        }
        lastRecommendations = recommendations;
        lastAnomalies = List.copyOf(found);
        List<ProfileData> exported = new ArrayList<>();
        try {
            for (ProfileKind kind : ProfileKind.values()) {
                CollapsedProfile profile = profiles.get(kind);
                if (!profile.isEmpty()) {
                    files.collapsed(kind, start, end, profile);
                    exported.add(new ProfileData(group, kind.folder(), start, end, profile.write()));
                }
            }
            files.recommendations(start, end, recommendations);
            if (!found.isEmpty()) {
                files.anomalies(start, end, found);
            }
            files.summary(start, end, summary(profiles, natives, sleeps, gc, folded, implausible));
            files.sweep(context.clock().instant().minus(settings.retention()));
        } catch (IOException e) {
            LOG.warn("the profiler could not write interval {} under {}: {}", CollapsedProfile.intervalName(start, end), files.folder(),
                    e.toString());
        }
        if (!exported.isEmpty()) {
            context.export().accept(exported);
        }
        if (!found.isEmpty()) {
            anomalyMetric.increment(found.size());
            for (Anomaly anomaly : found) {
                try {
                    context.bus().accept(anomalyEvent(anomaly));
                } catch (RuntimeException e) {
                    LOG.debug("an anomaly could not be put on the bus", e);
                }
            }
        }
        return Optional.of(new IntervalReport(group, start, end, profiles, recommendations, found));
    }

    /** An anomaly as a bus event: its {@code detail} the group, function, kind, expected and observed share, start and end. */
    PutEventsEntry anomalyEvent(Anomaly anomaly) {
        ObjectNode detail = ProfileFiles.object();
        detail.put("profilingGroup", group).put("function", anomaly.function()).put("kind", anomaly.kind().folder())
                .put("expectedShare", anomaly.expectedShare()).put("observedShare", anomaly.observedShare())
                .put("start", anomaly.start().toString()).put("end", anomaly.end().toString());
        return PutEventsEntry.of(SOURCE, ANOMALY_DETAIL_TYPE, detail.toString()).withTime(anomaly.end());
    }

    private ObjectNode summary(Map<ProfileKind, CollapsedProfile> profiles, CollapsedProfile natives, CollapsedProfile sleeps, long[] gc,
                               long folded, long implausibleAllocations) {
        ObjectNode summary = ProfileFiles.object();
        ObjectNode totals = summary.putObject("totals");
        for (ProfileKind kind : ProfileKind.values()) {
            totals.put(kind.folder(), profiles.get(kind).total());
        }
        totals.put("nativeSamples", natives.total());
        totals.put("sleepCalls", sleeps.total());
        // JFR's known first-sample weight error (AllocationWeights): dropped, and said so
        totals.put("implausibleAllocationSamples", implausibleAllocations);
        ArrayNode topNative = summary.putArray("topNativeMethods");
        java.util.Map<String, Long> byLeaf = new java.util.HashMap<>();
        natives.stacks().forEach(s -> byLeaf.merge(s.leaf(), s.count(), Long::sum));
        byLeaf.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(TOP_NATIVE).forEach(e -> topNative.addObject().put("function", e.getKey()).put("samples", e.getValue()));
        summary.putObject("gc").put("count", gc[0]).put("pauseMillis", gc[1] / 1e6).put("longestPauseMillis", gc[2] / 1e6);
        ObjectNode states = summary.putObject("threadStates");
        cpu.threadStates().forEach(states::put);
        summary.put("samplingIntervalMillis", limit.period().toMillis());
        summary.put("paused", limit.paused());
        summary.put("profilerCpuShare", limit.lastShare());
        summary.put("foldedStacks", folded);
        return summary;
    }

    private void selfCheck() {
        long own = cpu.own();
        long process = cpu.process();
        synchronized (lock) {
            if (collector == null) {
                return;
            }
            long now = System.nanoTime();
            if (lastOwnCpu < 0) {
                lastOwnCpu = own;
                lastProcessCpu = process;
                lastCheckNanos = now;
                return;
            }
            SelfLimit.Action action = limit.check(own - lastOwnCpu, process - lastProcessCpu, now - lastCheckNanos);
            lastOwnCpu = own;
            lastProcessCpu = process;
            lastCheckNanos = now;
            cpuShareMetric.set(limit.lastShare());
            switch (action) {
                case PAUSE -> {
                    throttled++;
                    throttledMetric.increment();
                    collector.paused(true);
                    LOG.warn("the profiler pauses: its threads used {}% of the process's CPU, above twice its budget of {}%; it resumes "
                                    + "in {} s sampling every {} ms", percent(limit.lastShare()), percent(settings.cpuBudget()),
                            settings.selfCheckEvery().multipliedBy(PAUSE_CHECKS).toSeconds(), limit.period().multipliedBy(2).toMillis());
                }
                case SLOW_DOWN -> {
                    throttled++;
                    throttledMetric.increment();
                    collector.period(limit.period());
                    LOG.info("the profiler samples every {} ms: its threads used {}% of the process's CPU, above its budget of {}%",
                            limit.period().toMillis(), percent(limit.lastShare()), percent(settings.cpuBudget()));
                }
                case RESUME -> {
                    collector.period(limit.period());
                    collector.paused(false);
                    LOG.info("the profiler resumes, sampling every {} ms", limit.period().toMillis());
                }
                case SPEED_UP -> collector.period(limit.period());
                case NONE -> {
                }
            }
        }
    }

    private static String percent(double share) {
        return String.format(java.util.Locale.ROOT, "%.2f", share * 100);
    }

    private Instant now() {
        return context.clock().instant().truncatedTo(ChronoUnit.SECONDS);
    }

    /** The end of the reporting interval holding {@code time}, intervals aligned to the epoch. */
    private Instant alignedEnd(Instant time) {
        long length = settings.reportingInterval().toMillis();
        long start = Math.floorDiv(time.toEpochMilli(), length) * length;
        return Instant.ofEpochMilli(start + length);
    }

    /** The interval now: for tests. */
    Instant intervalStart() {
        synchronized (lock) {
            return intervalStart;
        }
    }

}
