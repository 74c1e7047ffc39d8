package dev.monitor.core.metrics.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.monitor.api.metrics.Resolution;
import dev.monitor.core.metrics.Datapoint;
import dev.monitor.core.metrics.MetricId;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The recent datapoints of every metric, in memory, for queries: a bounded ring per metric
 * (by default 3 hours of 1-minute points, 15 minutes of 1-second points). A metric that stops
 * reporting leaves after its ring's span. Memory is bounded by a weight budget: each datapoint
 * weighs one plus its number of distinct values (a counter's weighs 2, a busy timer's up to a few
 * hundred); past the budget, Caffeine evicts the rings least likely to be wanted.
 */
final class RecentDatapoints {
    private final Cache<MetricId, Ring> rings;
    private final int standardPoints;
    private final int highResolutionPoints;

    RecentDatapoints(Clock clock, int standardPoints, int highResolutionPoints, long maxWeight) {
        this.standardPoints = standardPoints;
        this.highResolutionPoints = highResolutionPoints;
        Duration longestSpan = Duration.ofSeconds(Math.max(standardPoints * 60L, highResolutionPoints));
        this.rings = Caffeine.newBuilder()
                .maximumWeight(maxWeight)
                .weigher((MetricId id, Ring ring) -> ring.weight())
                .expireAfterWrite(longestSpan)
                .ticker(() -> clock.millis() * 1_000_000L)
                .executor(Runnable::run)
                .build();
    }

    void add(Collection<Datapoint> datapoints) {
        for (Datapoint datapoint : datapoints) {
            int capacity = datapoint.metric().resolution() == Resolution.HIGH ? highResolutionPoints : standardPoints;
            rings.asMap().compute(datapoint.metric(), (id, ring) -> {
                Ring target = ring == null ? new Ring(capacity) : ring;
                target.add(datapoint);
                return target;
            });
        }
    }

    /** A copy of every datapoint held, in no particular order. */
    List<Datapoint> all() {
        List<Datapoint> all = new ArrayList<>();
        for (Ring ring : rings.asMap().values()) {
            ring.copyInto(all);
        }
        return all;
    }

    private static final class Ring {
        private final ArrayDeque<Datapoint> points;
        private final int capacity;
        private int weight;

        Ring(int capacity) {
            this.capacity = capacity;
            this.points = new ArrayDeque<>(Math.min(capacity, 64));
        }

        synchronized void add(Datapoint datapoint) {
            if (points.size() == capacity) {
                weight -= weightOf(points.removeFirst());
            }
            points.addLast(datapoint);
            weight += weightOf(datapoint);
        }

        synchronized int weight() {
            return weight;
        }

        private static int weightOf(Datapoint datapoint) {
            return 1 + datapoint.values().values().length;
        }

        synchronized void copyInto(List<Datapoint> into) {
            into.addAll(points);
        }
    }
}
