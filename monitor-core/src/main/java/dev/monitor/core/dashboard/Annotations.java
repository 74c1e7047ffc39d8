package dev.monitor.core.dashboard;

import java.time.Instant;
import java.util.List;

/**
 * A metric widget's {@code annotations}: horizontal lines or bands (thresholds), vertical lines or
 * bands (moments), or one alarm whose metric and threshold the widget draws instead of a
 * {@code metrics} array.
 *
 * @param alarms the ARN of at most one alarm
 */
public record Annotations(List<Horizontal> horizontal, List<Vertical> vertical, List<String> alarms) {
    public static final Annotations NONE = new Annotations(List.of(), List.of(), List.of());

    public Annotations {
        horizontal = List.copyOf(horizontal);
        vertical = List.copyOf(vertical);
        alarms = List.copyOf(alarms);
    }

    /**
     * A horizontal line at {@code value}, or a band from it to {@code bandValue} when that is not null.
     *
     * @param fill      {@code above}, {@code below} or {@code none}; null when not given (no shading; ignored for a band)
     * @param bandLabel the label of the band's second value, or null
     */
    public record Horizontal(double value, String label, String color, String fill, Side yAxis, boolean visible,
                             Double bandValue, String bandLabel) {
        public Horizontal {
            yAxis = yAxis == null ? Side.LEFT : yAxis;
        }

        public boolean isBand() {
            return bandValue != null;
        }
    }

    /**
     * A vertical line at {@code value}, or a band from it to {@code bandValue} when that is not null.
     *
     * @param fill {@code before}, {@code after} or {@code none}; null when not given
     */
    public record Vertical(Instant value, String label, String color, String fill, boolean visible, Instant bandValue,
                           String bandLabel) {
        public boolean isBand() {
            return bandValue != null;
        }
    }
}
