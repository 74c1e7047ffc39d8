package dev.monitor.core.prometheus.internal;

import dev.monitor.api.metrics.Dimension;
import dev.monitor.core.metrics.Exemplar;
import dev.monitor.core.metrics.MetricId;
import dev.monitor.core.metrics.MetricKind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Writes {@link Totals.Point}s in one of Prometheus' two text formats: the text format 0.0.4
 * (https://prometheus.io/docs/instrumenting/exposition_formats/#text-based-format) or OpenMetrics
 * 1.0 (https://github.com/OpenObservability/OpenMetrics/blob/main/specification/OpenMetrics.md).
 * One family per Prometheus name, sorted by name, with {@code # HELP} and {@code # TYPE} (and in
 * OpenMetrics {@code # UNIT}, exemplars, and the closing {@code # EOF}). A point whose name is taken
 * by a family of another type (two CloudWatch names that convert alike) is left out and counted.
 */
final class Exposition {
    /** The two formats. */
    enum Format {
        TEXT("text/plain; version=0.0.4; charset=utf-8"),
        OPENMETRICS("application/openmetrics-text; version=1.0.0; charset=utf-8"),
        /** Prometheus' protobuf format, written by {@link ProtobufExposition}: the only one that carries native histograms. */
        PROTOBUF("application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited");

        final String contentType;

        Format(String contentType) {
            this.contentType = contentType;
        }
    }

    /** OpenMetrics: an exemplar's label set has at most 128 UTF-8 characters. */
    static final int MAX_EXEMPLAR_LABELS = 128;

    private final Format format;
    private final double[] quantiles;
    private final Function<MetricId, Exemplar[]> exemplars;
    private int conflicts;

    /** @param exemplars a metric's exemplars per bucket, or null for none; only OpenMetrics writes them */
    Exposition(Format format, double[] quantiles, Function<MetricId, Exemplar[]> exemplars) {
        this.format = format;
        this.quantiles = quantiles;
        this.exemplars = exemplars;
    }

    /** One family: its Prometheus name (a counter's without {@code _total}), type as the text format names it, unit suffix, help. */
    record Family(String name, String type, String unit, String help, List<Totals.Point> points) {
    }

    /** How many points the last {@link #write} left out for a name conflict. */
    int conflicts() {
        return conflicts;
    }

    String write(List<Totals.Point> points) {
        conflicts = 0;
        StringBuilder out = new StringBuilder(256 * points.size() + 16);
        for (Family family : families(points)) {
            family(out, family);
        }
        if (format == Format.OPENMETRICS) {
            out.append("# EOF\n");
        }
        return out.toString();
    }

    /** The points grouped in families, sorted by name; a point whose name another type took counts in {@link #conflicts}. */
    java.util.Collection<Family> families(List<Totals.Point> points) {
        Map<String, Family> families = new TreeMap<>();
        for (Totals.Point point : points) {
            MetricId id = point.id();
            String unit = Names.unitSuffix(id.unit());
            String name = Names.metric(id.namespace(), id.name(), unit);
            String type = type(point);
            Family family = families.computeIfAbsent(name, n -> new Family(n, type, unit, help(id), new ArrayList<>()));
            if (!family.type.equals(type)) {
                conflicts++;
                continue;
            }
            family.points.add(point);
        }
        return families.values();
    }

    /** Counts a point left out for a name or label conflict. */
    void conflict() {
        conflicts++;
    }

    private String type(Totals.Point point) {
        return switch (point.kind()) {
            case COUNTER -> "counter";
            case GAUGE -> "gauge";
            case TIMER, DISTRIBUTION -> point.quantiles() != null || point.buckets() == null ? "summary" : "histogram";
            case UNKNOWN -> format == Format.OPENMETRICS ? "unknown" : "untyped";
        };
    }

    static String help(MetricId id) {
        return "Monitor metric " + id.namespace() + "/" + id.name() + " (" + id.unit().apiName() + ")";
    }

    private void family(StringBuilder out, Family family) {
        // 0.0.4 names a counter's family by its sample, OpenMetrics without the _total
        String described = format == Format.TEXT && family.type.equals("counter") ? family.name + "_total" : family.name;
        out.append("# HELP ").append(described).append(' ');
        escape(out, family.help, format == Format.OPENMETRICS);
        out.append('\n');
        out.append("# TYPE ").append(described).append(' ').append(family.type).append('\n');
        if (format == Format.OPENMETRICS && !family.unit.isEmpty()) {
            out.append("# UNIT ").append(family.name).append(' ').append(family.unit).append('\n');
        }
        Set<List<String>> written = new HashSet<>();
        for (Totals.Point point : family.points) {
            String[] labels = labels(point.id().dimensions());
            if (!written.add(List.of(labels))) {
                conflicts++; // two metrics (resolutions, say) with the same labels: one series only
                continue;
            }
            Exemplar[] kept = format == Format.OPENMETRICS && exemplars != null ? exemplars.apply(point.id()) : null;
            switch (family.type) {
                case "counter" -> {
                    sample(out, family.name + "_total", labels, null, null, point.value());
                    exemplar(out, kept, point.id(), 0);
                    out.append('\n');
                }
                case "histogram" -> histogram(out, family.name, labels, point, kept);
                case "summary" -> summary(out, family.name, labels, point);
                default -> {
                    sample(out, family.name, labels, null, null, point.value());
                    out.append('\n');
                }
            }
        }
    }

    private void histogram(StringBuilder out, String name, String[] labels, Totals.Point point, Exemplar[] kept) {
        double[] bounds = point.bounds();
        long[] buckets = point.buckets();
        for (int i = 0; i < buckets.length; i++) {
            String le = i < bounds.length ? bound(bounds[i]) : "+Inf";
            sample(out, name + "_bucket", labels, "le", le, buckets[i]);
            exemplar(out, kept, point.id(), i);
            out.append('\n');
        }
        count(out, name, labels, point);
    }

    private void summary(StringBuilder out, String name, String[] labels, Totals.Point point) {
        double[] values = point.quantiles();
        if (values != null) {
            for (int i = 0; i < quantiles.length; i++) {
                sample(out, name, labels, "quantile", bound(quantiles[i]), values[i]);
                out.append('\n');
            }
        }
        count(out, name, labels, point);
    }

    private void count(StringBuilder out, String name, String[] labels, Totals.Point point) {
        sample(out, name + "_count", labels, null, null, point.count());
        out.append('\n');
        // OpenMetrics: a histogram or summary with negative observations has no sum
        if (format == Format.TEXT || !point.negative()) {
            sample(out, name + "_sum", labels, null, null, point.sum());
            out.append('\n');
        }
    }

    private void sample(StringBuilder out, String name, String[] labels, String extraName, String extraValue, double value) {
        out.append(name);
        if (labels.length > 0 || extraName != null) {
            out.append('{');
            boolean first = true;
            for (int i = 0; i < labels.length; i += 2) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                out.append(labels[i]).append("=\"");
                escape(out, labels[i + 1], true);
                out.append('"');
            }
            if (extraName != null) {
                if (!first) {
                    out.append(',');
                }
                out.append(extraName).append("=\"").append(extraValue).append('"');
            }
            out.append('}');
        }
        out.append(' ');
        number(out, value);
    }

    /** Appends {@code # {trace_id="..."} value timestamp} when slot {@code slot} of {@code kept} has an exemplar. */
    private static void exemplar(StringBuilder out, Exemplar[] kept, MetricId id, int slot) {
        if (kept == null || slot >= kept.length || kept[slot] == null) {
            return;
        }
        Exemplar exemplar = kept[slot];
        String traceId = traceId(exemplar.traceId());
        if ("trace_id".length() + traceId.length() > MAX_EXEMPLAR_LABELS) {
            return;
        }
        out.append(" # {trace_id=\"");
        escape(out, traceId, true);
        out.append("\"} ");
        number(out, exemplar.value() * Names.scale(id.unit()));
        long millis = exemplar.epochMillis();
        out.append(' ').append(Math.floorDiv(millis, 1000)).append('.');
        long fraction = Math.floorMod(millis, 1000);
        out.append((char) ('0' + fraction / 100)).append((char) ('0' + fraction / 10 % 10)).append((char) ('0' + fraction % 10));
    }

    /**
     * An X-Ray trace id ({@code 1-5759e988-bd862e3fe1be46a994272793}) as the 32 hexadecimal digits
     * W3C and OpenTelemetry write, which Grafana and Tempo look up; any other id as it is.
     */
    static String traceId(String id) {
        if (id.length() == 35 && id.startsWith("1-") && id.charAt(10) == '-') {
            String hex = id.substring(2, 10) + id.substring(11);
            for (int i = 0; i < hex.length(); i++) {
                char c = hex.charAt(i);
                if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                    return id;
                }
            }
            return hex;
        }
        return id;
    }

    /**
     * Label names and values, alternating: each dimension's name converted by {@link Names#label},
     * one that collides with {@code le} or {@code quantile} (which histograms and summaries add) or
     * with an earlier label given a suffix {@code _2}, {@code _3}...
     */
    static String[] labels(List<Dimension> dimensions) {
        String[] labels = new String[dimensions.size() * 2];
        Set<String> taken = new HashSet<>();
        taken.add("le");
        taken.add("quantile");
        for (int i = 0; i < dimensions.size(); i++) {
            String base = Names.label(dimensions.get(i).name());
            String label = base;
            for (int n = 2; !taken.add(label); n++) {
                label = base + "_" + n;
            }
            labels[2 * i] = label;
            labels[2 * i + 1] = dimensions.get(i).value();
        }
        return labels;
    }

    /**
     * Escapes a label value (backslash, double quote, line feed) or, with {@code quotes} false, a
     * 0.0.4 HELP text (backslash and line feed only).
     */
    static void escape(StringBuilder out, String text, boolean quotes) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '"' -> out.append(quotes ? "\\\"" : "\"");
                default -> out.append(c);
            }
        }
    }

    /** A bound or quantile as a label value: Java's shortest repr that reads back the same ({@code 0.005}, {@code 1.0}). */
    static String bound(double value) {
        return Double.toString(value);
    }

    /** A sample value: whole numbers without a fraction, others in Java's shortest repr; {@code +Inf}, {@code -Inf}, {@code NaN}. */
    static void number(StringBuilder out, double value) {
        if (Double.isNaN(value)) {
            out.append("NaN");
        } else if (Double.isInfinite(value)) {
            out.append(value > 0 ? "+Inf" : "-Inf");
        } else if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            out.append((long) value);
        } else {
            out.append(value);
        }
    }
}
