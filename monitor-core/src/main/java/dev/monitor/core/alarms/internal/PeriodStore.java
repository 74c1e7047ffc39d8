package dev.monitor.core.alarms.internal;

import dev.monitor.core.metrics.Datapoint;
import dev.monitor.core.metrics.Values;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The recent periods of every metric an alarm watches, aggregated at each alarm period that
 * watches it. Memory is bounded: each watch keeps only the periods its alarms can still look at.
 * Not thread-safe; {@link MetricEvaluator} guards it.
 */
final class PeriodStore {
    private final Map<MetricKey, List<Watch>> watches = new HashMap<>();

    /** One metric aggregated at one period length. */
    static final class Watch {
        final int periodSeconds;
        private boolean keepValues;
        private long keepSeconds;
        private int users;
        final TreeMap<Long, Aggregate> periods = new TreeMap<>();

        private Watch(int periodSeconds) {
            this.periodSeconds = periodSeconds;
        }

        /** The aggregate of the period starting at {@code start} (epoch seconds), or null. */
        Aggregate period(long start) {
            return periods.get(start);
        }
    }

    /** Starts (or shares) a watch of {@code key} at {@code periodSeconds}, keeping {@code keepSeconds} of periods. */
    Watch watch(MetricKey key, int periodSeconds, boolean keepValues, long keepSeconds) {
        List<Watch> list = watches.computeIfAbsent(key, k -> new ArrayList<>());
        Watch watch = list.stream().filter(w -> w.periodSeconds == periodSeconds).findFirst().orElse(null);
        if (watch == null) {
            watch = new Watch(periodSeconds);
            list.add(watch);
        }
        watch.keepValues |= keepValues;
        watch.keepSeconds = Math.max(watch.keepSeconds, keepSeconds);
        watch.users++;
        return watch;
    }

    /** Ends one use of a watch; the last use drops it. */
    void unwatch(MetricKey key, Watch watch) {
        if (--watch.users == 0) {
            List<Watch> list = watches.get(key);
            list.remove(watch);
            if (list.isEmpty()) {
                watches.remove(key);
            }
        }
    }

    void record(Datapoint datapoint) {
        MetricKey key = MetricKey.of(datapoint.metric());
        record(key, datapoint.timestamp().getEpochSecond(), datapoint.sampleCount(), datapoint.sum(),
                datapoint.minimum(), datapoint.maximum(), datapoint.values());
    }

    void record(MetricKey key, long epochSecond, long count, double sum, double min, double max,
                Values values) {
        List<Watch> list = watches.get(Objects.requireNonNull(key, "key"));
        if (list == null) {
            return;
        }
        for (Watch watch : list) {
            add(watch, epochSecond, count, sum, min, max, values);
        }
    }

    /** Adds a datapoint to one watch only, as the history a new alarm starts with. */
    static void record(Watch watch, Datapoint datapoint) {
        add(watch, datapoint.timestamp().getEpochSecond(), datapoint.sampleCount(), datapoint.sum(),
                datapoint.minimum(), datapoint.maximum(), datapoint.values());
    }

    private static void add(Watch watch, long epochSecond, long count, double sum, double min, double max,
                            Values values) {
        long start = Math.floorDiv(epochSecond, watch.periodSeconds) * watch.periodSeconds;
        watch.periods.computeIfAbsent(start, s -> new Aggregate(watch.keepValues)).add(count, sum, min, max, values);
    }

    /** Drops every period that ended more than each watch's keep time before {@code now}. */
    void prune(long now) {
        for (List<Watch> list : watches.values()) {
            for (Watch watch : list) {
                watch.periods.headMap(now - watch.keepSeconds - watch.periodSeconds).clear();
            }
        }
    }
}
