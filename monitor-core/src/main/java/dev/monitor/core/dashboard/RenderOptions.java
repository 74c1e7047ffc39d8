package dev.monitor.core.dashboard;

/**
 * A metric row's own rendering properties, overriding the widget's (the trailing object of a metric
 * array, or the object of an expression row besides its {@code expression}). Null fields were not given.
 *
 * @param id      the row's id for math expressions (starts with a lowercase letter), or null
 * @param label   the legend label, or null for an automatic one
 * @param color   a six-digit HTML hex colour such as {@code #1f77b4}, or null
 * @param stat    the statistic, or null for the widget's
 * @param period  the period in seconds, or null for the widget's
 * @param visible whether the row is drawn (default true; a hidden row still feeds expressions)
 * @param yAxis   the axis it is drawn against (default {@link Side#LEFT})
 */
public record RenderOptions(String id, String label, String color, String stat, Integer period, boolean visible, Side yAxis) {
    /** No options: every value the widget's. */
    public static final RenderOptions NONE = new RenderOptions(null, null, null, null, null, true, Side.LEFT);

    public RenderOptions {
        yAxis = yAxis == null ? Side.LEFT : yAxis;
    }

    /** These options with {@code id}. */
    public RenderOptions withId(String newId) {
        return new RenderOptions(newId, label, color, stat, period, visible, yAxis);
    }

    /** These options with {@code newLabel}. */
    public RenderOptions withLabel(String newLabel) {
        return new RenderOptions(id, newLabel, color, stat, period, visible, yAxis);
    }

    /** These options with {@code newStat}. */
    public RenderOptions withStat(String newStat) {
        return new RenderOptions(id, label, color, newStat, period, visible, yAxis);
    }
}
