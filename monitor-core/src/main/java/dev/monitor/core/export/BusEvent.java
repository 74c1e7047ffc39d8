package dev.monitor.core.export;

import java.time.Instant;
import java.util.Objects;

/**
 * One event an event bus accepted, as EventBridge's envelope ({@code version}, {@code id},
 * {@code detail-type}, {@code source}, {@code account}, {@code time}, {@code region},
 * {@code resources}, {@code detail}).
 *
 * @param eventBusName the bus that accepted it, such as {@code default}
 * @param ingestionTime when the bus accepted it
 * @param json          the envelope, as one line of JSON
 */
public record BusEvent(String eventBusName, Instant ingestionTime, String json) {
    public BusEvent {
        Objects.requireNonNull(eventBusName, "eventBusName");
        Objects.requireNonNull(ingestionTime, "ingestionTime");
        Objects.requireNonNull(json, "json");
    }
}
