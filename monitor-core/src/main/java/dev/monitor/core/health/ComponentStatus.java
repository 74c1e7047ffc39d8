package dev.monitor.core.health;

import dev.monitor.api.health.Status;
import java.time.Instant;

/**
 * A component's status now: the worst of its checks, its alarms in ALARM and, for a dependency,
 * its fault rate in the traces.
 *
 * @param reason what made it so, in words; null when UP
 * @param since  when it took this status
 */
public record ComponentStatus(String component, Status status, String reason, Instant since) {
}
