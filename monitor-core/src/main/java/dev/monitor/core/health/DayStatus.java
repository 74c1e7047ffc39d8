package dev.monitor.core.health;

import dev.monitor.api.health.Status;
import java.time.LocalDate;
import java.util.List;

/**
 * One day of a component's service history, as AWS's Service Health Dashboard shows it: the worst
 * status the component had at any time of the day (UTC), and what changed that day.
 *
 * @param worst   {@link Status#UNKNOWN} for a day before anything was known
 * @param changes the day's changes, oldest first
 * @param events  the ARNs of the health events of the component active that day
 */
public record DayStatus(LocalDate day, Status worst, List<StatusChange> changes, List<String> events) {
    public DayStatus {
        changes = List.copyOf(changes);
        events = List.copyOf(events);
    }

    /** The colour of the day: green (UP), yellow (DEGRADED), red (DOWN or OUT_OF_SERVICE), grey (UNKNOWN). */
    public String colour() {
        return switch (worst) {
            case UP -> "green";
            case DEGRADED -> "yellow";
            case DOWN, OUT_OF_SERVICE -> "red";
            case UNKNOWN -> "grey";
        };
    }
}
