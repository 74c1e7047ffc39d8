package dev.monitor.core.health.internal;

import dev.monitor.api.health.Status;
import java.util.List;

/**
 * Why a component has its status: the status, the words, which of its sources decided it and the
 * names that source blames (failing checks, alarms in ALARM, or a dependency's callers).
 */
record Verdict(Status status, String reason, Cause cause, List<String> blamed) {
    enum Cause { CHECKS, ALARM, DEPENDENCY, NONE }

    Verdict {
        blamed = List.copyOf(blamed);
    }

    static final Verdict UNKNOWN = new Verdict(Status.UNKNOWN, null, Cause.NONE, List.of());

    /** The worse of the two; on a tie, this one. */
    Verdict worst(Verdict other) {
        return other.status.worseThan(status) ? other : this;
    }
}
