package dev.monitor.api.health;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What one run of a {@link HealthCheck} found: a status, details to show (free space, pool usage),
 * and, unless it is UP, the reason in words a person on call understands.
 *
 * @param status  the check's status
 * @param details values to show with it, in order; strings, numbers or booleans
 * @param reason  why the status is not UP; may be null when it is
 */
public record HealthResult(Status status, Map<String, Object> details, String reason) {
    public HealthResult {
        Objects.requireNonNull(status, "status");
        details = details == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    public static HealthResult up() {
        return new HealthResult(Status.UP, Map.of(), null);
    }

    public static HealthResult degraded(String reason) {
        return new HealthResult(Status.DEGRADED, Map.of(), reason);
    }

    public static HealthResult down(String reason) {
        return new HealthResult(Status.DOWN, Map.of(), reason);
    }

    public static HealthResult of(Status status, String reason) {
        return new HealthResult(status, Map.of(), reason);
    }

    /** This result with {@code key} set to {@code value} in its details. */
    public HealthResult withDetail(String key, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(details);
        copy.put(Objects.requireNonNull(key, "key"), value);
        return new HealthResult(status, copy, reason);
    }
}
