package dev.monitor.core.health;

import dev.monitor.api.health.Status;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * The last known state of one check.
 *
 * @param since   when it took this status (its registration while it has not run)
 * @param lastRun when its last run ended, null before the first
 */
public record CheckStatus(String name, String component, Set<String> groups, Status status, String reason,
                          Map<String, Object> details, Instant since, Instant lastRun) {
    public CheckStatus {
        groups = Set.copyOf(groups);
        details = details == null ? Map.of() : Map.copyOf(details);
    }
}
