package dev.monitor.core.profiler;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The continuous profiler, as CodeGuru Profiler in-process: JFR event streaming (no agent) aggregated into CPU,
 * allocation and lock profiles per reporting interval, written under {@code <data-dir>/profiles/<group>/}, analysed into
 * {@linkplain Recommendation recommendations} and {@linkplain Anomaly anomalies}, with {@linkplain HeapSummary heap
 * summaries} on demand and on a schedule. Off unless enabled in the configuration ({@code profiler: enabled: true}),
 * in code ({@code Monitor.builder().profiler(...)}) or by {@link #start()}; {@code enabled: false} in the configuration
 * is a kill switch that {@link #start()} obeys.
 *
 * <p>The application's threads do nothing for it: JFR samples them, and the profiler's own threads (named
 * {@code monitor-profiler} and JFR's) aggregate, write and measure their own CPU share against the budget. Thread-safe.
 */
public interface Profiler {
    /** Starts sampling, unless it runs already or the configuration switched the profiler off (then it says so once). */
    void start();

    /** Ends the current interval (writing it) and stops sampling; {@link #start()} starts again. */
    void stop();

    /** Whether it samples now (false while paused by its CPU budget, too). */
    boolean running();

    /** The settings it runs with. */
    ProfilerSettings settings();

    /** The profiling group its files are written under. */
    String profilingGroup();

    /**
     * Ends the current interval now (instead of at its scheduled end), writes its files and analyses it. Empty when
     * not started, or when less than a second passed since the interval began.
     */
    Optional<IntervalReport> endInterval();

    /** The recommendations of the last interval ended (none before one ended). */
    List<Recommendation> recommendations();

    /** The anomalies of the last interval ended. */
    List<Anomaly> anomalies();

    /**
     * A heap summary taken now (a class histogram of live objects, which costs a full GC) and written to
     * {@code heap/<time>.json}; within the configured minimum gap of the last one, that one is answered instead.
     *
     * @throws IllegalStateException when the JVM has no DiagnosticCommand MBean (not a HotSpot JVM)
     */
    HeapSummary heapSummary();

    /** What the self-limit decided: the sampling interval now, whether paused, its last CPU share and how often it throttled. */
    Status status();

    /**
     * The profiler's state.
     *
     * @param running          sampling now
     * @param paused           paused by its CPU budget
     * @param samplingInterval the sampling period now (lengthened by the self-limit)
     * @param cpuShare         its threads' share of the process's CPU (counted as at least one core's time) at the last check
     * @param throttled        how many times it slowed down or paused
     */
    record Status(boolean running, boolean paused, Duration samplingInterval, double cpuShare, long throttled) {
    }

    /**
     * One ended interval: its profiles, recommendations and anomalies.
     *
     * @param profilingGroup  the group
     * @param start           the interval's start
     * @param end             its end, exclusive
     * @param profiles        the collapsed stacks of each kind
     * @param recommendations what the rules found, costliest first
     * @param anomalies       functions whose share departed from their baseline
     */
    record IntervalReport(String profilingGroup, Instant start, Instant end, Map<ProfileKind, CollapsedProfile> profiles,
                          List<Recommendation> recommendations, List<Anomaly> anomalies) {
        public IntervalReport {
            profiles = Map.copyOf(profiles);
            recommendations = List.copyOf(recommendations);
            anomalies = List.copyOf(anomalies);
        }

        /** The profile of {@code kind}, empty when nothing was recorded. */
        public CollapsedProfile profile(ProfileKind kind) {
            return profiles.getOrDefault(kind, CollapsedProfile.empty());
        }
    }
}
