package dev.monitor.core.export;

import java.time.Instant;
import java.util.Objects;

/**
 * One reporting interval's profile of one profiling group and kind, as the profiler writes it to
 * {@code profiles/<group>/<kind>/<start>--<end>.collapsed}.
 *
 * @param profilingGroup the group (CodeGuru Profiler's unit: an application)
 * @param kind           {@code cpu} (samples), {@code alloc} (bytes allocated) or {@code lock} (nanoseconds blocked)
 * @param start          the interval's start, inclusive
 * @param end            the interval's end, exclusive
 * @param collapsed      the stacks in Brendan Gregg's collapsed format, {@code frame;frame COUNT} a line, root first
 */
public record ProfileData(String profilingGroup, String kind, Instant start, Instant end, String collapsed) {
    public ProfileData {
        Objects.requireNonNull(profilingGroup, "profilingGroup");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(collapsed, "collapsed");
    }
}
