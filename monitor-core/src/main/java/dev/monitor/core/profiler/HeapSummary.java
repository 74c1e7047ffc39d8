package dev.monitor.core.profiler;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The classes using the most memory at one time (CodeGuru Profiler's heap summary), from the JVM's class histogram of
 * live objects: the top classes by bytes and by instances, each with its change since the summary before.
 *
 * @param profilingGroup the group
 * @param time           when the histogram was taken
 * @param entries        the classes, most bytes first
 */
public record HeapSummary(String profilingGroup, Instant time, List<Entry> entries) {
    public HeapSummary {
        Objects.requireNonNull(profilingGroup, "profilingGroup");
        Objects.requireNonNull(time, "time");
        entries = List.copyOf(entries);
    }

    /**
     * One class: its live instances and bytes, and their change since the summary before (null in the first summary; a
     * class absent before counts from 0).
     */
    public record Entry(String className, long instances, long bytes, Long instancesChange, Long bytesChange) {
        public Entry {
            Objects.requireNonNull(className, "className");
        }
    }
}
