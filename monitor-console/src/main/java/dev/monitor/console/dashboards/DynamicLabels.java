package dev.monitor.console.dashboards;

import dev.monitor.api.metrics.Dimension;
import dev.monitor.core.dashboard.MetricRow;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CloudWatch's dynamic labels (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/graph-dynamic-labels.html):
 * {@code ${LAST}}, {@code ${MAX}}, {@code ${PROP('Dim.InstanceId')}}... in a row's label, filled from the
 * line's points over the range shown and the row's metric. A value this page does not know (the
 * {@code _RELATIVE} ones, {@code ${PROP('AccountLabel')}}) stays as written.
 */
final class DynamicLabels {
    private static final Pattern VALUE = Pattern.compile("\\$\\{([A-Z_]+)}|\\$\\{PROP\\('([^']*)'\\)}");

    private DynamicLabels() {
    }

    /**
     * {@code label} with its dynamic values filled in.
     *
     * @param fallback the default label, for {@code ${LABEL}}
     * @param row      the row (its metric's namespace, name and dimensions for {@code PROP})
     */
    static String fill(String label, String fallback, List<WidgetData.Point> points, MetricRow row, String stat, int period) {
        if (label.indexOf("${") < 0) {
            return label;
        }
        Matcher m = VALUE.matcher(label);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = m.group(1) != null ? live(m.group(1), fallback, points) : property(m.group(2), row, stat, period);
            m.appendReplacement(out, Matcher.quoteReplacement(value != null ? value : m.group()));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String live(String name, String fallback, List<WidgetData.Point> points) {
        if (name.equals("LABEL")) {
            return fallback;
        }
        if (name.equals("DATAPOINT_COUNT")) {
            return Integer.toString(points.size());
        }
        if (points.isEmpty()) {
            return switch (name) {
                case "AVG", "FIRST", "LAST", "MAX", "MIN", "SUM", "FIRST_LAST_RANGE", "MIN_MAX_RANGE" -> "";
                default -> null;
            };
        }
        WidgetData.Point first = points.get(0);
        WidgetData.Point last = points.get(points.size() - 1);
        WidgetData.Point max = first;
        WidgetData.Point min = first;
        double sum = 0;
        for (WidgetData.Point point : points) {
            sum += point.value();
            max = point.value() > max.value() ? point : max;
            min = point.value() < min.value() ? point : min;
        }
        return switch (name) {
            case "AVG" -> number(sum / points.size());
            case "SUM" -> number(sum);
            case "FIRST" -> number(first.value());
            case "LAST" -> number(last.value());
            case "MAX" -> number(max.value());
            case "MIN" -> number(min.value());
            case "FIRST_LAST_RANGE" -> number(last.value() - first.value());
            case "MIN_MAX_RANGE" -> number(max.value() - min.value());
            case "FIRST_TIME" -> time(first.t());
            case "LAST_TIME" -> time(last.t());
            case "MAX_TIME" -> time(max.t());
            case "MIN_TIME" -> time(min.t());
            default -> null;
        };
    }

    private static String property(String name, MetricRow row, String stat, int period) {
        if (name.equals("Period")) {
            return Integer.toString(period);
        }
        if (name.equals("Stat")) {
            return stat;
        }
        if (!(row instanceof MetricRow.Metric metric)) {
            return null;
        }
        if (name.equals("MetricName")) {
            return metric.metricName();
        }
        if (name.equals("Namespace")) {
            return metric.namespace();
        }
        if (name.startsWith("Dim.")) {
            String wanted = name.substring(4);
            return metric.dimensions().stream().filter(d -> d.name().equals(wanted)).map(Dimension::value).findFirst().orElse("");
        }
        return null;
    }

    /** Up to four decimals, without trailing zeros or an exponent. */
    static String number(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return Double.toString(value);
        }
        return BigDecimal.valueOf(value).setScale(4, RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString();
    }

    private static String time(Instant instant) {
        return instant.toString();
    }
}
