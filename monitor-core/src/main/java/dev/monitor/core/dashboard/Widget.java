package dev.monitor.core.dashboard;

/**
 * One widget of a {@link DashboardBody}: a record per CloudWatch widget type, and
 * {@link UnsupportedWidget} for the types CloudWatch has and Monitor does not draw (explorer,
 * custom, ...), so that a renderer shows each as a listed box, never a blank.
 */
public sealed interface Widget permits MetricWidget, TextWidget, AlarmWidget, LogWidget, UnsupportedWidget {
    /** Where the widget sits on the grid. */
    Placement placement();

    /** The widget's {@code type} as the body writes it: {@code metric}, {@code text}, {@code alarm}, {@code log}, ... */
    String type();
}
