package dev.monitor.core.prometheus;

import dev.monitor.core.config.ConfigNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Whether and how the monitor's metrics are served to Prometheus: an endpoint on the dashboard's
 * server (the dashboard must be on), in the Prometheus text format or OpenMetrics as the scraper
 * asks, or in Prometheus' protobuf format for native histograms. Given in code to {@code Monitor.Builder.prometheus(...)} or read from the configuration's
 * {@code prometheus:} section by {@link #read}, with the same names:
 *
 * <ul>
 *   <li>{@code enabled}: false by default;
 *   <li>{@code path}: {@code /metrics} by default;
 *   <li>{@code histograms}: {@code classic} (buckets, the default), {@code summary} (quantiles) or
 *       {@code native} (Prometheus' native histograms, served in its protobuf format to a scraper that
 *       asks for it, as Prometheus does with {@code --enable-feature=native-histograms}; the classic
 *       buckets too, in the same message and in the text formats for scrapers that do not);
 *   <li>{@code native-schema}: the native histograms' resolution, from -4 to 8: each bucket's upper
 *       bound is the previous one times {@code 2^(2^-schema)}; by default {@link #DEFAULT_NATIVE_SCHEMA}
 *       (buckets 9% wide); a histogram whose values spread over more than 160 buckets of one sign is
 *       served coarser;
 *   <li>{@code buckets}: the upper bounds of timers' buckets in seconds, ascending; by default
 *       Prometheus' client libraries' {@link #DEFAULT_BUCKETS};
 *   <li>{@code distribution-buckets}: the same for distributions, in their base unit (bytes for
 *       kilobytes, say); by default {@link #DEFAULT_DISTRIBUTION_BUCKETS};
 *   <li>{@code quantiles}: the quantiles of a summary, each from 0 to 1; by default 0.5, 0.9, 0.99;
 *   <li>{@code exemplars}: whether OpenMetrics scrapes get the trace id of a recent traced recording
 *       on counters and buckets; true by default.
 * </ul>
 *
 * Immutable.
 */
public final class PrometheusSettings {
    /** The buckets of Prometheus' client libraries, in seconds. */
    public static final List<Double> DEFAULT_BUCKETS =
            List.of(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0);
    /** Powers of ten from 1 to a million. */
    public static final List<Double> DEFAULT_DISTRIBUTION_BUCKETS =
            List.of(1.0, 10.0, 100.0, 1_000.0, 10_000.0, 100_000.0, 1_000_000.0);
    public static final List<Double> DEFAULT_QUANTILES = List.of(0.5, 0.9, 0.99);
    /** Native histograms' default schema: 8 buckets per power of two, each about 9% wider than the last. */
    public static final int DEFAULT_NATIVE_SCHEMA = 3;
    /** The coarsest schema Prometheus defines. */
    public static final int MIN_NATIVE_SCHEMA = -4;
    /** The finest schema Prometheus defines. */
    public static final int MAX_NATIVE_SCHEMA = 8;
    /** The most bounds a histogram may have: each is one series in Prometheus. */
    public static final int MAX_BUCKETS = 100;

    /** Off: no endpoint is served. */
    public static final PrometheusSettings OFF = builder().build();

    /** How timers and distributions are exposed. */
    public enum Histograms {
        /** A histogram of cumulative buckets, which PromQL's {@code histogram_quantile} aggregates across instances. */
        CLASSIC,
        /** A summary: quantiles of the last period that had values, with cumulative count and sum. */
        SUMMARY,
        /**
         * A native histogram (exponential buckets at the configured schema) with the classic buckets
         * alongside, in Prometheus' protobuf format; the text formats carry the classic buckets only.
         */
        NATIVE
    }

    private final boolean enabled;
    private final String path;
    private final Histograms histograms;
    private final List<Double> buckets;
    private final List<Double> distributionBuckets;
    private final List<Double> quantiles;
    private final boolean exemplars;
    private final int nativeSchema;

    private PrometheusSettings(Builder builder) {
        this.enabled = builder.enabled;
        this.path = builder.path;
        this.histograms = builder.histograms;
        this.buckets = List.copyOf(builder.buckets);
        this.distributionBuckets = List.copyOf(builder.distributionBuckets);
        this.quantiles = List.copyOf(builder.quantiles);
        this.exemplars = builder.exemplars;
        this.nativeSchema = builder.nativeSchema;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The settings of a {@code prometheus:} section (off when absent). Each problem is recorded in
     * {@code section} under its key, naming the value and the rule it broke; unknown keys are rejected.
     */
    public static PrometheusSettings read(ConfigNode section) {
        Builder builder = builder();
        builder.enabled = section.bool("enabled", false);
        String path = section.string("path", null);
        if (path != null) {
            String problem = pathProblem(path);
            if (problem != null) {
                section.problem("path", problem);
            } else {
                builder.path = path;
            }
        }
        String histograms = section.choice("histograms", null, "classic", "summary", "native");
        if (histograms != null) {
            builder.histograms = Histograms.valueOf(histograms.toUpperCase(java.util.Locale.ROOT));
        }
        List<Double> buckets = section.numbers("buckets");
        if (buckets != null) {
            String problem = boundsProblem(buckets);
            if (problem != null) {
                section.problem("buckets", problem);
            } else {
                builder.buckets = buckets;
            }
        }
        List<Double> distributionBuckets = section.numbers("distribution-buckets");
        if (distributionBuckets != null) {
            String problem = boundsProblem(distributionBuckets);
            if (problem != null) {
                section.problem("distribution-buckets", problem);
            } else {
                builder.distributionBuckets = distributionBuckets;
            }
        }
        List<Double> quantiles = section.numbers("quantiles");
        if (quantiles != null) {
            String problem = quantilesProblem(quantiles);
            if (problem != null) {
                section.problem("quantiles", problem);
            } else {
                builder.quantiles = quantiles;
            }
        }
        builder.exemplars = section.bool("exemplars", true);
        builder.nativeSchema = section.integer("native-schema", DEFAULT_NATIVE_SCHEMA, MIN_NATIVE_SCHEMA, MAX_NATIVE_SCHEMA);
        section.rejectUnknownKeys();
        return builder.build();
    }

    static String pathProblem(String path) {
        if (!path.startsWith("/") || path.equals("/")) {
            return "'" + path + "' must start with '/' and name a page, such as /metrics";
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c <= ' ' || c == '?' || c == '#' || c >= 0x7f) {
                return "'" + path + "' must be a plain path: no spaces, '?', '#' or other characters a URL escapes";
            }
        }
        return null;
    }

    static String boundsProblem(List<Double> bounds) {
        if (bounds.isEmpty()) {
            return "a histogram needs at least one bucket bound";
        }
        if (bounds.size() > MAX_BUCKETS) {
            return bounds.size() + " bucket bounds are too many; at most " + MAX_BUCKETS;
        }
        for (int i = 0; i < bounds.size(); i++) {
            Double bound = bounds.get(i);
            if (bound == null || !Double.isFinite(bound)) {
                return "bound " + bound + " must be a finite number (+Inf is always added)";
            }
            if (i > 0 && bound <= bounds.get(i - 1)) {
                return "bounds must be strictly ascending, but " + bound + " follows " + bounds.get(i - 1);
            }
        }
        return null;
    }

    static String quantilesProblem(List<Double> quantiles) {
        if (quantiles.isEmpty()) {
            return "a summary needs at least one quantile";
        }
        for (int i = 0; i < quantiles.size(); i++) {
            Double quantile = quantiles.get(i);
            if (quantile == null || !(quantile >= 0 && quantile <= 1)) {
                return "quantile " + quantile + " must be from 0 to 1";
            }
            if (i > 0 && quantile <= quantiles.get(i - 1)) {
                return "quantiles must be strictly ascending, but " + quantile + " follows " + quantiles.get(i - 1);
            }
        }
        return null;
    }

    public boolean enabled() {
        return enabled;
    }

    /** The endpoint's path on the dashboard's server, {@code /metrics} by default. */
    public String path() {
        return path;
    }

    public Histograms histograms() {
        return histograms;
    }

    /** Timers' bucket bounds in seconds. */
    public List<Double> buckets() {
        return buckets;
    }

    /** Distributions' bucket bounds in their base unit. */
    public List<Double> distributionBuckets() {
        return distributionBuckets;
    }

    public List<Double> quantiles() {
        return quantiles;
    }

    public boolean exemplars() {
        return exemplars;
    }

    /** Native histograms' schema, from {@value #MIN_NATIVE_SCHEMA} to {@value #MAX_NATIVE_SCHEMA}; used with {@link Histograms#NATIVE}. */
    public int nativeSchema() {
        return nativeSchema;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PrometheusSettings that && enabled == that.enabled && exemplars == that.exemplars
                && path.equals(that.path) && histograms == that.histograms && buckets.equals(that.buckets)
                && distributionBuckets.equals(that.distributionBuckets) && quantiles.equals(that.quantiles)
                && nativeSchema == that.nativeSchema;
    }

    @Override
    public int hashCode() {
        return Objects.hash(enabled, path, histograms, buckets, distributionBuckets, quantiles, exemplars, nativeSchema);
    }

    @Override
    public String toString() {
        return "PrometheusSettings[" + (enabled ? "path=" + path + ", histograms=" + histograms + ", buckets=" + buckets
                + ", distributionBuckets=" + distributionBuckets + ", quantiles=" + quantiles + ", exemplars=" + exemplars
                + (histograms == Histograms.NATIVE ? ", nativeSchema=" + nativeSchema : "") : "off") + "]";
    }

    /** Configures {@link PrometheusSettings}; each setter checks its value at once. Not thread-safe. */
    public static final class Builder {
        private boolean enabled;
        private String path = "/metrics";
        private Histograms histograms = Histograms.CLASSIC;
        private List<Double> buckets = DEFAULT_BUCKETS;
        private List<Double> distributionBuckets = DEFAULT_DISTRIBUTION_BUCKETS;
        private List<Double> quantiles = DEFAULT_QUANTILES;
        private boolean exemplars = true;
        private int nativeSchema = DEFAULT_NATIVE_SCHEMA;

        private Builder() {
        }

        /** Serves the endpoint (the dashboard's server must be on). */
        public Builder enabled(boolean enabled) {
            this.enabled = enabled;
            return this;
        }

        /** @throws IllegalArgumentException for a path that is not one a URL names plainly, or is {@code /} */
        public Builder path(String path) {
            String problem = pathProblem(Objects.requireNonNull(path, "path"));
            if (problem != null) {
                throw new IllegalArgumentException("prometheus path " + problem);
            }
            this.path = path;
            return this;
        }

        public Builder histograms(Histograms histograms) {
            this.histograms = Objects.requireNonNull(histograms, "histograms");
            return this;
        }

        /** @throws IllegalArgumentException unless the bounds are finite and strictly ascending, at most {@value #MAX_BUCKETS} */
        public Builder buckets(double... secondsBounds) {
            this.buckets = checked("buckets", secondsBounds);
            return this;
        }

        /** @throws IllegalArgumentException unless the bounds are finite and strictly ascending, at most {@value #MAX_BUCKETS} */
        public Builder distributionBuckets(double... bounds) {
            this.distributionBuckets = checked("distribution buckets", bounds);
            return this;
        }

        /** @throws IllegalArgumentException unless the quantiles are from 0 to 1 and strictly ascending */
        public Builder quantiles(double... quantiles) {
            List<Double> list = new ArrayList<>();
            for (double quantile : quantiles) {
                list.add(quantile);
            }
            String problem = quantilesProblem(list);
            if (problem != null) {
                throw new IllegalArgumentException("prometheus quantiles: " + problem);
            }
            this.quantiles = list;
            return this;
        }

        public Builder exemplars(boolean exemplars) {
            this.exemplars = exemplars;
            return this;
        }

        /** @throws IllegalArgumentException unless {@code schema} is from {@value #MIN_NATIVE_SCHEMA} to {@value #MAX_NATIVE_SCHEMA} */
        public Builder nativeSchema(int schema) {
            if (schema < MIN_NATIVE_SCHEMA || schema > MAX_NATIVE_SCHEMA) {
                throw new IllegalArgumentException("prometheus native schema " + schema + " is out of range; Prometheus defines "
                        + MIN_NATIVE_SCHEMA + " to " + MAX_NATIVE_SCHEMA);
            }
            this.nativeSchema = schema;
            return this;
        }

        private static List<Double> checked(String what, double[] bounds) {
            List<Double> list = new ArrayList<>();
            for (double bound : bounds) {
                list.add(bound);
            }
            String problem = boundsProblem(list);
            if (problem != null) {
                throw new IllegalArgumentException("prometheus " + what + ": " + problem);
            }
            return list;
        }

        public PrometheusSettings build() {
            return new PrometheusSettings(this);
        }
    }
}
