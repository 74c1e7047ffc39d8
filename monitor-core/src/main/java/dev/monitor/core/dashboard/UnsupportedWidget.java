package dev.monitor.core.dashboard;

import java.util.Objects;

/**
 * A widget of a type CloudWatch has and Monitor does not draw ({@code explorer}, {@code custom},
 * {@code chart}): kept with its place so that the page shows a box naming it.
 *
 * @param type     the widget's type as given
 * @param dataPath where it is in the body, such as {@code /widgets/3}
 */
public record UnsupportedWidget(Placement placement, String type, String dataPath) implements Widget {
    public UnsupportedWidget {
        Objects.requireNonNull(placement, "placement");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(dataPath, "dataPath");
    }
}
