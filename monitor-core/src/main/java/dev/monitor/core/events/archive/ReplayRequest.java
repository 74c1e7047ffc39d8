package dev.monitor.core.events.archive;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * StartReplay's request: the events of {@code archiveName} whose time is in
 * {@code [eventStartTime, eventEndTime)} are sent again to {@code destinationBus}, to every rule of it
 * or only to {@code filterRules} (rule names; the request's {@code FilterArns}) when not empty.
 */
public record ReplayRequest(String name, String description, String archiveName, Instant eventStartTime, Instant eventEndTime,
                            String destinationBus, List<String> filterRules) {
    private static final Pattern NAME = Pattern.compile("[.\\-_A-Za-z0-9]{1,64}");

    public ReplayRequest {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("replay name '" + name + "' is not valid: 1 to 64 of the letters, digits, '.', '-' and '_'");
        }
        Objects.requireNonNull(archiveName, "archiveName");
        Objects.requireNonNull(eventStartTime, "eventStartTime");
        Objects.requireNonNull(eventEndTime, "eventEndTime");
        Objects.requireNonNull(destinationBus, "destinationBus");
        if (!eventStartTime.isBefore(eventEndTime)) {
            throw new IllegalArgumentException("replay '" + name + "': EventStartTime " + eventStartTime + " must be before EventEndTime "
                    + eventEndTime);
        }
        filterRules = filterRules == null ? List.of() : List.copyOf(filterRules);
    }

    /** Every rule of {@code destinationBus}. */
    public static ReplayRequest of(String name, String archiveName, Instant from, Instant to, String destinationBus) {
        return new ReplayRequest(name, null, archiveName, from, to, destinationBus, List.of());
    }
}
