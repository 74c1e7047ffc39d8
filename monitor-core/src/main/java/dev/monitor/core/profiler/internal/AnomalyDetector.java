package dev.monitor.core.profiler.internal;

import dev.monitor.core.profiler.Anomaly;
import dev.monitor.core.profiler.CollapsedProfile;
import dev.monitor.core.profiler.ProfileKind;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds functions whose self share of a profile (the share of samples, or bytes, where it is the leaf) departs from
 * its baseline: the median of its share over the recent intervals, with the spread measured as the median absolute
 * deviation. A share whose robust z-score (Iglewicz and Hoaglin: {@code 0.6745 (x - median) / MAD}) reaches the limit,
 * and that moved by at least {@link #MIN_CHANGE}, is an anomaly. Memory is bounded: each interval keeps its
 * {@link #FUNCTIONS} largest shares. Not thread-safe (the profiler calls it under its lock).
 */
final class AnomalyDetector {
    /** An interval with fewer samples (cpu) says too little to compare. */
    static final long MIN_SAMPLES = 20;
    /** The least change of share that is an anomaly, however steady the baseline: 5 points of the profile. */
    static final double MIN_CHANGE = 0.05;
    /** A floor under the MAD, so that a perfectly steady baseline does not make every wiggle infinite. */
    static final double MIN_MAD = 0.005;
    static final int FUNCTIONS = 500;
    private static final int MIN_BASELINE = 3;
    private static final int MOST_REPORTED = 20;

    private final int baseline;
    private final double zLimit;
    private final Map<ProfileKind, Deque<Map<String, Double>>> history = new EnumMap<>(ProfileKind.class);

    AnomalyDetector(int baseline, double zLimit) {
        this.baseline = baseline;
        this.zLimit = zLimit;
    }

    /** The anomalies of {@code profile} (of [start, end)) against the intervals observed before; then it joins the baseline. */
    List<Anomaly> observe(ProfileKind kind, CollapsedProfile profile, Instant start, Instant end) {
        long total = profile.total();
        if (kind == ProfileKind.CPU ? total < MIN_SAMPLES : total == 0) {
            return List.of();
        }
        Map<String, Double> shares = selfShares(profile, total);
        Deque<Map<String, Double>> past = history.computeIfAbsent(kind, k -> new ArrayDeque<>());
        List<Scored> scored = new ArrayList<>();
        if (past.size() >= MIN_BASELINE) {
            Set<String> functions = new HashSet<>(shares.keySet());
            past.forEach(interval -> functions.addAll(interval.keySet()));
            for (String function : functions) {
                double[] values = past.stream().mapToDouble(interval -> interval.getOrDefault(function, 0.0)).toArray();
                double median = median(values);
                double[] deviations = Arrays.stream(values).map(v -> Math.abs(v - median)).toArray();
                double mad = Math.max(median(deviations), MIN_MAD);
                double observed = shares.getOrDefault(function, 0.0);
                double z = 0.6745 * (observed - median) / mad;
                if (Math.abs(z) >= zLimit && Math.abs(observed - median) >= MIN_CHANGE) {
                    scored.add(new Scored(new Anomaly(function, kind, median, observed, start, end), Math.abs(z)));
                }
            }
        }
        past.addLast(shares);
        while (past.size() > baseline) {
            past.removeFirst();
        }
        return scored.stream().sorted(Comparator.comparingDouble(Scored::z).reversed()).limit(MOST_REPORTED).map(Scored::anomaly).toList();
    }

    private record Scored(Anomaly anomaly, double z) {
    }

    /** Each leaf's share of the total, the {@link #FUNCTIONS} largest. */
    static Map<String, Double> selfShares(CollapsedProfile profile, long total) {
        Map<String, Long> self = new HashMap<>();
        for (CollapsedProfile.Stack stack : profile.stacks()) {
            self.merge(stack.leaf(), stack.count(), Long::sum);
        }
        Map<String, Double> shares = new HashMap<>();
        self.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(FUNCTIONS)
                .forEach(e -> shares.put(e.getKey(), e.getValue() / (double) total));
        return shares;
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
