package dev.monitor.core.health;

import dev.monitor.api.health.Status;
import java.time.Instant;

/**
 * One change of a component's status, as kept in the history files and shown in the feeds.
 *
 * @param previous the status before; {@link Status#UNKNOWN} for a component's first status
 * @param reason   why, in words; null when UP
 */
public record StatusChange(Instant time, String component, Status previous, Status status, String reason) {
}
