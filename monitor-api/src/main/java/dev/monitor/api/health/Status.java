package dev.monitor.api.health;

import java.util.Collection;

/**
 * The status of a health check or a component, as Spring Boot Actuator and MicroProfile Health
 * name them, plus {@link #DEGRADED}: working, but worse than it should be.
 *
 * <p>Aggregated by severity in Spring Boot's default order ({@code DOWN, OUT_OF_SERVICE, UP,
 * UNKNOWN}, https://docs.spring.io/spring-boot/reference/actuator/endpoints.html#actuator.endpoints.health.writing-custom-health-indicators)
 * with {@code DEGRADED} placed between {@code OUT_OF_SERVICE} and {@code UP}: the worst status wins,
 * and {@code UNKNOWN} only when nothing else is known.
 */
public enum Status {
    /** Nothing is known yet (a check that has not run), or the check cannot tell. */
    UNKNOWN(0),
    UP(1),
    /** Working, but slow, partly failing or close to a limit. */
    DEGRADED(2),
    /** Taken out on purpose: a maintenance window, a drained instance. */
    OUT_OF_SERVICE(3),
    DOWN(4);

    private final int severity;

    Status(int severity) {
        this.severity = severity;
    }

    /** Higher is worse: UNKNOWN 0, UP 1, DEGRADED 2, OUT_OF_SERVICE 3, DOWN 4. */
    public int severity() {
        return severity;
    }

    /** Whether this status is worse than {@code other}. */
    public boolean worseThan(Status other) {
        return severity > other.severity;
    }

    /** The worse of the two. */
    public Status worst(Status other) {
        return other != null && other.severity > severity ? other : this;
    }

    /** The worst of {@code statuses}; {@link #UNKNOWN} when there are none, as Spring Boot's aggregator answers. */
    public static Status worstOf(Collection<Status> statuses) {
        Status worst = UNKNOWN;
        for (Status status : statuses) {
            worst = worst.worst(status);
        }
        return worst;
    }

    /**
     * The status MicroProfile Health can say: only {@code UP} is UP there, everything else DOWN
     * (https://download.eclipse.org/microprofile/microprofile-health-4.0/microprofile-health-spec-4.0.html).
     */
    public String microProfile() {
        return this == UP ? "UP" : "DOWN";
    }
}
