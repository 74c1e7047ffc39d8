package dev.monitor.core.export;

import dev.monitor.core.metrics.Datapoint;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A kind of telemetry that reaches exporters, with the type of its items. Metrics, logs,
 * traces, bus events and profiles may be dropped when an exporter falls behind (counted in {@code Monitor/Dropped} by
 * {@code Signal} and {@code Exporter}); audit records never are: the audit trail's journal keeps
 * them until every audit exporter has taken them.
 *
 * @param <T> the items an exporter of this signal receives
 */
public final class Signal<T> {
    /** Each period's statistics, one batch per period and resolution. */
    public static final Signal<Datapoint> METRICS = new Signal<>("metrics", Datapoint.class, true);
    /** Structured log events as their group and stream receive them. */
    public static final Signal<LogEvent> LOGS = new Signal<>("logs", LogEvent.class, true);
    /** X-Ray segment documents, one per segment or stand-alone subsegment. */
    public static final Signal<SegmentDocument> TRACES = new Signal<>("traces", SegmentDocument.class, true);
    /** CloudTrail records of the audit trail; never dropped. */
    public static final Signal<AuditRecord> AUDIT = new Signal<>("audit", AuditRecord.class, false);

    /** Events accepted by an event bus, as EventBridge's envelope. */
    public static final Signal<BusEvent> EVENTS = new Signal<>("events", BusEvent.class, true);

    /** The profiler's profiles, one item per profiling group, kind and reporting interval, in the collapsed-stack format. */
    public static final Signal<ProfileData> PROFILES = new Signal<>("profiles", ProfileData.class, true);

    private static final List<Signal<?>> ALL = List.of(METRICS, LOGS, TRACES, AUDIT, EVENTS, PROFILES);

    private final String name;
    private final Class<T> type;
    private final boolean mayDrop;

    private Signal(String name, Class<T> type, boolean mayDrop) {
        this.name = name;
        this.type = type;
        this.mayDrop = mayDrop;
    }

    /** Every signal, in the order the configuration lists them. */
    public static List<Signal<?>> values() {
        return ALL;
    }

    /** The signal of a configuration name such as {@code logs}, ignoring case. */
    public static Optional<Signal<?>> named(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return ALL.stream().<Signal<?>>map(signal -> signal).filter(signal -> signal.name.equals(lower)).findFirst();
    }

    /** The name in configuration and in the {@code Signal} dimension of Monitor's own metrics. */
    public String name() {
        return name;
    }

    public Class<T> type() {
        return type;
    }

    /** Whether items may be dropped (and counted) when an exporter cannot keep up. */
    public boolean mayDrop() {
        return mayDrop;
    }

    /**
     * {@code exporter}, made for {@code made}, as an exporter of this signal: lets a provider of
     * one signal answer {@link ExporterProvider#create} without an unchecked cast.
     *
     * @throws IllegalArgumentException when {@code made} is another signal
     */
    @SuppressWarnings("unchecked")
    public <U> Exporter<T> as(Signal<U> made, Exporter<U> exporter) {
        if (made != this) {
            throw new IllegalArgumentException("an exporter of " + made + " cannot export " + this);
        }
        return (Exporter<T>) exporter;
    }

    @Override
    public String toString() {
        return name;
    }
}
