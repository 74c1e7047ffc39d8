package dev.monitor.core.dashboard;

import java.util.List;
import java.util.Objects;

/**
 * A {@code metric} widget: a graph, number, gauge, bar, pie or table of its {@code metrics} rows
 * (or of the alarm in its {@link Annotations#alarms()}). Values not given in the body hold
 * CloudWatch's defaults: {@code view} timeSeries, {@code stat} Average, {@code period} 300.
 * {@code region} and {@code accountId} are accepted and ignored: Monitor has one region and account.
 *
 * @param title                the title, or null for an automatic one
 * @param stacked              whether lines are stacked as areas
 * @param stat                 the default statistic of the rows
 * @param period               the default period of the rows, in seconds
 * @param liveData             whether the last, still-open period is drawn
 * @param setPeriodToTimeRange whether a number, bar or pie uses the whole time range as one period
 * @param start                the widget's own time range start ({@code -PT3H} or an ISO 8601 time), or null
 * @param end                  the widget's own time range end, or null
 * @param legendPosition       {@code right}, {@code bottom} or {@code hidden}; null when not given (bottom)
 * @param sparkline            for a singleValue view, whether a sparkline is drawn under the number; null when not given
 * @param timezone             {@code +HHMM} or {@code -HHMM}; null when not given (UTC)
 */
public record MetricWidget(Placement placement, List<MetricRow> metrics, String title, View view, boolean stacked,
                           String stat, int period, YAxis yAxis, Annotations annotations, boolean liveData,
                           boolean setPeriodToTimeRange, String start, String end, String legendPosition,
                           Boolean sparkline, String timezone) implements Widget {
    /** CloudWatch's default statistic. */
    public static final String DEFAULT_STAT = "Average";
    /** CloudWatch's default period, in seconds. */
    public static final int DEFAULT_PERIOD = 300;

    public MetricWidget {
        Objects.requireNonNull(placement, "placement");
        metrics = List.copyOf(metrics);
        view = view == null ? View.TIME_SERIES : view;
        stat = stat == null ? DEFAULT_STAT : stat;
        yAxis = yAxis == null ? YAxis.AUTO : yAxis;
        annotations = annotations == null ? Annotations.NONE : annotations;
    }

    /** A time-series graph of {@code metrics} with every other setting at its default. */
    public static MetricWidget of(Placement placement, String title, List<MetricRow> metrics) {
        return new MetricWidget(placement, metrics, title, View.TIME_SERIES, false, DEFAULT_STAT, DEFAULT_PERIOD, YAxis.AUTO,
                Annotations.NONE, false, false, null, null, null, null, null);
    }

    @Override
    public String type() {
        return "metric";
    }

    /** The statistic {@code row} is drawn with: its own, else the widget's. */
    public String statOf(MetricRow row) {
        return row.options().stat() != null ? row.options().stat() : stat;
    }

    /** The period {@code row} is drawn with, in seconds: its own, else the widget's. */
    public int periodOf(MetricRow row) {
        return row.options().period() != null ? row.options().period() : period;
    }

    /** How the widget shows its metrics. */
    public enum View {
        TIME_SERIES("timeSeries"), SINGLE_VALUE("singleValue"), GAUGE("gauge"), BAR("bar"), PIE("pie"), TABLE("table");

        private final String json;

        View(String json) {
            this.json = json;
        }

        /** As the body writes it, such as {@code timeSeries}. */
        public String json() {
            return json;
        }

        /** The view written {@code json}, or null when there is none. */
        public static View of(String json) {
            for (View view : values()) {
                if (view.json.equals(json)) {
                    return view;
                }
            }
            return null;
        }
    }
}
