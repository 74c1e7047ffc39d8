package dev.monitor.core.profiler;

import dev.monitor.core.config.ConfigNode;
import java.time.Duration;
import java.util.Objects;

/**
 * How the profiler samples, reports and limits itself; {@link #builder()} checks each value as it is set, and
 * {@link #read} reads the configuration file's {@code profiler:} section with the same rules. Immutable.
 *
 * <pre>{@code
 * profiler:
 *   enabled: true                 # off unless true here or in code; false is a kill switch code cannot override
 *   profilingGroup: shop          # default: the namespace
 *   samplingInterval: 20ms        # jdk.ExecutionSample period, 1ms to 1s
 *   reportingInterval: 5m         # one file per kind per interval, 10s to 1h
 *   allocationSamplesPerSecond: 150  # jdk.ObjectAllocationSample's throttle; 0 records no allocation profile
 *   lockThreshold: 10ms           # monitor enters and lock parks shorter than this are not recorded
 *   cpuBudget: 0.01               # the profiler's share of process CPU (at least one core's time); above it samples less, above twice pauses
 *   heapSummaryEvery: 30m         # scheduled class histograms; heapSummaries: false for none
 *   heapSummaryMinGap: 1m         # on-demand histograms closer than this answer the last one (each is a full GC)
 *   heapTopClasses: 20
 *   instanceCostPerHour: 0.192    # USD; recommendations then estimate a yearly cost
 *   anomalyBaselineIntervals: 12  # how many recent intervals make a function's baseline
 *   anomalyZScore: 3.5            # how far (robust z-score) a share departs to be an anomaly
 *   retention: 7d                 # interval files older than this are deleted
 * }</pre>
 */
public final class ProfilerSettings {
    static final Duration MIN_REPORTING = Duration.ofSeconds(10);
    static final Duration MAX_REPORTING = Duration.ofHours(1);
    static final Duration MIN_SAMPLING = Duration.ofMillis(1);
    static final Duration MAX_SAMPLING = Duration.ofSeconds(1);
    static final int MAX_ALLOCATION_SAMPLES = 100_000;

    private final boolean enabled;
    private final String profilingGroup;
    private final Duration samplingInterval;
    private final Duration reportingInterval;
    private final int allocationSamplesPerSecond;
    private final Duration lockThreshold;
    private final double cpuBudget;
    private final Duration selfCheckEvery;
    private final boolean heapSummaries;
    private final Duration heapSummaryEvery;
    private final Duration heapSummaryMinGap;
    private final int heapTopClasses;
    private final Double instanceCostPerHour;
    private final int anomalyBaselineIntervals;
    private final double anomalyZScore;
    private final Duration retention;

    private ProfilerSettings(Builder b) {
        enabled = b.enabled;
        profilingGroup = b.profilingGroup;
        samplingInterval = b.samplingInterval;
        reportingInterval = b.reportingInterval;
        allocationSamplesPerSecond = b.allocationSamplesPerSecond;
        lockThreshold = b.lockThreshold;
        cpuBudget = b.cpuBudget;
        selfCheckEvery = b.selfCheckEvery;
        heapSummaries = b.heapSummaries;
        heapSummaryEvery = b.heapSummaryEvery;
        heapSummaryMinGap = b.heapSummaryMinGap;
        heapTopClasses = b.heapTopClasses;
        instanceCostPerHour = b.instanceCostPerHour;
        anomalyBaselineIntervals = b.anomalyBaselineIntervals;
        anomalyZScore = b.anomalyZScore;
        retention = b.retention;
    }

    /** Every default: off, 20 ms sampling, 5-minute intervals, 1% CPU budget. */
    public static ProfilerSettings defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these settings, to derive a changed copy. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.enabled = enabled;
        b.profilingGroup = profilingGroup;
        b.samplingInterval = samplingInterval;
        b.reportingInterval = reportingInterval;
        b.allocationSamplesPerSecond = allocationSamplesPerSecond;
        b.lockThreshold = lockThreshold;
        b.cpuBudget = cpuBudget;
        b.selfCheckEvery = selfCheckEvery;
        b.heapSummaries = heapSummaries;
        b.heapSummaryEvery = heapSummaryEvery;
        b.heapSummaryMinGap = heapSummaryMinGap;
        b.heapTopClasses = heapTopClasses;
        b.instanceCostPerHour = instanceCostPerHour;
        b.anomalyBaselineIntervals = anomalyBaselineIntervals;
        b.anomalyZScore = anomalyZScore;
        b.retention = retention;
        return b;
    }

    /**
     * The {@code profiler:} section; each problem is recorded in the node with its path, and the default kept for it.
     */
    public static ProfilerSettings read(ConfigNode section) {
        Builder b = builder();
        b.enabled = section.bool("enabled", false);
        String group = section.string("profilingGroup", null);
        if (group != null) {
            set(section, "profilingGroup", () -> b.profilingGroup(group));
        }
        Duration sampling = section.duration("samplingInterval", null);
        if (sampling != null) {
            set(section, "samplingInterval", () -> b.samplingInterval(sampling));
        }
        Duration reporting = section.duration("reportingInterval", null);
        if (reporting != null) {
            set(section, "reportingInterval", () -> b.reportingInterval(reporting));
        }
        b.allocationSamplesPerSecond = section.integer("allocationSamplesPerSecond", b.allocationSamplesPerSecond, 0, MAX_ALLOCATION_SAMPLES);
        b.lockThreshold = section.duration("lockThreshold", b.lockThreshold);
        Double budget = section.number("cpuBudget");
        if (budget != null) {
            set(section, "cpuBudget", () -> b.cpuBudget(budget));
        }
        Duration check = section.duration("selfCheckEvery", null);
        if (check != null) {
            set(section, "selfCheckEvery", () -> b.selfCheckEvery(check));
        }
        b.heapSummaries = section.bool("heapSummaries", true);
        b.heapSummaryEvery = section.duration("heapSummaryEvery", b.heapSummaryEvery);
        b.heapSummaryMinGap = section.duration("heapSummaryMinGap", b.heapSummaryMinGap);
        b.heapTopClasses = section.integer("heapTopClasses", b.heapTopClasses, 1, 1000);
        Double cost = section.number("instanceCostPerHour");
        if (cost != null) {
            set(section, "instanceCostPerHour", () -> b.instanceCostPerHour(cost));
        }
        b.anomalyBaselineIntervals = section.integer("anomalyBaselineIntervals", b.anomalyBaselineIntervals, 3, 1000);
        Double z = section.number("anomalyZScore");
        if (z != null) {
            set(section, "anomalyZScore", () -> b.anomalyZScore(z));
        }
        b.retention = section.duration("retention", b.retention);
        section.rejectUnknownKeys();
        return b.build();
    }

    private static void set(ConfigNode section, String key, Runnable setter) {
        try {
            setter.run();
        } catch (IllegalArgumentException e) {
            section.problem(key, e.getMessage());
        }
    }

    /** Whether the monitor starts the profiler. */
    public boolean enabled() {
        return enabled;
    }

    /** The profiling group, or null for the monitor's namespace. */
    public String profilingGroup() {
        return profilingGroup;
    }

    public Duration samplingInterval() {
        return samplingInterval;
    }

    public Duration reportingInterval() {
        return reportingInterval;
    }

    /** The most allocation samples JFR records a second; 0 when allocation profiles are off. */
    public int allocationSamplesPerSecond() {
        return allocationSamplesPerSecond;
    }

    public Duration lockThreshold() {
        return lockThreshold;
    }

    public double cpuBudget() {
        return cpuBudget;
    }

    /** How often the profiler measures its own CPU share. */
    public Duration selfCheckEvery() {
        return selfCheckEvery;
    }

    public boolean heapSummaries() {
        return heapSummaries;
    }

    public Duration heapSummaryEvery() {
        return heapSummaryEvery;
    }

    public Duration heapSummaryMinGap() {
        return heapSummaryMinGap;
    }

    public int heapTopClasses() {
        return heapTopClasses;
    }

    /** USD per hour of the instance the application runs on, or null. */
    public Double instanceCostPerHour() {
        return instanceCostPerHour;
    }

    public int anomalyBaselineIntervals() {
        return anomalyBaselineIntervals;
    }

    public double anomalyZScore() {
        return anomalyZScore;
    }

    public Duration retention() {
        return retention;
    }

    @Override
    public String toString() {
        return "ProfilerSettings[enabled=" + enabled + ", group=" + profilingGroup + ", sampling=" + samplingInterval + ", reporting="
                + reportingInterval + ", cpuBudget=" + cpuBudget + "]";
    }

    /** Builds {@link ProfilerSettings}; each setter checks its argument. Not thread-safe. */
    public static final class Builder {
        private boolean enabled;
        private String profilingGroup;
        private Duration samplingInterval = Duration.ofMillis(20);
        private Duration reportingInterval = Duration.ofMinutes(5);
        private int allocationSamplesPerSecond = 150;
        private Duration lockThreshold = Duration.ofMillis(10);
        private double cpuBudget = 0.01;
        private Duration selfCheckEvery = Duration.ofSeconds(10);
        private boolean heapSummaries = true;
        private Duration heapSummaryEvery = Duration.ofMinutes(30);
        private Duration heapSummaryMinGap = Duration.ofMinutes(1);
        private int heapTopClasses = 20;
        private Double instanceCostPerHour;
        private int anomalyBaselineIntervals = 12;
        private double anomalyZScore = 3.5;
        private Duration retention = Duration.ofDays(7);

        private Builder() {
        }

        /** Whether the monitor starts the profiler with itself; off by default. */
        public Builder enabled(boolean enabled) {
            this.enabled = enabled;
            return this;
        }

        /** The profiling group (an application's name); the monitor's namespace by default. */
        public Builder profilingGroup(String group) {
            Objects.requireNonNull(group, "group");
            if (group.isEmpty() || group.startsWith(".") || group.length() > 255) {
                throw new IllegalArgumentException("profiling group '" + group + "' must be 1 to 255 characters, not starting with '.'");
            }
            this.profilingGroup = group;
            return this;
        }

        /** The CPU sampling period ({@code jdk.ExecutionSample}); 20 ms by default, 1 ms to 1 s. */
        public Builder samplingInterval(Duration interval) {
            this.samplingInterval = within("sampling interval", interval, MIN_SAMPLING, MAX_SAMPLING);
            return this;
        }

        /** How long one interval's profile is; 5 minutes by default, 10 s to 1 h. */
        public Builder reportingInterval(Duration interval) {
            this.reportingInterval = within("reporting interval", interval, MIN_REPORTING, MAX_REPORTING);
            return this;
        }

        /**
         * The most allocation samples a second ({@code jdk.ObjectAllocationSample}'s throttle, each sample weighted by the
         * bytes it stands for); 150 by default, JFR's own default. 0 records no allocation profile.
         */
        public Builder allocationSamplesPerSecond(int perSecond) {
            if (perSecond < 0 || perSecond > MAX_ALLOCATION_SAMPLES) {
                throw new IllegalArgumentException("allocation samples per second " + perSecond + " must be 0 (none) to " + MAX_ALLOCATION_SAMPLES);
            }
            this.allocationSamplesPerSecond = perSecond;
            return this;
        }

        /** The shortest blocking that counts as lock contention; 10 ms by default. */
        public Builder lockThreshold(Duration threshold) {
            Objects.requireNonNull(threshold, "threshold");
            if (threshold.isNegative()) {
                throw new IllegalArgumentException("lock threshold " + threshold + " must not be negative");
            }
            this.lockThreshold = threshold;
            return this;
        }

        /**
         * The most of the process's CPU time the profiler's own threads (JFR's included) may use, above 0 and at most 1;
         * 0.01 by default. A process using less than one core counts as using one, so that a nearly idle application
         * does not pause the profiler for a cost it does not feel. Above the budget the profiler samples half as often;
         * above twice it pauses for a while.
         */
        public Builder cpuBudget(double share) {
            if (!(share > 0 && share <= 1)) {
                throw new IllegalArgumentException("cpu budget " + share + " must be above 0 and at most 1 (a share of process CPU)");
            }
            this.cpuBudget = share;
            return this;
        }

        /** How often the profiler measures its own CPU share; 10 s by default, at least 100 ms. */
        public Builder selfCheckEvery(Duration every) {
            this.selfCheckEvery = within("self-check interval", every, Duration.ofMillis(100), Duration.ofHours(1));
            return this;
        }

        /** Scheduled heap summaries every {@code every} (on by default, every 30 minutes); null for none. */
        public Builder heapSummaryEvery(Duration every) {
            if (every == null) {
                heapSummaries = false;
                return this;
            }
            this.heapSummaryEvery = within("heap summary interval", every, Duration.ofSeconds(10), Duration.ofDays(7));
            heapSummaries = true;
            return this;
        }

        /** On-demand heap summaries closer together than this answer the last one; 1 minute by default. */
        public Builder heapSummaryMinGap(Duration gap) {
            Objects.requireNonNull(gap, "gap");
            if (gap.isNegative()) {
                throw new IllegalArgumentException("heap summary gap " + gap + " must not be negative");
            }
            this.heapSummaryMinGap = gap;
            return this;
        }

        /** How many classes a heap summary lists by bytes (and as many by instances); 20 by default. */
        public Builder heapTopClasses(int count) {
            if (count < 1 || count > 1000) {
                throw new IllegalArgumentException("heap top classes " + count + " must be 1 to 1000");
            }
            this.heapTopClasses = count;
            return this;
        }

        /** The instance's cost in USD per hour, for the recommendations' yearly estimate; none by default. */
        public Builder instanceCostPerHour(double usd) {
            if (!(usd >= 0) || Double.isInfinite(usd)) {
                throw new IllegalArgumentException("instance cost per hour " + usd + " must be a finite number of USD, at least 0");
            }
            this.instanceCostPerHour = usd;
            return this;
        }

        /** How many recent intervals make a function's baseline for anomaly detection; 12 by default, at least 3. */
        public Builder anomalyBaselineIntervals(int intervals) {
            if (intervals < 3 || intervals > 1000) {
                throw new IllegalArgumentException("anomaly baseline of " + intervals + " intervals must be 3 to 1000");
            }
            this.anomalyBaselineIntervals = intervals;
            return this;
        }

        /** The robust z-score from which a share is an anomaly; 3.5 by default (Iglewicz and Hoaglin's outlier rule). */
        public Builder anomalyZScore(double z) {
            if (!(z > 0) || Double.isInfinite(z)) {
                throw new IllegalArgumentException("anomaly z-score " + z + " must be a positive finite number");
            }
            this.anomalyZScore = z;
            return this;
        }

        /** How long interval, report and heap files are kept; 7 days by default. */
        public Builder retention(Duration retention) {
            this.retention = within("retention", retention, Duration.ofMinutes(1), Duration.ofDays(3650));
            return this;
        }

        public ProfilerSettings build() {
            return new ProfilerSettings(this);
        }

        private static Duration within(String what, Duration value, Duration min, Duration max) {
            Objects.requireNonNull(value, what);
            if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
                throw new IllegalArgumentException(what + " " + value + " must be " + min + " to " + max);
            }
            return value;
        }
    }
}
