package dev.monitor.core.profiler.internal;

import dev.monitor.core.profiler.CollapsedProfile;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One kind's stacks of the current interval and their counts, bounded: beyond {@code limit} distinct stacks a new one
 * is folded into its root frame under {@code [other stacks]}, and counted as folded. Thread-safe (the JFR thread adds,
 * the profiler's thread drains).
 */
final class StackTable {
    static final String FOLDED = "[other stacks]";
    private final int limit;
    private Map<List<String>, long[]> counts = new HashMap<>();
    private long folded;

    StackTable(int limit) {
        this.limit = limit;
    }

    synchronized void add(List<String> frames, long weight) {
        if (weight <= 0 || frames.isEmpty()) {
            return;
        }
        long[] count = counts.get(frames);
        if (count == null) {
            if (counts.size() >= limit) {
                folded++;
                frames = List.of(frames.get(0), FOLDED);
                count = counts.computeIfAbsent(frames, k -> new long[1]);
            } else {
                count = new long[1];
                counts.put(frames, count);
            }
        }
        count[0] = count[0] > Long.MAX_VALUE - weight ? Long.MAX_VALUE : count[0] + weight;
    }

    /** The interval's stacks, and a new empty interval begun. */
    CollapsedProfile drain() {
        Map<List<String>, long[]> taken;
        synchronized (this) {
            taken = counts;
            counts = new HashMap<>();
        }
        List<CollapsedProfile.Stack> stacks = new ArrayList<>(taken.size());
        taken.forEach((frames, count) -> stacks.add(new CollapsedProfile.Stack(frames, count[0])));
        return CollapsedProfile.of(stacks);
    }

    /** How many samples were folded since the last call. */
    synchronized long takeFolded() {
        long taken = folded;
        folded = 0;
        return taken;
    }
}
