package dev.monitor.core.dashboard;

import java.util.Objects;

/** A metric widget's {@code yAxis}: the bounds and labels of its left and right axes. */
public record YAxis(Axis left, Axis right) {
    /** Neither axis set: both scale to the data. */
    public static final YAxis AUTO = new YAxis(Axis.AUTO, Axis.AUTO);

    public YAxis {
        Objects.requireNonNull(left, "left");
        Objects.requireNonNull(right, "right");
    }

    /**
     * One side's settings; null bounds scale to the data.
     *
     * @param showUnits whether the unit is shown (default true)
     */
    public record Axis(Double min, Double max, String label, boolean showUnits) {
        public static final Axis AUTO = new Axis(null, null, null, true);
    }
}
