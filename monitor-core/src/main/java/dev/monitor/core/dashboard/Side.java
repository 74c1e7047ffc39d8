package dev.monitor.core.dashboard;

import java.util.Locale;

/** The Y axis a metric or horizontal annotation is drawn against. */
public enum Side {
    LEFT, RIGHT;

    /** As the dashboard body writes it: {@code left} or {@code right}. */
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }
}
