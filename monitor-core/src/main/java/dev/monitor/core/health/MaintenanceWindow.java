package dev.monitor.core.health;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Planned work on a component: an AWS Health {@code scheduledChange} event that is {@code upcoming}
 * from {@code notice} before {@code start}, {@code open} from start to end, then {@code closed}.
 *
 * @param description what will happen and what to do, shown in the event
 */
public record MaintenanceWindow(String component, Instant start, Instant end, Duration notice, String description) {
    public MaintenanceWindow {
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(notice, "notice");
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("maintenance of '" + component + "': end " + end + " must be after start " + start);
        }
        if (notice.isNegative()) {
            throw new IllegalArgumentException("maintenance of '" + component + "': notice must not be negative, not " + notice);
        }
        description = description == null || description.isBlank()
                ? "Planned maintenance of " + component + ". Expect it to be unavailable or slow during the window; "
                        + "no action is needed unless your work depends on it then."
                : description;
    }
}
