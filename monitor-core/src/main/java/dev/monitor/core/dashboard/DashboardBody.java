package dev.monitor.core.dashboard;

import java.util.List;

/**
 * A CloudWatch dashboard body (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/CloudWatch-Dashboard-Body-Structure.html)
 * as values: its widgets with their places on the 24-column grid resolved, the dashboard's time range,
 * and the parts Monitor accepts without drawing them. Parse one with {@link DashboardService#parse}.
 *
 * @param start          the time range start: relative ({@code -PT6H}, {@code -P7D}) or an ISO 8601 time; null for the default
 * @param end            the absolute end (ISO 8601), only with {@code start}; null when not given
 * @param periodOverride {@code auto} or {@code inherit}; null when not given
 * @param unsupported    what is accepted and not drawn, each with its data path
 */
public record DashboardBody(List<Widget> widgets, String start, String end, String periodOverride, List<UnsupportedPart> unsupported) {
    /** The most widgets a body may hold, as CloudWatch documents. */
    public static final int MAX_WIDGETS = 500;

    public DashboardBody {
        widgets = List.copyOf(widgets);
        unsupported = List.copyOf(unsupported);
    }

    /** A body of {@code widgets} with the default time range. */
    public static DashboardBody of(List<Widget> widgets) {
        return new DashboardBody(widgets, null, null, null, List.of());
    }
}
