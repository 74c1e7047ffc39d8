package dev.monitor.core.dashboard;

import java.util.Objects;

/**
 * A {@code text} widget: Markdown, drawn on a solid background unless {@code background} is
 * {@code transparent}. A renderer must escape it: Markdown may hold HTML.
 *
 * @param transparent whether {@code "background": "transparent"} was given
 */
public record TextWidget(Placement placement, String markdown, boolean transparent) implements Widget {
    public TextWidget {
        Objects.requireNonNull(placement, "placement");
        Objects.requireNonNull(markdown, "markdown");
    }

    @Override
    public String type() {
        return "text";
    }
}
