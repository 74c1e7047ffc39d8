package dev.monitor.core.health;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How one health check runs: the component it speaks for, its groups, how often, how long it may
 * take, and how long after registration a failure does not count yet. Immutable.
 *
 * @param component   the component whose status the check helps decide; its name by default
 * @param groups      {@value #LIVENESS}, {@value #READINESS}, {@value #STARTUP} or any named group
 * @param interval    how often it runs
 * @param timeout     how long a run may take before the check is DOWN with "did not answer"
 * @param gracePeriod after registration, a check that is not UP stays UNKNOWN this long (a starting
 *                    database is not an outage)
 */
public record CheckOptions(String component, Set<String> groups, Duration interval, Duration timeout, Duration gracePeriod) {
    public static final String LIVENESS = "liveness";
    public static final String READINESS = "readiness";
    public static final String STARTUP = "startup";
    /** Group names: lower-case letters, digits and hyphens, as they appear in {@code /health/group/NAME}. */
    private static final java.util.regex.Pattern GROUP = java.util.regex.Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    public CheckOptions {
        if (component != null && component.isBlank()) {
            throw new IllegalArgumentException("component must not be blank");
        }
        groups = Set.copyOf(new LinkedHashSet<>(groups));
        for (String group : groups) {
            if (!GROUP.matcher(group).matches()) {
                throw new IllegalArgumentException("group '" + group + "' must be 1 to 63 lower-case letters, digits and hyphens");
            }
        }
        positive("interval", interval);
        positive("timeout", timeout);
        Objects.requireNonNull(gracePeriod, "gracePeriod");
        if (gracePeriod.isNegative()) {
            throw new IllegalArgumentException("gracePeriod must not be negative, not " + gracePeriod);
        }
    }

    private static void positive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive, not " + value);
        }
    }

    /** Readiness, every 10 s, 2 s to answer, no grace period, the check's own name as component. */
    public static CheckOptions defaults() {
        return new CheckOptions(null, Set.of(READINESS), Duration.ofSeconds(10), Duration.ofSeconds(2), Duration.ZERO);
    }

    public CheckOptions withComponent(String component) {
        return new CheckOptions(component, groups, interval, timeout, gracePeriod);
    }

    public CheckOptions withGroups(String... groups) {
        return new CheckOptions(component, Set.copyOf(List.of(groups)), interval, timeout, gracePeriod);
    }

    public CheckOptions withInterval(Duration interval) {
        return new CheckOptions(component, groups, interval, timeout, gracePeriod);
    }

    public CheckOptions withTimeout(Duration timeout) {
        return new CheckOptions(component, groups, interval, timeout, gracePeriod);
    }

    public CheckOptions withGracePeriod(Duration gracePeriod) {
        return new CheckOptions(component, groups, interval, timeout, gracePeriod);
    }
}
