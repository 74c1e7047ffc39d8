package dev.monitor.core.metrics.internal;

import dev.monitor.api.metrics.Counter;
import dev.monitor.api.metrics.CounterBuilder;
import dev.monitor.api.metrics.Distribution;
import dev.monitor.api.metrics.DistributionBuilder;
import dev.monitor.api.metrics.Gauge;
import dev.monitor.api.metrics.GaugeBuilder;
import dev.monitor.api.metrics.Metrics;
import dev.monitor.api.metrics.Resolution;
import dev.monitor.api.metrics.Timer;
import dev.monitor.api.metrics.TimerBuilder;
import dev.monitor.core.internal.InternalErrors;
import dev.monitor.core.metrics.CloudWatchNames;
import dev.monitor.core.metrics.Datapoint;
import dev.monitor.core.metrics.MetricId;
import dev.monitor.core.metrics.MetricSettings;
import dev.monitor.core.metrics.MetricStatistics;
import dev.monitor.core.metrics.Statistics;
import dev.monitor.core.metrics.StatisticsQuery;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metrics runtime: instruments of every namespace, their per-period collection, and the recent
 * datapoints kept for queries.
 *
 * <p>Timers ({@code DurationCounts}) and distributions ({@code LogLinearCounts}) count values in
 * fixed log-linear buckets with the resolution of an HdrHistogram of {@value #SIGNIFICANT_DIGITS}
 * significant digits (128 sub-buckets per power of two): every
 * percentile reported lies within {@link #RELATIVE_ERROR} (1%) of the true
 * nearest-rank percentile of the values recorded, and is never outside their exact minimum and
 * maximum. SampleCount, Sum, Minimum and Maximum are exact.
 *
 * <p>Thread-safe. Recording and lookups run on application threads; {@link #collect} runs on the
 * monitor's collector thread.
 */
public final class MetricRegistry implements Metrics {
    /** The HdrHistogram precision timers and distributions match (see {@code DurationCounts}, {@code LogLinearCounts}). */
    public static final int SIGNIFICANT_DIGITS = 2;
    /** The largest relative error of a reported percentile. */
    public static final double RELATIVE_ERROR = 0.01;
    /** How many metric names a namespace holds by default before further names fold. */
    public static final int DEFAULT_NAME_LIMIT = MetricSettings.DEFAULT_NAME_LIMIT;
    /** The namespace of Monitor's own health metrics. */
    public static final String SELF_NAMESPACE = "Monitor";

    /**
     * The weight budget of the recent datapoints kept for queries (see {@link RecentDatapoints}):
     * at most a few tens of megabytes, whatever the load or cardinality.
     */
    static final long RECENT_WEIGHT_LIMIT = 1_000_000;
    static final Metrics NOOP = Metrics.noop();
    private static final Logger LOG = LoggerFactory.getLogger(MetricRegistry.class);
    private static final int MAX_LOGGED_PROBLEMS = 1000;

    final Resolution defaultResolution;
    final int cardinalityLimit;
    final int nameLimit;
    final LongAdder invalidValues = new LongAdder();
    private final Namespace defaultNamespace;
    private final ConcurrentHashMap<String, Namespace> namespaces = new ConcurrentHashMap<>();
    private final RecentDatapoints recent;
    private final Set<String> loggedProblems = ConcurrentHashMap.newKeySet();
    private final Namespace self;
    private final Counter invalidLookups;
    private final InternalErrors internalErrors;
    private final Clock clock;
    /** The bucket bounds of a metric's exemplars in its unit, null for none; null when no exemplars are kept. */
    private volatile java.util.function.BiFunction<MetricId, dev.monitor.core.metrics.MetricKind, double[]> exemplarBounds;

    /** A registry whose namespaces hold up to {@link #DEFAULT_NAME_LIMIT} metric names each. */
    public MetricRegistry(String namespace, Clock clock, Resolution defaultResolution, int cardinalityLimit) {
        this(namespace, clock, defaultResolution, cardinalityLimit, DEFAULT_NAME_LIMIT);
    }

    /**
     * @param namespace         the namespace of instruments made through this registry
     * @param clock             the time the recent-datapoint rings age by
     * @param defaultResolution the resolution of instruments that do not choose one
     * @param cardinalityLimit  the most dimension sets one metric name keeps before folding
     * @param nameLimit         the most metric names one namespace (but {@code Monitor}) keeps; instruments of further
     *                          names fold into the metric {@code MetricNameOverflow} (dimensions
     *                          {@code Kind} and {@code Overflow=true}), and observed ones are not kept;
     *                          each fold is counted in {@code Monitor/CardinalityExceeded}
     */
    public MetricRegistry(String namespace, Clock clock, Resolution defaultResolution, int cardinalityLimit,
                          int nameLimit) {
        String error = CloudWatchNames.namespaceError(namespace);
        if (error != null) {
            throw new IllegalArgumentException(error);
        }
        if (cardinalityLimit < 1) {
            throw new IllegalArgumentException("cardinality limit " + cardinalityLimit + " must be at least 1");
        }
        if (nameLimit < 1) {
            throw new IllegalArgumentException("metric name limit " + nameLimit + " must be at least 1");
        }
        this.nameLimit = nameLimit;
        this.clock = clock;
        this.defaultResolution = Objects.requireNonNull(defaultResolution, "defaultResolution");
        this.cardinalityLimit = cardinalityLimit;
        this.recent = new RecentDatapoints(clock, 180, 900, RECENT_WEIGHT_LIMIT);
        this.defaultNamespace = namespaceOf(namespace);
        this.self = namespaceOf(SELF_NAMESPACE);
        this.internalErrors = new InternalErrors(self, MetricRegistry.class, org.slf4j.event.Level.WARN);
        this.invalidLookups = self.counterBuilder("InvalidLookups").resolution(Resolution.STANDARD).register();
        self.counterBuilder("InvalidValues").resolution(Resolution.STANDARD).observe(invalidValues::sum);
    }

    private Namespace namespaceOf(String name) {
        return namespaces.computeIfAbsent(name, n -> new Namespace(n, this));
    }

    /** The namespace instruments made through this registry go to. */
    public String namespace() {
        return defaultNamespace.name;
    }

    /**
     * Instruments in another namespace.
     *
     * @throws IllegalArgumentException when {@code namespace} breaks CloudWatch's rules
     */
    public Metrics forNamespace(String namespace) {
        String error = CloudWatchNames.namespaceError(namespace);
        if (error != null) {
            throw new IllegalArgumentException(error);
        }
        return namespaceOf(namespace);
    }

    /**
     * Instruments in a namespace CloudWatch reserves for AWS services, such as {@code AWS/Events}:
     * for a capability that publishes the metrics its AWS counterpart would. Not for applications.
     *
     * @throws IllegalArgumentException when {@code namespace} does not start with {@code AWS/}
     */
    public Metrics forServiceNamespace(String namespace) {
        if (!namespace.startsWith("AWS/") || namespace.length() > 255) {
            throw new IllegalArgumentException("'" + namespace + "' is not a namespace of an AWS service (AWS/...)");
        }
        return namespaceOf(namespace);
    }

    /** Whether {@code metric} was registered as a counter (its Sum is what a reader wants), rather than a gauge, timer or distribution. */
    public boolean isCounter(MetricId metric) {
        Namespace namespace = namespaces.get(metric.namespace());
        return namespace != null && namespace.kindOf(metric.name()) == Kind.COUNTER;
    }

    /** The instrument {@code metric} was registered as; {@link dev.monitor.core.metrics.MetricKind#UNKNOWN} when it was not. */
    public dev.monitor.core.metrics.MetricKind kindOf(MetricId metric) {
        Namespace namespace = namespaces.get(metric.namespace());
        Kind kind = namespace == null ? null : namespace.kindOf(metric.name());
        return kind == null ? dev.monitor.core.metrics.MetricKind.UNKNOWN : dev.monitor.core.metrics.MetricKind.valueOf(kind.name());
    }

    /**
     * Keeps exemplars for the counters, timers and distributions registered from now on (not the
     * {@code Monitor} namespace's): each keeps the latest recording made inside a trace per bucket,
     * the buckets' upper bounds given by {@code bounds} in the metric's unit (null for a metric that
     * keeps none; a counter has one bucket whatever its bounds). A monitor calls this before any of
     * the application's instruments is made.
     */
    public void keepExemplars(java.util.function.BiFunction<MetricId, dev.monitor.core.metrics.MetricKind, double[]> bounds) {
        this.exemplarBounds = Objects.requireNonNull(bounds, "bounds");
    }

    /** The slots of a new series of {@code kind}, or null when it keeps no exemplars. */
    ExemplarSlots exemplarSlots(MetricId id, Kind kind) {
        java.util.function.BiFunction<MetricId, dev.monitor.core.metrics.MetricKind, double[]> bounds = exemplarBounds;
        if (bounds == null || id.namespace().equals(SELF_NAMESPACE)) {
            return null;
        }
        if (kind == Kind.COUNTER) {
            return new ExemplarSlots(new double[0], clock);
        }
        double[] upper = bounds.apply(id, dev.monitor.core.metrics.MetricKind.valueOf(kind.name()));
        return upper == null ? null : new ExemplarSlots(upper, clock);
    }

    /**
     * The exemplars {@code metric} keeps, one per bucket (one for a counter), null where its bucket
     * has none; null when it keeps none.
     */
    public dev.monitor.core.metrics.Exemplar[] exemplars(MetricId metric) {
        Namespace namespace = namespaces.get(metric.namespace());
        Series series = namespace == null ? null : namespace.find(metric);
        ExemplarSlots slots = series == null ? null : series.exemplars();
        return slots == null ? null : slots.snapshot();
    }

    /**
     * Ends a period: every metric of {@code resolution} yields its datapoint, stamped with
     * {@code periodStart}; the datapoints are kept for queries and returned for export.
     */
    public List<Datapoint> collect(Resolution resolution, Instant periodStart) {
        List<Datapoint> datapoints = new ArrayList<>();
        for (Namespace namespace : namespaces.values()) {
            namespace.collect(resolution, periodStart, datapoints);
        }
        recent.add(datapoints);
        return datapoints;
    }

    /**
     * Answers a {@code GetMetricStatistics}-like query from the datapoints held in memory.
     *
     * @throws IllegalArgumentException listing every rule the query breaks
     */
    public MetricStatistics getStatistics(StatisticsQuery query) {
        return Statistics.answer(query, recent.all());
    }

    /** A copy of every datapoint held in memory, in no particular order. */
    public List<Datapoint> recentDatapoints() {
        return recent.all();
    }

    /** How many dimension sets a metric of the default namespace holds, not counting overflow. */
    public int seriesCount(String metricName) {
        return defaultNamespace.seriesCount(metricName);
    }

    void cardinalityExceeded(String namespace, String metricName) {
        if (namespace.equals(SELF_NAMESPACE) && metricName.equals("CardinalityExceeded")) {
            return; // its own overflow: counting it would fold again, without end
        }
        self.counter("CardinalityExceeded", "Namespace", namespace, "MetricName", metricName).increment();
        logOnce(namespace + "/" + metricName + "/cardinality", "metric '{}' in namespace '{}' reached its limit of {} "
                + "dimension sets; further sets fold into the series with dimension Overflow=true",
                metricName, namespace, cardinalityLimit);
    }

    void nameLimitReached(String namespace) {
        self.counter("CardinalityExceeded", "Namespace", namespace, "MetricName", Family.NAME_OVERFLOW).increment();
        logOnce(namespace + "/names", "namespace '{}' holds {} metric names, its limit; metrics of further names fold into "
                + "metric '{}' (dimensions Kind and Overflow=true) and observed ones are not kept; each fold is counted in "
                + "Monitor/CardinalityExceeded (Namespace={}, MetricName={})",
                namespace, nameLimit, Family.NAME_OVERFLOW, namespace, Family.NAME_OVERFLOW);
    }

    /** How many metric names the default namespace holds, not counting the name-overflow metric. */
    public int nameCount() {
        return defaultNamespace.nameCount();
    }

    /** A series that threw while collected: counted per thread, logged once. */
    void collectFailed(Throwable problem) {
        String thread = Thread.currentThread().getName();
        internalErrors.report(thread, problem, "collecting a metric on thread '{}' threw {}; its datapoint is lost, the other "
                + "metrics are collected, and further failures are only counted in Monitor/InternalErrors (Thread={})",
                thread, problem, thread);
    }

    void invalidLookup(String namespace, String metricName, RuntimeException problem) {
        invalidLookups.increment();
        logOnce(namespace + "/" + metricName + "/" + problem.getMessage(),
                "metric '{}' in namespace '{}' was looked up wrongly and records nothing: {}",
                metricName, namespace, problem.getMessage());
    }

    private void logOnce(String key, String message, Object... arguments) {
        if (loggedProblems.size() < MAX_LOGGED_PROBLEMS && loggedProblems.add(key)) {
            LOG.warn(message, arguments);
        }
    }

    @Override
    public CounterBuilder counterBuilder(String name) {
        return defaultNamespace.counterBuilder(name);
    }

    @Override
    public GaugeBuilder gaugeBuilder(String name) {
        return defaultNamespace.gaugeBuilder(name);
    }

    @Override
    public TimerBuilder timerBuilder(String name) {
        return defaultNamespace.timerBuilder(name);
    }

    @Override
    public DistributionBuilder distributionBuilder(String name) {
        return defaultNamespace.distributionBuilder(name);
    }

    @Override
    public Counter counter(String name, String... dimensionPairs) {
        return defaultNamespace.counter(name, dimensionPairs);
    }

    @Override
    public Counter counter(String name) {
        return defaultNamespace.counter(name);
    }

    @Override
    public Counter counter(String name, String d1, String v1) {
        return defaultNamespace.counter(name, d1, v1);
    }

    @Override
    public Counter counter(String name, String d1, String v1, String d2, String v2) {
        return defaultNamespace.counter(name, d1, v1, d2, v2);
    }

    @Override
    public Counter counter(String name, String d1, String v1, String d2, String v2, String d3, String v3) {
        return defaultNamespace.counter(name, d1, v1, d2, v2, d3, v3);
    }

    @Override
    public Gauge gauge(String name, String... dimensionPairs) {
        return defaultNamespace.gauge(name, dimensionPairs);
    }

    @Override
    public Gauge gauge(String name) {
        return defaultNamespace.gauge(name);
    }

    @Override
    public Gauge gauge(String name, String d1, String v1) {
        return defaultNamespace.gauge(name, d1, v1);
    }

    @Override
    public Gauge gauge(String name, String d1, String v1, String d2, String v2) {
        return defaultNamespace.gauge(name, d1, v1, d2, v2);
    }

    @Override
    public Gauge gauge(String name, String d1, String v1, String d2, String v2, String d3, String v3) {
        return defaultNamespace.gauge(name, d1, v1, d2, v2, d3, v3);
    }

    @Override
    public Timer timer(String name, String... dimensionPairs) {
        return defaultNamespace.timer(name, dimensionPairs);
    }

    @Override
    public Timer timer(String name) {
        return defaultNamespace.timer(name);
    }

    @Override
    public Timer timer(String name, String d1, String v1) {
        return defaultNamespace.timer(name, d1, v1);
    }

    @Override
    public Timer timer(String name, String d1, String v1, String d2, String v2) {
        return defaultNamespace.timer(name, d1, v1, d2, v2);
    }

    @Override
    public Timer timer(String name, String d1, String v1, String d2, String v2, String d3, String v3) {
        return defaultNamespace.timer(name, d1, v1, d2, v2, d3, v3);
    }

    @Override
    public Distribution distribution(String name, String... dimensionPairs) {
        return defaultNamespace.distribution(name, dimensionPairs);
    }

    @Override
    public Distribution distribution(String name) {
        return defaultNamespace.distribution(name);
    }

    @Override
    public Distribution distribution(String name, String d1, String v1) {
        return defaultNamespace.distribution(name, d1, v1);
    }

    @Override
    public Distribution distribution(String name, String d1, String v1, String d2, String v2) {
        return defaultNamespace.distribution(name, d1, v1, d2, v2);
    }

    @Override
    public Distribution distribution(String name, String d1, String v1, String d2, String v2, String d3, String v3) {
        return defaultNamespace.distribution(name, d1, v1, d2, v2, d3, v3);
    }
}
