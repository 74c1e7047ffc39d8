package dev.monitor.core;

import dev.monitor.api.Telemetry;
import dev.monitor.api.metrics.Metrics;
import dev.monitor.api.metrics.Resolution;
import dev.monitor.core.alarms.AlarmService;
import dev.monitor.core.alarms.AlarmSettings;
import dev.monitor.core.alarms.CompositeAlarm;
import dev.monitor.core.alarms.MetricAlarm;
import dev.monitor.core.alarms.internal.AlarmEngine;
import dev.monitor.core.audit.AuditSettings;
import dev.monitor.core.audit.AuditTrail;
import dev.monitor.core.audit.internal.CloudTrailFilesExporter;
import dev.monitor.core.audit.internal.CloudTrailFilesProvider;
import dev.monitor.core.config.ConfigException;
import dev.monitor.core.config.ConfigFiles;
import dev.monitor.core.config.ConfigNode;
import dev.monitor.core.dashboard.DashboardService;
import dev.monitor.core.dashboard.DashboardSettings;
import dev.monitor.core.dashboard.internal.DashboardRegistry;
import dev.monitor.core.dashboard.internal.HttpDashboardServer;
import dev.monitor.core.events.EventService;
import dev.monitor.core.events.EventSettings;
import dev.monitor.core.events.archive.EventArchives;
import dev.monitor.core.events.internal.EventEngine;
import dev.monitor.core.events.schemas.SchemaRegistry;
import dev.monitor.core.events.sources.SourceSettings;
import dev.monitor.core.events.sources.internal.EventSources;
import dev.monitor.core.events.sources.internal.MonitorEvents;
import dev.monitor.core.export.BillingSettings;
import dev.monitor.core.export.Exporter;
import dev.monitor.core.export.ExporterContext;
import dev.monitor.core.export.Signal;
import dev.monitor.core.export.internal.Billing;
import dev.monitor.core.export.internal.ExportPipelines;
import dev.monitor.core.export.internal.PipelineDelivery;
import dev.monitor.core.export.internal.SignalProducer;
import dev.monitor.core.files.DataLayout;
import dev.monitor.core.health.DependencyRates;
import dev.monitor.core.health.HealthService;
import dev.monitor.core.health.HealthSettings;
import dev.monitor.core.health.internal.HealthEndpoints;
import dev.monitor.core.health.internal.HealthEngine;
import dev.monitor.core.internal.Scheduler;
import dev.monitor.core.logs.LogService;
import dev.monitor.core.logs.LogSettings;
import dev.monitor.core.logs.internal.LogEngine;
import dev.monitor.core.logs.internal.LogFilesExporter;
import dev.monitor.core.metrics.BuiltinMetrics;
import dev.monitor.core.metrics.CloudWatchNames;
import dev.monitor.core.metrics.Datapoint;
import dev.monitor.core.metrics.MetricId;
import dev.monitor.core.metrics.MetricKind;
import dev.monitor.core.metrics.MetricSettings;
import dev.monitor.core.metrics.MetricStatistics;
import dev.monitor.core.metrics.RecentMetric;
import dev.monitor.core.metrics.StatisticsQuery;
import dev.monitor.core.metrics.internal.MetricRegistry;
import dev.monitor.core.profiler.Profiler;
import dev.monitor.core.profiler.ProfilerSettings;
import dev.monitor.core.profiler.internal.ProfilerEngine;
import dev.monitor.core.prometheus.PrometheusSettings;
import dev.monitor.core.prometheus.internal.PrometheusEndpoint;
import dev.monitor.core.trace.TraceSettings;
import dev.monitor.core.trace.internal.TracerProvider;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entry point: one monitor per application, built once and closed at shutdown.
 *
 * <pre>{@code
 * try (Monitor monitor = Monitor.fromConfig(Path.of("monitor.yaml"))) {
 *     Counter placed = monitor.metrics().counterBuilder("OrdersPlaced").dimension("Region", "eu").register();
 *     placed.increment();
 * }
 * }</pre>
 *
 * <p>A monitor ends each period on its clock: every second for high-resolution metrics and every
 * minute for standard ones, the collector (a task on the monitor's scheduler thread) turns what was
 * recorded into datapoints, keeps them for queries and hands them to the exporters, each on its own
 * thread. {@link #close()} ends the current periods early so nothing recorded is lost.
 *
 * <p>Thread-safe. Nothing here runs on application threads except the instruments' recording calls.
 */
public final class Monitor implements Telemetry, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Monitor.class);
    /** How long after a second's boundary the collector ticks, so the second is over everywhere. */
    private static final long TICK_LAG_MILLIS = 2;

    private final String namespace;
    private final Path dataDir;
    private final Clock clock;
    private final MetricRegistry metrics;
    private final ExportPipelines exporters;
    private final Map<Resolution, Instant> periodStarts = new EnumMap<>(Resolution.class);
    private final Scheduler scheduler;
    private final Duration closeTimeout;
    private final HttpDashboardServer dashboard;
    /** What the dashboard's plugins installed, closed before the server. */
    private final List<AutoCloseable> plugins = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Set<String> builtinNames;
    private final AlarmEngine alarms;
    private final LogService logs;
    private final EventEngine events;
    private final EventSources eventSources;
    /** The {@code prometheus:} endpoint, or null when it is off. */
    private final PrometheusEndpoint prometheus;
    private final HealthEngine health;
    private final DashboardRegistry dashboards;
    private final ProfilerEngine profiler;
    private final dev.monitor.api.trace.Tracer tracer;
    private final Object auditLock = new Object();
    private final java.util.function.Supplier<AuditTrail> auditBuilder;
    private AuditTrail audit;
    /** Set under {@link #auditLock} by {@link #close()}: {@link #audit()} then makes no trail. */
    private boolean auditClosed;
    /** Set once, under {@link #closeLock}; read by collect() on the collector thread. */
    private volatile boolean closed;
    private final Object closeLock = new Object();
    /** The least a phase of close waits, the deadline passed or not (see {@link #closing}). */
    private static final Duration CLOSE_GRACE = Duration.ofMillis(50);

    /** Takes over what {@link Builder#build()} started; schedules only the collector. */
    private Monitor(Builder builder, MetricRegistry metrics, Set<String> builtinNames, ExportPipelines exporters, Scheduler scheduler,
                    HttpDashboardServer dashboard, AlarmEngine alarms, dev.monitor.api.trace.Tracer tracer, AuditTrail audit, LogService logs, EventEngine events,
                    EventSources eventSources, HealthEngine health, ProfilerEngine profiler) {
        this.namespace = builder.namespace;
        this.dataDir = builder.dataDir;
        this.clock = builder.clock;
        this.metrics = metrics;
        this.builtinNames = Set.copyOf(builtinNames);
        this.exporters = exporters;
        this.scheduler = scheduler;
        this.closeTimeout = builder.closeTimeout;
        this.dashboard = dashboard;
        this.alarms = alarms;
        this.tracer = tracer;
        this.audit = audit;
        this.logs = logs;
        this.events = events;
        this.eventSources = eventSources;
        this.prometheus = builder.prometheusEndpoint;
        this.health = health;
        this.profiler = profiler;
        this.dashboards = new DashboardRegistry(new DataLayout(builder.dataDir), builder.clock,
                builder.account, () -> metrics.recentDatapoints().stream().map(Datapoint::metric).distinct().toList(), metrics::isCounter,
                builder.namespace, builtinMetricNames());
        builder.configuredDashboards.forEach(dashboards::putDashboard);
        this.auditBuilder = () -> {
            try {
                AuditTrail trail = builder.auditTrail(metrics.forNamespace(MetricRegistry.SELF_NAMESPACE), exporters, scheduler).build();
                eventSources.auditTrail(trail);
                return trail;
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("the audit trail cannot be written under " + builder.dataDir, e);
            }
        };
        Instant now = clock.instant();
        for (Resolution resolution : Resolution.values()) {
            periodStarts.put(resolution, periodStartOf(now, resolution));
        }
        if (!builder.tickEvery.isZero()) {
            // Just after each multiple of tickEvery on the wall clock: a tick at an arbitrary phase would put
            // values recorded early in a second into the datapoint of the second before, which a 10-second
            // alarm period would then see in the wrong period.
            scheduler.aligned("collector", builder.tickEvery, Duration.ofMillis(TICK_LAG_MILLIS), System::currentTimeMillis,
                    this::collect);
        }
    }

    /** A builder with every default: namespace {@code Application}, data in {@code ./monitor-data}. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A monitor configured by a YAML or JSON file; see the README for its settings.
     *
     * @throws ConfigException listing every problem of the file, each with its path
     */
    public static Monitor fromConfig(Path file) {
        return builder().config(file).build();
    }

    /** Instruments in this monitor's namespace: counters, gauges, timers and distributions. */
    @Override
    public Metrics metrics() {
        return metrics;
    }

    /**
     * Answers a {@code GetMetricStatistics}-like query from the datapoints this monitor holds in
     * memory: its recent periods, as the dashboard answers it. A period is there once it has ended
     * (the collector ends it, or {@link #flush(Duration)} or {@link #close()} does).
     *
     * @throws IllegalArgumentException listing every rule the query breaks
     */
    public MetricStatistics getStatistics(StatisticsQuery query) {
        return metrics.getStatistics(query);
    }

    /**
     * Every metric held in memory with its recent datapoints: the application's own first (its
     * namespace, then its others, each by name and dimensions), then those Monitor's capabilities
     * publish in {@code AWS/} namespaces, then the built-in JVM and process metrics, then Monitor's own.
     */
    public List<RecentMetric> recentMetrics() {
        Map<MetricId, List<Datapoint>> byMetric = new HashMap<>();
        for (Datapoint datapoint : metrics.recentDatapoints()) {
            byMetric.computeIfAbsent(datapoint.metric(), k -> new ArrayList<>()).add(datapoint);
        }
        List<RecentMetric> all = new ArrayList<>(byMetric.size());
        byMetric.forEach((id, points) -> {
            points.sort(Comparator.comparing(Datapoint::timestamp));
            all.add(new RecentMetric(id, originOf(id), metrics.isCounter(id), points));
        });
        all.sort(Comparator.comparing(RecentMetric::origin).thenComparing(m -> !m.metric().namespace().equals(namespace))
                .thenComparing(m -> m.metric().namespace())
                .thenComparing(m -> m.metric().name()).thenComparing(m -> m.metric().dimensions().toString())
                .thenComparing(m -> m.metric().resolution().seconds()));
        return all;
    }

    private RecentMetric.Origin originOf(MetricId id) {
        if (id.namespace().equals(MetricRegistry.SELF_NAMESPACE)) {
            return RecentMetric.Origin.MONITOR;
        }
        if (id.namespace().startsWith("AWS/")) {
            return RecentMetric.Origin.SERVICE;
        }
        return id.namespace().equals(namespace) && builtinNames.contains(id.name()) ? RecentMetric.Origin.BUILTIN
                : RecentMetric.Origin.APPLICATION;
    }

    /** The registry behind {@link #metrics()}, for this package's tests. */
    MetricRegistry registry() {
        return metrics;
    }

    public String namespace() {
        return namespace;
    }

    /** Traces: the tracer of a module such as monitor-xray on the classpath, or a no-op one. */
    @Override
    public dev.monitor.api.trace.Tracer tracer() {
        return tracer;
    }

    /** Structured logs: loggers, log files per group and stream, metric filters, live tail. */
    @Override
    public LogService logs() {
        return logs;
    }

    /** The event buses: puts, rules, schedules and targets, EventBridge style. */
    @Override
    public EventService events() {
        return events;
    }

    /**
     * The event buses' archives and replays: events matching an archive's pattern kept under
     * {@code <data-dir>/events/archives}, sent again to a bus's rules by a replay.
     */
    public EventArchives eventArchives() {
        return eventSources.archives();
    }

    /**
     * The schemas discovered from the events the buses accepted (EventBridge's
     * {@code discovered-schemas} registry), kept under {@code <data-dir>/events/schemas}.
     */
    public SchemaRegistry schemas() {
        return eventSources.schemas();
    }

    /**
     * The audit trail: CloudTrail records of the application's API calls under
     * {@code <data-dir>/audit}. Made when first asked for, or at start when the configuration has
     * an {@code audit:} section, so that a start delivers what a crashed run left in the journal.
     *
     * @throws java.io.UncheckedIOException when the audit directory cannot be written
     * @throws IllegalStateException when the monitor is closed and the trail was never made: a
     *         closed monitor starts no thread
     */
    public AuditTrail audit() {
        synchronized (auditLock) {
            if (audit == null) {
                if (auditClosed) {
                    throw new IllegalStateException("the monitor is closed: its audit trail was never started and now cannot be");
                }
                audit = auditBuilder.get();
            }
            return audit;
        }
    }

    /**
     * Health: checks in groups (liveness, readiness, startup, named), each component's status, its
     * service history under {@code <data-dir>/health} and the AWS Health-shaped events of this
     * deployment; served at {@code /health} on the dashboard's server with RSS and Atom feeds.
     */
    public HealthService health() {
        return health;
    }

    /**
     * The continuous profiler: CPU, allocation and lock profiles from JFR per reporting interval under
     * {@code <data-dir>/profiles/<group>}, with recommendations, anomalies and heap summaries. Off unless the
     * configuration's {@code profiler:} section or {@link Builder#profiler} enables it, or {@link Profiler#start()}.
     */
    public Profiler profiler() {
        return profiler;
    }

    /** The alarms over this monitor's metrics, evaluated on its clock after each collection. */
    public AlarmService alarms() {
        return alarms;
    }

    /** CloudWatch dashboards: bodies kept under {@code <data-dir>/dashboards}, and an automatic one per namespace. */
    public DashboardService dashboards() {
        return dashboards;
    }

    /** The names of the built-in metrics, which the automatic dashboards show apart from the application's. */
    private static Set<String> builtinMetricNames() {
        NameRecorder names = new NameRecorder(dev.monitor.api.metrics.Metrics.noop());
        BuiltinMetrics.register(names, java.util.EnumSet.allOf(BuiltinMetrics.Group.class), Resolution.STANDARD);
        return names.names();
    }

    /** Where file exporters write: one folder per signal below it. */
    public Path dataDir() {
        return dataDir;
    }

    public Clock clock() {
        return clock;
    }

    /** The dashboard's address, when one was configured. */
    public Optional<URI> dashboardUri() {
        return Optional.ofNullable(dashboard).map(HttpDashboardServer::uri);
    }

    /** Where Prometheus scrapes this monitor ({@code http://127.0.0.1:8080/metrics}), when {@code prometheus:} is on. */
    public Optional<URI> prometheusUri() {
        return prometheus == null ? Optional.empty() : dashboardUri().map(uri -> uri.resolve(prometheus.path()));
    }

    /**
     * Installs every {@link DashboardPlugin} on the class path on the dashboard's server; one that
     * fails is skipped with a warning naming it.
     */
    private void installPlugins(ClassLoader loader) {
        if (dashboard == null) {
            return;
        }
        java.util.Iterator<DashboardPlugin> found = java.util.ServiceLoader.load(DashboardPlugin.class, loader).iterator();
        while (true) {
            DashboardPlugin plugin;
            try {
                if (!found.hasNext()) {
                    break;
                }
                plugin = found.next();
            } catch (java.util.ServiceConfigurationError e) {
                LOG.warn("a dashboard plugin could not be loaded; the dashboard goes on without it: {}", e.toString());
                continue;
            }
            try {
                plugins.add(plugin.install(this, dashboard));
            } catch (RuntimeException | Error e) {
                LOG.warn("dashboard plugin {} failed to install; the dashboard goes on without it", plugin.getClass().getName(), e);
            }
        }
    }

    /**
     * Ends every period that has ended by the clock's time now: collects it, keeps it for queries
     * and queues it for export. The collector thread calls this every second, {@link #flush(Duration)}
     * when the clock is one you move (in tests) or when there is no collector thread.
     */
    synchronized void collect() {
        if (closed) {
            return;
        }
        Instant now = clock.instant();
        for (Resolution resolution : Resolution.values()) {
            Instant start = periodStarts.get(resolution);
            if (!now.isBefore(start.plusSeconds(resolution.seconds()))) {
                List<Datapoint> datapoints = metrics.collect(resolution, start);
                alarms.record(datapoints);
                if (prometheus != null) {
                    prometheus.record(datapoints);
                }
                exporters.of(Signal.METRICS).submit(datapoints);
                periodStarts.put(resolution, periodStartOf(now, resolution));
            }
        }
        alarms.evaluate();
        events.fireDueSchedules();
    }

    /**
     * Collects the periods that have ended, asks every capability to hand over what it holds (the
     * log writer's queue, the tracer's pending segments, the audit journal), then waits until every
     * exporter of every signal has exported and flushed it, at most {@code timeout} in all. Blocks:
     * not for hot paths.
     *
     * @return whether everything was handed over and every exporter finished in time
     */
    public boolean flush(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        collect();
        boolean all = true;
        for (SignalProducer producer : producers()) {
            all &= producer.flush(remaining(deadline));
        }
        all &= exporters.flush(remaining(deadline));
        // what the audit exporter put on the bus meanwhile is dispatched, and the archives written
        return eventSources.flush(remaining(deadline)) && all;
    }

    /** Every capability that holds items before its pipeline, in the order their signals are flushed. */
    private List<SignalProducer> producers() {
        List<SignalProducer> producers = new ArrayList<>();
        producers.add(events::flush); // first: its targets write to the logs
        producers.add(logs::flush);
        if (tracer instanceof SignalProducer producer) {
            producers.add(producer);
        }
        AuditTrail trail;
        synchronized (auditLock) {
            trail = audit;
        }
        if (trail != null) {
            producers.add(trail::flush);
        }
        return producers;
    }

    private static Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }

    /**
     * What a phase of {@link #close()} may wait: what remains until {@code deadline}, and at least {@link #CLOSE_GRACE},
     * the moment a thread with nothing left to do needs to end, so that only what is really stuck is named as abandoned.
     */
    private static Duration closing(long deadline) {
        return Duration.ofNanos(Math.max(CLOSE_GRACE.toNanos(), deadline - System.nanoTime()));
    }

    /** {@code 10s} or {@code 250ms}, as the configuration and the exporters' warning write a timeout. */
    private static String text(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }

    /**
     * Ends the current periods early (their datapoints keep the periods' start times), exports
     * them, and closes every exporter. Idempotent. The whole close shares one deadline, the
     * {@linkplain Builder#closeTimeout close timeout} (10 s by default) from the call: a collector
     * tick running at that moment (which only a gauge's blocking supplier could stall), the
     * exporters exporting what is queued, and work on the scheduler's I/O lane after them (such as
     * a last compression) each get what the steps before them left (at least 50 ms, for threads
     * with nothing left to do to end: close takes at most the timeout and 150 ms). What is still running then is
     * abandoned, with a warning naming it: an exporter with its signal and what it did not export,
     * a task on the scheduler's lanes. The bus's dispatcher and delivery threads, first, get at most 2 s each of it.
     */
    @Override
    public void close() {
        // Not the monitor's own lock: a tick stuck in collect() holds it, and close must still end.
        synchronized (closeLock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        long deadline = System.nanoTime() + closeTimeout.toNanos();
        // first: its last interval reaches the files and the exporters, its anomalies the bus
        profiler.close();
        if (tracer instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.warn("closing the tracer failed", e);
            }
        }
        synchronized (auditLock) {
            auditClosed = true;
            if (audit != null) {
                audit.close();
            }
        }
        // The bus first: what its dispatcher drains at close still reaches the archives. Monitor's own events
        // put meanwhile are refused and counted in Monitor/Dropped.
        events.close(Math.min(deadline, System.nanoTime() + 2 * EventEngine.CLOSE_STEP.toNanos()));
        eventSources.close();
        logs.close();
        health.close();
        for (AutoCloseable plugin : plugins) {
            try {
                plugin.close();
            } catch (Exception e) {
                LOG.warn("closing a dashboard plugin failed", e);
            }
        }
        if (dashboard != null) {
            dashboard.close();
        }
        boolean ticksEnded = scheduler.stopTicks(closing(deadline));
        for (Resolution resolution : Resolution.values()) {
            List<Datapoint> last = metrics.collect(resolution, periodStarts.get(resolution));
            exporters.of(Signal.METRICS).submit(last);
        }
        exporters.close(System.nanoTime() + closing(deadline).toNanos(), closeTimeout);
        // After the exporters: their close hands the I/O lane a last compression, which it runs.
        if (!scheduler.close(closing(deadline))) {
            if (!ticksEnded) {
                LOG.warn("closing the monitor gave up after {} on a collector tick still running on {} (a gauge's supplier "
                        + "that blocks); the last periods were collected without waiting for it", text(closeTimeout), Scheduler.THREAD);
            } else {
                LOG.warn("closing the monitor gave up after {} on a task still running on {} (a log file's compression "
                        + "or an exporter's background work); a file it did not compress stays readable as it is",
                        text(closeTimeout), Scheduler.IO_THREAD);
            }
        }
        alarms.close();
    }

    static Instant periodStartOf(Instant time, Resolution resolution) {
        long periodMillis = resolution.seconds() * 1000L;
        return Instant.ofEpochMilli(Math.floorDiv(time.toEpochMilli(), periodMillis) * periodMillis);
    }

    /**
     * Configures a {@link Monitor}. Setters check their argument at once; {@link #build()} checks
     * the whole and reports every problem in one {@link ConfigException}. Not thread-safe.
     */
    public static final class Builder {
        private String namespace = "Application";
        private Path dataDir = Path.of("monitor-data");
        private Clock clock = Clock.systemUTC();
        private final MetricSettings.Builder metricSettings = MetricSettings.builder();
        private Duration tickEvery = Duration.ofSeconds(1);
        private int exportAttempts = 3;
        private Duration exportBackoff = Duration.ofMillis(200);
        private Duration closeTimeout = Duration.ofSeconds(10);
        private final ExportPipelines.Builder exporters = new ExportPipelines.Builder();
        private final List<ConfigNode> configuredExporters = new ArrayList<>();
        private final List<String> problems = new ArrayList<>();
        private DashboardSettings dashboardSettings = DashboardSettings.defaults();
        private PrometheusSettings prometheusSettings = PrometheusSettings.OFF;
        /** Made by {@link #start}, taken over by the monitor. */
        private PrometheusEndpoint prometheusEndpoint;
        private String source;
        private String account = "000000000000";
        private String region = "local";
        private final AlarmSettings.Builder alarmSettings = AlarmSettings.builder();
        private LogSettings logSettings;
        private TraceSettings traceSettings;
        private AuditSettings auditSettings;
        private EventSettings eventSettings;
        private SourceSettings sourceSettings;
        /** The {@code dashboards:} of the configuration, checked: name to body. */
        private final Map<String, String> configuredDashboards = new java.util.LinkedHashMap<>();
        private BillingSettings billingSettings = BillingSettings.defaults();
        private HealthSettings healthSettings;
        private ProfilerSettings profilerSettings = ProfilerSettings.defaults();
        /** The configuration said {@code profiler: enabled: false}: nothing starts the profiler. */
        private boolean profilerKilled;
        /** Set once {@link #build()} returned a monitor, which reads this builder's settings later (its audit trail). */
        private boolean built;

        private Builder() {
        }

        /** A built monitor keeps reading its builder (its audit trail is made on first use), so a setter must not change it. */
        private void requireUnbuilt() {
            if (built) {
                throw new IllegalStateException("this builder already built a monitor, which its settings must not change; "
                        + "use a new Monitor.builder()");
            }
        }

        /** The CloudWatch namespace of the application's metrics. */
        public Builder namespace(String namespace) {
            requireUnbuilt();
            this.namespace = Objects.requireNonNull(namespace, "namespace");
            return this;
        }

        /** Where file exporters write; {@code ./monitor-data} by default. */
        public Builder dataDir(Path dataDir) {
            requireUnbuilt();
            this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
            return this;
        }

        /** The clock every period, rotation and retention follows; the system's UTC clock by default. */
        public Builder clock(Clock clock) {
            requireUnbuilt();
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The resolution of instruments that do not choose one, and of built-in metrics. */
        public Builder resolution(Resolution resolution) {
            requireUnbuilt();
            metricSettings.resolution(resolution);
            return this;
        }

        /** The most dimension sets one metric name keeps before folding new ones; 1000 by default. */
        public Builder cardinalityLimit(int limit) {
            requireUnbuilt();
            metricSettings.cardinalityLimit(limit);
            return this;
        }

        /**
         * The most metric names one namespace keeps before instruments of new names fold into
         * {@code MetricNameOverflow}; 10,000 by default.
         */
        public Builder metricNameLimit(int limit) {
            requireUnbuilt();
            metricSettings.nameLimit(limit);
            return this;
        }

        /** Switches a group of built-in metrics on or off; all are on by default. */
        public Builder builtin(BuiltinMetrics.Group group, boolean enabled) {
            requireUnbuilt();
            metricSettings.builtin(group, enabled);
            return this;
        }

        /**
         * How often the collector thread checks whether a period has ended; 1 s by default.
         * {@link Duration#ZERO} starts no thread: call {@link Monitor#flush(Duration)} to end the periods that are over.
         */
        public Builder tickEvery(Duration interval) {
            requireUnbuilt();
            if (interval.isNegative()) {
                throw new IllegalArgumentException("tick interval " + interval + " must not be negative");
            }
            this.tickEvery = interval;
            return this;
        }

        /**
         * Serves the dashboard on {@code address}; off by default. Give a loopback address (as
         * {@code new InetSocketAddress(InetAddress.getLoopbackAddress(), 8080)}) unless the page
         * should be reachable from other machines: it has no authentication. Port 0 picks a free port.
         * The same as {@code dashboard(DashboardSettings.builder().address(address).build())}.
         *
         * @throws IllegalArgumentException when the address is unresolved
         */
        public Builder dashboard(InetSocketAddress address) {
            return dashboard(DashboardSettings.builder().address(address).build());
        }

        /** The dashboard's settings; replaces the file's {@code dashboard:} section. */
        public Builder dashboard(DashboardSettings settings) {
            requireUnbuilt();
            this.dashboardSettings = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /**
         * Serves the metrics to Prometheus on the dashboard's server (which must be on); replaces the
         * file's {@code prometheus:} section.
         */
        public Builder prometheus(PrometheusSettings settings) {
            requireUnbuilt();
            this.prometheusSettings = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /**
         * The AWS account id and region written into alarm ARNs and messages (and audit records),
         * so that they read the same wherever the application runs; {@code 000000000000} and
         * {@code local} by default.
         */
        public Builder account(String account, String region) {
            requireUnbuilt();
            this.account = Objects.requireNonNull(account, "account");
            this.region = Objects.requireNonNull(region, "region");
            return this;
        }

        /** How logs are kept; {@link LogSettings#defaults(String)} for the namespace unless set here or in the file. */
        public Builder logs(LogSettings settings) {
            requireUnbuilt();
            this.logSettings = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /**
         * The audit trail's settings; the trail then starts with the monitor (delivering what a crashed
         * run left in its journal) instead of on first use of {@link Monitor#audit()}.
         */
        public Builder audit(AuditSettings settings) {
            requireUnbuilt();
            this.auditSettings = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /** Adds a metric alarm, created when the monitor is built (after the file's actions). */
        public Builder alarm(MetricAlarm alarm) {
            requireUnbuilt();
            alarmSettings.alarm(alarm);
            return this;
        }

        /** Adds a composite alarm, created after every metric alarm. */
        public Builder alarm(CompositeAlarm alarm) {
            requireUnbuilt();
            alarmSettings.alarm(alarm);
            return this;
        }

        /** How many times an export is tried, and the wait before the first retry (it doubles). */
        public Builder exportRetries(int attempts, Duration firstBackoff) {
            requireUnbuilt();
            if (attempts < 1) {
                throw new IllegalArgumentException("export attempts " + attempts + " must be at least 1");
            }
            this.exportAttempts = attempts;
            this.exportBackoff = Objects.requireNonNull(firstBackoff, "firstBackoff");
            return this;
        }

        /**
         * How long {@link Monitor#close()} waits for the exporters to export what is queued and close;
         * 10 s by default. An exporter still busy then is abandoned and named in a warning.
         */
        public Builder closeTimeout(Duration timeout) {
            requireUnbuilt();
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("close timeout " + timeout + " must be positive");
            }
            this.closeTimeout = timeout;
            return this;
        }

        /** Adds a metric exporter under a unique name. */
        public Builder exporter(String name, Exporter<Datapoint> exporter) {
            return exporter(Signal.METRICS, name, exporter);
        }

        /** Adds an exporter of {@code signal} under a name unique among that signal's exporters. */
        public <T> Builder exporter(Signal<T> signal, String name, Exporter<T> exporter) {
            requireUnbuilt();
            exporters.add(Objects.requireNonNull(signal, "signal"), Objects.requireNonNull(name, "name"),
                    Objects.requireNonNull(exporter, "exporter"));
            return this;
        }

        /**
         * Adds an exporter of a configured type ({@code emf}, {@code jsonl}, {@code emf-stdout}, or
         * one an artifact on the classpath provides) with the settings an entry of the configuration
         * file's {@code exporters:} list would give it, {@code signals} included
         * ({@code Map.of("signals", List.of("metrics", "logs"))}). Problems are reported by {@link #build()}.
         */
        public Builder exporterOfType(String type, Map<String, ?> settings) {
            requireUnbuilt();
            Map<String, Object> document = new LinkedHashMap<>(settings);
            document.put("type", Objects.requireNonNull(type, "type"));
            configuredExporters.add(ConfigNode.of("exporterOfType(" + type + ")", document, problems));
            return this;
        }

        /**
         * The tracer's settings, of the tracer module's own type (monitor-xray's
         * {@code XRaySettings.builder()...build()}); replaces the file's {@code traces:} section.
         */
        public Builder traces(TraceSettings settings) {
            requireUnbuilt();
            traceSettings = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /** How health checks run, the built-in checks, alarms bound to components, maintenance; replaces the file's {@code health:} section. */
        public Builder health(HealthSettings settings) {
            requireUnbuilt();
            healthSettings = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /**
         * The prices behind {@code Monitor/Billing EstimatedCharges} and the exporters' monthly
         * budgets; replaces the file's {@code billing:} section.
         */
        public Builder billing(BillingSettings settings) {
            requireUnbuilt();
            billingSettings = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /**
         * The profiler's settings; replaces the file's {@code profiler:} section, except that a file saying
         * {@code enabled: false} keeps the profiler off (a kill switch).
         */
        public Builder profiler(ProfilerSettings settings) {
            requireUnbuilt();
            profilerSettings = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /** The event buses' settings, rules and targets; replaces the file's {@code events:} section. */
        public Builder events(EventSettings settings) {
            requireUnbuilt();
            eventSettings = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /** The archives' and partner sources' settings; replaces those of the file's {@code events:} section. */
        public Builder eventSources(SourceSettings settings) {
            requireUnbuilt();
            sourceSettings = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /**
         * Applies a YAML or JSON configuration file. Its problems are reported by {@link #build()},
         * all at once. Settings given after this call override the file's.
         */
        public Builder config(Path file) {
            requireUnbuilt();
            this.source = file.toString();
            ConfigNode root = ConfigFiles.read(file, problems);
            String configuredNamespace = root.string("namespace", null);
            if (configuredNamespace != null) {
                namespace = configuredNamespace;
            }
            String configuredDir = root.string("dataDir", null);
            if (configuredDir != null) {
                dataDir = Path.of(configuredDir);
            }
            metricSettings.config(root.child("metrics"));
            DashboardSettings dashboardRead = DashboardSettings.read(root.child("dashboard"));
            if (dashboardRead.enabled()) { // a section that leaves it off does not turn off one given in code before
                dashboardSettings = dashboardRead;
            }
            if (root.has("prometheus")) {
                prometheusSettings = PrometheusSettings.read(root.child("prometheus"));
            }
            configuredExporters.addAll(root.list("exporters"));
            account = root.string("account", account);
            region = root.string("region", region);
            traceSettings = readTraces(root.child("traces"));
            if (root.has("audit")) {
                auditSettings = AuditSettings.read(root.child("audit"));
            }
            ConfigNode logsNode = root.child("logs");
            if (root.has("logs")) {
                logSettings = LogSettings.read(logsNode, namespace);
            }
            if (root.has("events")) {
                ConfigNode eventsNode = root.child("events");
                sourceSettings = SourceSettings.read(eventsNode); // first: the bus's settings reject the keys nobody read
                eventSettings = EventSettings.read(eventsNode);
            }
            alarmSettings.config(root);
            configuredDashboards.putAll(DashboardRegistry.readConfig(root.child("dashboards"),
                    file.toAbsolutePath().getParent()));
            if (root.has("health")) {
                healthSettings = HealthSettings.read(root.child("health"));
            }
            if (root.has("billing")) {
                billingSettings = BillingSettings.read(root.child("billing"));
            }
            if (root.has("profiler")) {
                ConfigNode profilerNode = root.child("profiler");
                boolean saysEnabled = profilerNode.has("enabled");
                profilerSettings = ProfilerSettings.read(profilerNode);
                profilerKilled = saysEnabled && !profilerSettings.enabled();
            }
            closeTimeout = root.duration("closeTimeout", closeTimeout);
            root.rejectUnknownKeys();
            return this;
        }

        /**
         * Builds and starts the monitor. Either every capability starts, or none stays started: a
         * capability that cannot start (a port in use, a data directory that cannot be written, a
         * damaged key file) is reported like a configuration problem, naming the capability and
         * the cause, after every thread and server already started has been stopped.
         *
         * @throws ConfigException listing every problem found: in the file, in these settings, and at start
         */
        public Monitor build() {
            warnIfVersionsDiffer();
            Startup startup = new Startup(problems);
            Monitor monitor;
            try {
                monitor = startup.start("start", () -> start(startup), null);
            } catch (VirtualMachineError e) { // anything else became a problem
                startup.rollBack();
                throw e;
            }
            if (monitor != null) {
                built = true;
                return monitor;
            }
            startup.rollBack();
            ConfigException failure = new ConfigException(source, problems);
            startup.causes().forEach(failure::addSuppressed);
            throw failure;
        }

        /** Starts each capability in turn; null, with the problems recorded, at the first step that found any. */
        private Monitor start(Startup startup) {
            String namespaceError = CloudWatchNames.namespaceError(namespace);
            MetricSettings metricsSettings = metricSettings.build();
            MetricRegistry registry = namespaceError != null ? null : startup.start("metrics", () -> new MetricRegistry(namespace, clock,
                    metricsSettings.resolution(), metricsSettings.cardinalityLimit(), metricsSettings.nameLimit()), null);
            Metrics self = registry == null ? Metrics.noop() : registry.forNamespace(MetricRegistry.SELF_NAMESPACE);
            if (prometheusSettings.enabled() && !dashboardSettings.enabled()) {
                problems.add("prometheus.enabled: the endpoint is served on the dashboard's server, which is off; "
                        + "set dashboard.enabled: true (with its host and port) or turn prometheus off");
            }
            prometheusEndpoint = null;
            if (registry != null && prometheusSettings.enabled()) {
                if (prometheusSettings.exemplars()) {
                    // before any application instrument is made: each keeps its exemplars from its first recording
                    registry.keepExemplars(PrometheusEndpoint.exemplarBounds(prometheusSettings));
                }
                prometheusEndpoint = new PrometheusEndpoint(prometheusSettings, registry::kindOf,
                        registry::exemplars, self);
            }
            // First: exporters run their background work on its I/O lane from the start.
            Scheduler scheduler = startup.start("scheduler", () -> new Scheduler(self), Scheduler::close);
            Runnable closeExporters = startup.onFailure(exporters::closeMade);
            DataLayout layout = new DataLayout(dataDir);
            Billing billing = new Billing(billingSettings, clock,
                    registry == null ? Metrics.noop() : registry.forNamespace(MetricRegistry.SELF_NAMESPACE + "/Billing"));
            startup.run("exporters", () -> exporters.configure(configuredExporters,
                    name -> new ExporterContext(name, layout, clock, self, scheduler.io(), billing.meter(name),
                            registry == null ? metric -> MetricKind.UNKNOWN : registry::kindOf,
                            Map.of(LogSettings.class, logSettings != null ? logSettings : LogSettings.defaults(namespace)))));
            if (namespaceError != null) {
                problems.add("namespace: " + namespaceError);
            }
            checkDataDir();
            // Each capability's default exporter is added here (exporters.addDefault), so that the pipelines
            // start before the capabilities, which take their signal's pipeline (pipelines.of(signal)) at start.
            // Defaults open files and keys: none is made once a problem is known.
            LogSettings logs = logSettings != null ? logSettings : LogSettings.defaults(namespace);
            TracerProvider tracerProvider = registry == null ? null : tracerProvider();
            TraceSettings traces = null;
            if (!startup.failed()) {
                startup.run("logs", () -> exporters.addDefault(Signal.LOGS, "log-files",
                        () -> LogFilesExporter.of(logs, new ExporterContext("log-files", layout, clock, self, scheduler.io()))));
                traces = tracerProvider == null ? null
                        : startup.start("traces", () -> traceExporters(tracerProvider, layout, self, scheduler), null);
                AuditSettings audit = auditSettings != null ? auditSettings : AuditSettings.defaults();
                startup.run("audit", () -> exporters.addDefault(Signal.AUDIT, CloudTrailFilesProvider.TYPE,
                        () -> CloudTrailFilesExporter.start(layout, clock, new CloudTrailFilesExporter.Settings(account, region,
                                audit.trailName(), audit.keyPair(), audit.privateKeyFile(), audit.publicKeyFile(), audit.filePermissions(),
                                audit.retention()), auditSettings != null)));
            }
            TraceSettings traceSettingsRead = traces;
            MonitorEvents ownEvents = new MonitorEvents(clock, account, region);
            if (!startup.failed()) {
                // audit records reach the bus through the audit signal, as one more exporter of it
                startup.run("events", () -> exporters.add(Signal.AUDIT, "monitor-events-bus", ownEvents.auditExporter()));
            }
            for (String budgeted : billingSettings.budgets().keySet()) {
                if (!exporters.exporterNames().contains(budgeted)) {
                    problems.add("billing.budgets." + budgeted + ": no exporter is named '" + budgeted + "'; exporters: "
                            + exporters.exporterNames());
                }
            }
            ExportPipelines pipelines = startup.failed() ? null : startup.start("exporters",
                    () -> exporters.start(self, exportAttempts, exportBackoff, billing::overBudget), ExportPipelines::close);
            if (pipelines != null) {
                startup.forget(closeExporters); // the pipelines close their exporters now
            }
            AlarmEngine alarms = registry == null ? null : startup.start("alarms",
                    () -> new AlarmEngine(clock, account, region, registry::recentDatapoints, self, billing.meter("alarm-actions")),
                    AlarmEngine::close);
            if (alarms != null) {
                startup.run("alarms", () -> problems.addAll(alarms.apply(alarmSettings.build(), dataDir)));
            }
            if (startup.failed()) {
                return null;
            }
            Set<String> builtinNames = startup.start("metrics", () -> {
                NameRecorder recorder = new NameRecorder(registry);
                BuiltinMetrics.register(recorder, metricsSettings.builtins(), metricsSettings.resolution());
                return recorder.names();
            }, null);
            HttpDashboardServer dashboard = !dashboardSettings.enabled() || startup.failed() ? null : startup.start("dashboard",
                    () -> HttpDashboardServer.start(dashboardSettings, registry, scheduler.ticks()), HttpDashboardServer::close);
            if (dashboard != null && prometheusEndpoint != null) {
                startup.run("prometheus", () -> dashboard.serve(prometheusSettings.path(), prometheusEndpoint));
            }
            AuditTrail trail = auditSettings == null || startup.failed() ? null : startup.start("audit", () -> {
                try {
                    return auditTrail(self, pipelines, scheduler).build(); // at start: what a crashed run left is delivered now
                } catch (java.io.IOException e) {
                    throw new UncheckedIOException("the trail cannot be written under " + dataDir + ": " + e.getMessage(), e);
                }
            }, AuditTrail::close);
            LogService logService = startup.failed() ? null : startup.start("logs",
                    () -> new LogEngine(logs, layout, clock, registry, account, pipelines.of(Signal.LOGS)), LogService::close);
            dev.monitor.api.trace.Tracer tracer = startup.failed() ? null
                    : startup.start("traces", () -> tracer(tracerProvider, traceSettingsRead, self, registry, layout, pipelines,
                    scheduler),
                    Builder::closeTracer);
            EventSettings eventsSettings = eventSettings != null ? eventSettings : EventSettings.defaults();
            EventEngine events = startup.failed() ? null : startup.start("events", () -> new EventEngine(eventsSettings,
                    new EventEngine.Context(clock, account, region, layout, registry, pipelines.of(Signal.EVENTS), pipelines.of(Signal.LOGS),
                            logService.stream(), alarms::topic, billing.meter("rule-targets"))), EventEngine::close);
            if (events != null) {
                startup.run("events", () -> problems.addAll(events.apply(eventsSettings)));
            }
            SourceSettings sources = sourceSettings != null ? sourceSettings : SourceSettings.defaults();
            EventSources eventSources = startup.failed() ? null : startup.start("events", () -> EventSources.start(sources,
                    new EventSources.Context(events, ownEvents, alarms, dashboard, layout, clock, account, region, self, scheduler.io()), problems),
                    EventSources::close);
            if (eventSources != null && trail != null) {
                eventSources.auditTrail(trail);
            }
            ProfilerEngine profiler = startup.failed() ? null : startup.start("profiler", () -> {
                ProfilerEngine engine = new ProfilerEngine(profilerSettings, new ProfilerEngine.Context(layout, clock, namespace, self,
                        pipelines.of(Signal.PROFILES)::submit, entry -> events.putEvents(entry),
                        tickEvery.isZero() ? Duration.ZERO : Duration.ofSeconds(1), profilerKilled));
                if (profilerSettings.enabled() && !profilerKilled) {
                    engine.start();
                }
                return engine;
            }, ProfilerEngine::close);
            if (startup.failed()) {
                return null;
            }
            HealthEngine health = startup.start("health", () -> health(layout, self, events, tracer, pipelines, alarms, dashboard, scheduler),
                    HealthEngine::close);
            if (startup.failed()) {
                return null;
            }
            Monitor monitor = startup.start("collector", () -> new Monitor(this, registry, builtinNames, pipelines, scheduler, dashboard,
                    alarms, tracer, trail, logService, events, eventSources, health, profiler), null);
            if (monitor != null) {
                ClassLoader loader = Thread.currentThread().getContextClassLoader();
                monitor.installPlugins(loader != null ? loader : Monitor.class.getClassLoader());
            }
            return monitor;
        }

        /**
         * The health engine: its events on the default bus, dependencies' rates from a tracer that
         * knows them, alarms bound to components, its endpoints on the dashboard's server. It ticks on
         * the scheduler's I/O lane (it writes the health files), unless the monitor has no collector
         * thread either ({@code tickEvery} zero): then whoever moves the clock ticks it.
         */
        private HealthEngine health(DataLayout layout, Metrics self, EventEngine events, dev.monitor.api.trace.Tracer tracer,
                                    ExportPipelines pipelines, AlarmEngine alarms, HttpDashboardServer dashboard, Scheduler scheduler) {
            HealthSettings settings = healthSettings != null ? healthSettings : HealthSettings.defaults();
            HealthEngine engine = new HealthEngine(settings, new HealthEngine.Context(clock, account, region, layout, self,
                    envelope -> events.putEnvelope(dev.monitor.core.events.Rule.DEFAULT_BUS, envelope),
                    tracer instanceof DependencyRates rates ? rates : null, pipelines::backlog,
                    dev.monitor.core.export.internal.ExportPipeline.QUEUE_CAPACITY));
            alarms.onStateChange(engine::alarmChanged);
            if (dashboard != null) {
                dashboard.serve("/health", new HealthEndpoints(engine, dashboard::uri));
            }
            if (!tickEvery.isZero()) {
                engine.start(scheduler.io());
            }
            return engine;
        }

        /**
         * The data directory must be a directory this process can write, or one it can make: found at
         * start rather than as a count of failed writes later.
         */
        private void checkDataDir() {
            Path existing = dataDir.toAbsolutePath();
            while (existing != null && !Files.exists(existing)) {
                existing = existing.getParent();
            }
            if (existing == null) {
                return;
            }
            if (!Files.isDirectory(existing)) {
                problems.add("dataDir: '" + dataDir + "' cannot be made: '" + existing + "' is not a directory");
            } else if (!Files.isWritable(existing)) {
                problems.add("dataDir: '" + dataDir + "' cannot be written: '" + existing + "' is not writable");
            }
        }

        private static void closeTracer(dev.monitor.api.trace.Tracer tracer) {
            if (tracer instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    LOG.debug("closing the tracer after a failed start failed", e);
                }
            }
        }

        /**
         * The audit trail of this monitor's data dir, clock, account and region, delivering to its audit exporters,
         * its timers on the scheduler's I/O lane.
         */
        private AuditTrail.Builder auditTrail(Metrics self, ExportPipelines pipelines, Scheduler scheduler) {
            return AuditTrail.builder().dataDir(dataDir).clock(clock).account(account, region).selfMetrics(self)
                    .settings(auditSettings != null ? auditSettings : AuditSettings.defaults())
                    .deliverTo(new PipelineDelivery<>(pipelines.of(Signal.AUDIT))).executor(scheduler.io());
        }

        /** The tracer of {@code provider} (the first {@link TracerProvider} on the classpath), or a no-op one without. */
        private dev.monitor.api.trace.Tracer tracer(TracerProvider provider, TraceSettings settings, Metrics self, Metrics metrics,
                                                   DataLayout layout, ExportPipelines pipelines, Scheduler scheduler) {
            return provider == null ? dev.monitor.api.trace.Tracer.noop()
                    : provider.create(new TracerProvider.Context(layout, clock, self, metrics, pipelines.of(Signal.TRACES),
                    scheduler.io()), settings);
        }

        /** The tracer's settings, its provider's default exporters added to the traces signal unless configured. */
        private TraceSettings traceExporters(TracerProvider provider, DataLayout layout, Metrics self, Scheduler scheduler) {
            TraceSettings settings = traceSettings != null ? traceSettings
                    : provider.read(ConfigNode.of("traces", Map.of(), problems));
            for (TracerProvider.DefaultExporter exporter : provider.defaultExporters(settings)) {
                exporters.addDefault(Signal.TRACES, exporter.type(),
                        () -> exporter.factory().apply(new ExporterContext(exporter.type(), layout, clock, self, scheduler.io())));
            }
            return settings;
        }

        private static TracerProvider tracerProvider() {
            for (TracerProvider provider : ServiceLoader.load(TracerProvider.class)) {
                return provider;
            }
            return null;
        }

        /** The {@code traces:} section as the tracer module reads it; without one, its keys are unknown. */
        private static TraceSettings readTraces(ConfigNode section) {
            TracerProvider provider = tracerProvider();
            if (provider == null) {
                section.rejectUnknownKeys();
                return null;
            }
            return provider.read(section);
        }

        /**
         * The API and the runtime are released together; a mix (an old monitor-api pulled in by a
         * library, say) fails later with NoSuchMethodError, so say so up front.
         */
        private static void warnIfVersionsDiffer() {
            String api = Telemetry.class.getPackage().getImplementationVersion();
            String core = Monitor.class.getPackage().getImplementationVersion();
            if (api != null && core != null && !api.equals(core)) {
                LOG.warn("monitor-api {} and monitor-core {} differ; use one version of both (import dev.monitor:monitor-bom)",
                        api, core);
            }
        }
    }
}
