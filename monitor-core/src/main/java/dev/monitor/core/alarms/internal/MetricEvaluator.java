package dev.monitor.core.alarms.internal;

import dev.monitor.core.alarms.MetricAlarm;
import dev.monitor.core.alarms.MetricDataQuery;
import dev.monitor.core.alarms.MetricStat;
import dev.monitor.core.alarms.Statistic;
import dev.monitor.core.alarms.expressions.MetricMath;
import dev.monitor.core.metrics.Datapoint;
import dev.monitor.core.metrics.Values;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Evaluates metric alarms, one evaluation range at a time: it keeps the periods of every watched
 * metric ({@link PeriodStore}) and the anomaly models of the metrics bands are asked of, computes
 * each period's statistic and the alarm's metric math, and hands the breaching and missing
 * periods to {@link Evaluation}. Not thread-safe: the engine's lock guards it.
 */
final class MetricEvaluator {
    private final Supplier<List<Datapoint>> recentDatapoints;
    private final PeriodStore store = new PeriodStore();
    private final Map<ModelKey, AnomalyModel> models = new HashMap<>();
    /** How many alarms use each model's metric; a model is dropped when none does. */
    private final Map<ModelKey, Integer> modelUsers = new HashMap<>();
    /** The recent datapoints by metric, made when an alarm first needs them and dropped at the next collection. */
    private Map<MetricKey, List<Datapoint>> recentByMetric;

    private record ModelKey(MetricKey metric, int periodSeconds, Statistic stat) {
        static ModelKey of(MetricStat stat) {
            return new ModelKey(MetricKey.of(stat), stat.periodSeconds(), stat.stat());
        }
    }

    /** @param recentDatapoints the datapoints still in memory, to seed a new alarm's periods; may be null */
    MetricEvaluator(Supplier<List<Datapoint>> recentDatapoints) {
        this.recentDatapoints = recentDatapoints;
    }

    /** Takes one collection's datapoints. */
    void record(List<Datapoint> datapoints) {
        recentByMetric = null;
        for (Datapoint datapoint : datapoints) {
            store.record(datapoint);
        }
    }

    /** Records one raw value of a metric, as a replay does. */
    void record(MetricStat metric, Instant timestamp, double value) {
        store.record(MetricKey.of(metric), timestamp.getEpochSecond(), 1, value, value, value, Values.single(value));
    }

    /** Drops the periods no alarm can look at any more. */
    void prune(long epochSecond) {
        store.prune(epochSecond);
    }

    /**
     * Starts watching an alarm's metrics, its new periods seeded with the datapoints in memory and
     * {@code history}, and evaluates it once at {@code end} to type its expressions.
     *
     * @throws IllegalArgumentException when its expression does not give one time series (and a band);
     *                                  nothing is left watched then
     */
    void start(MetricEntry entry, List<Datapoint> history, long end, Instant now) {
        MetricAlarm alarm = entry.alarm;
        int range = Evaluation.rangeLength(alarm.evaluationPeriods());
        long keep = (long) (range + 1) * alarm.periodSeconds();
        for (MetricDataQuery query : entry.queries) {
            if (query.metricStat() != null) {
                MetricKey key = MetricKey.of(query.metricStat());
                PeriodStore.Watch watch = store.watch(key, query.metricStat().periodSeconds(),
                        query.metricStat().stat().isExtended(), keep);
                if (watch.periods.isEmpty()) {
                    recentOf(key).forEach(store::record);
                    for (Datapoint datapoint : history) {
                        if (MetricKey.of(datapoint.metric()).equals(key)) {
                            PeriodStore.record(watch, datapoint);
                        }
                    }
                }
                entry.watches.put(query.id(), watch);
            } else {
                entry.expressions.put(query.id(), MetricMath.parse(query.expression()));
            }
        }
        try {
            evaluate(entry, end, now);
        } catch (IllegalArgumentException e) {
            unwatch(entry);
            dropUnusedModels(entry);
            throw new IllegalArgumentException("alarm '" + alarm.name() + "': " + e.getMessage(), e);
        }
        useModels(entry, 1);
    }

    /** Stops watching a deleted or replaced alarm's metrics. */
    void stop(MetricEntry entry) {
        unwatch(entry);
        useModels(entry, -1);
    }

    /** The datapoints in memory of one metric: indexed once for every alarm put between two collections. */
    private List<Datapoint> recentOf(MetricKey key) {
        if (recentByMetric == null) {
            recentByMetric = new HashMap<>();
            if (recentDatapoints != null) {
                for (Datapoint d : recentDatapoints.get()) {
                    recentByMetric.computeIfAbsent(MetricKey.of(d.metric()), k -> new ArrayList<>()).add(d);
                }
            }
        }
        return recentByMetric.getOrDefault(key, List.of());
    }

    /** Counts {@code delta} uses of the models of an alarm's metrics; a model no alarm uses is forgotten. */
    private void useModels(MetricEntry entry, int delta) {
        for (MetricDataQuery query : entry.queries) {
            if (query.metricStat() != null) {
                ModelKey key = ModelKey.of(query.metricStat());
                Integer users = modelUsers.merge(key, delta, (a, b) -> a + b <= 0 ? null : a + b);
                if (users == null) {
                    models.remove(key);
                }
            }
        }
    }

    /** Forgets the models a refused alarm's dry run made that no alarm uses; each holds up to two weeks of periods. */
    private void dropUnusedModels(MetricEntry refused) {
        for (MetricDataQuery query : refused.queries) {
            if (query.metricStat() != null && !modelUsers.containsKey(ModelKey.of(query.metricStat()))) {
                models.remove(ModelKey.of(query.metricStat()));
            }
        }
    }

    private void unwatch(MetricEntry entry) {
        for (MetricDataQuery query : entry.queries) {
            PeriodStore.Watch watch = entry.watches.get(query.id());
            if (watch != null) {
                store.unwatch(MetricKey.of(query.metricStat()), watch);
            }
        }
        entry.watches.clear();
    }

    /** What the alarm sees over its evaluation range ending at {@code end}; null to leave it as it is. */
    Reasons.Seen evaluate(MetricEntry entry, long end, Instant now) {
        MetricAlarm alarm = entry.alarm;
        int period = alarm.periodSeconds();
        int range = Evaluation.rangeLength(alarm.evaluationPeriods());
        long[] starts = new long[range];
        for (int i = 0; i < range; i++) {
            starts[i] = end - (long) (range - i) * period;
        }
        if (alarm.metric() != null) {
            PeriodStore.Watch watch = entry.watches.get("m1");
            Statistic stat = alarm.metric().stat();
            double[] values = new double[range];
            long[] sampleCounts = new long[range];
            for (int i = 0; i < range; i++) {
                Aggregate aggregate = watch.period(starts[i]);
                values[i] = aggregate == null ? Double.NaN : aggregate.statistic(stat);
                sampleCounts[i] = aggregate == null ? 0 : aggregate.sampleCount();
            }
            long newest = sampleCounts[range - 1];
            if (!alarm.evaluateLowSampleCountPercentile() && newest > 0 && stat.tooFewSamples(newest)) {
                return null;
            }
            return decide(alarm, starts, values, sampleCounts, null, null, now);
        }
        Map<String, double[]> series = new LinkedHashMap<>();
        Map<String, long[]> counts = new HashMap<>();
        boolean tooFewSamples = false;
        for (MetricDataQuery query : entry.queries) {
            if (query.metricStat() == null) {
                continue;
            }
            PeriodStore.Watch watch = entry.watches.get(query.id());
            double[] values = new double[range];
            long[] sampleCounts = new long[range];
            for (int i = 0; i < range; i++) {
                Aggregate aggregate = watch.period(starts[i]);
                values[i] = aggregate == null ? Double.NaN : aggregate.statistic(query.metricStat().stat());
                sampleCounts[i] = aggregate == null ? 0 : aggregate.sampleCount();
            }
            long newest = sampleCounts[range - 1];
            if (!alarm.evaluateLowSampleCountPercentile() && newest > 0 && query.metricStat().stat().tooFewSamples(newest)) {
                tooFewSamples = true;
            }
            series.put(query.id(), values);
            counts.put(query.id(), sampleCounts);
        }
        MathContext context = new MathContext(entry, series, starts, end);
        MetricDataQuery compared = alarm.metrics().stream()
                .filter(q -> q.returnData() && !q.id().equals(alarm.thresholdMetricId())).findFirst().orElseThrow();
        MetricMath.Value value = compared.metricStat() != null ? new MetricMath.Series(series.get(compared.id()))
                : context.expression(compared.id());
        if (!(value instanceof MetricMath.Series result)) {
            throw new IllegalArgumentException("the expression of '" + compared.id()
                    + "' must give one time series, not " + describe(value));
        }
        double[] lower = null;
        double[] upper = null;
        if (alarm.thresholdMetricId() != null) {
            MetricMath.Value band = context.expression(alarm.thresholdMetricId());
            if (!(band instanceof MetricMath.SeriesArray array) || array.series().size() != 2) {
                throw new IllegalArgumentException("ThresholdMetricId '" + alarm.thresholdMetricId()
                        + "' must give an anomaly detection band, not " + describe(band));
            }
            upper = array.series().get(0).values();
            lower = array.series().get(1).values();
        }
        if (tooFewSamples) {
            return null;
        }
        return decide(alarm, starts, result.values(), counts.get(compared.id()), lower, upper, now);
    }

    /**
     * The band of the alarm's {@code ThresholdMetricId} at the periods starting at {@code starts}:
     * {lower, upper}, NaN where the model cannot tell. The models learn nothing here.
     *
     * @throws IllegalArgumentException when the alarm has no band
     */
    double[][] band(MetricEntry entry, long[] starts) {
        Map<String, double[]> series = new LinkedHashMap<>();
        for (MetricDataQuery query : entry.queries) {
            if (query.metricStat() != null) {
                double[] none = new double[starts.length];
                java.util.Arrays.fill(none, Double.NaN);
                series.put(query.id(), none);
            }
        }
        MathContext context = new MathContext(entry, series, starts, Long.MIN_VALUE);
        context.learn = false;
        MetricMath.Value band = context.expression(entry.alarm.thresholdMetricId());
        if (!(band instanceof MetricMath.SeriesArray array) || array.series().size() != 2) {
            throw new IllegalArgumentException("alarm '" + entry.alarm.name() + "' has no anomaly detection band");
        }
        return new double[][] {array.series().get(1).values(), array.series().get(0).values()};
    }

    private static Reasons.Seen decide(MetricAlarm alarm, long[] starts, double[] values, long[] sampleCounts,
                                       double[] lower, double[] upper, Instant now) {
        int range = starts.length;
        Evaluation.Point[] points = new Evaluation.Point[range];
        for (int i = 0; i < range; i++) {
            double v = values[i];
            if (Double.isNaN(v) || (lower != null && (Double.isNaN(lower[i]) || Double.isNaN(upper[i])))) {
                points[i] = Evaluation.Point.MISSING;
            } else {
                boolean breaches = lower != null ? alarm.comparisonOperator().breaches(v, lower[i], upper[i])
                        : alarm.comparisonOperator().breaches(v, alarm.threshold());
                points[i] = breaches ? Evaluation.Point.BREACHING : Evaluation.Point.NOT_BREACHING;
            }
        }
        Evaluation.Outcome outcome = Evaluation.decide(points, alarm.evaluationPeriods(), alarm.datapointsToAlarm(),
                alarm.treatMissingData());
        return new Reasons.Seen(alarm, starts, values, sampleCounts, lower, upper, outcome, now);
    }

    private static String describe(MetricMath.Value value) {
        if (value instanceof MetricMath.Scalar scalar) {
            return "the number " + scalar.value();
        }
        if (value instanceof MetricMath.SeriesArray array) {
            return "an array of " + array.series().size() + " time series";
        }
        return "one time series";
    }

    /** Metric math over one alarm's evaluation range. */
    private final class MathContext implements MetricMath.Context {
        private final MetricEntry entry;
        private final Map<String, double[]> series;
        private final long[] starts;
        private final long end;
        private final Map<String, MetricMath.Value> evaluated = new HashMap<>();
        /** Whether a band learns the periods up to {@link #end} first, as an evaluation does (not a graph). */
        boolean learn = true;

        MathContext(MetricEntry entry, Map<String, double[]> series, long[] starts, long end) {
            this.entry = entry;
            this.series = series;
            this.starts = starts;
            this.end = end;
        }

        @Override
        public MetricMath.Series metric(String id) {
            return new MetricMath.Series(series.get(id));
        }

        @Override
        public boolean isMetric(String id) {
            return series.containsKey(id);
        }

        @Override
        public MetricMath.Value expression(String id) {
            MetricMath.Value value = evaluated.get(id);
            if (value == null) {
                MetricMath.Expression expression = entry.expressions.get(id);
                if (expression == null) {
                    throw new IllegalArgumentException("no metric or expression has the id '" + id + "'");
                }
                value = expression.evaluate(this);
                evaluated.put(id, value);
            }
            return value;
        }

        @Override
        public List<String> metricIds() {
            return List.copyOf(series.keySet());
        }

        @Override
        public int periodSeconds(String id) {
            return entry.alarm.periodSeconds();
        }

        @Override
        public MetricMath.SeriesArray band(String id, double k) {
            MetricDataQuery query = entry.alarm.metrics().stream().filter(q -> q.id().equals(id)).findFirst().orElseThrow();
            MetricStat stat = query.metricStat();
            AnomalyModel model = models.get(ModelKey.of(stat));
            if (learn) {
                model = models.computeIfAbsent(ModelKey.of(stat), key -> new AnomalyModel());
                for (Map.Entry<Long, Aggregate> period : entry.watches.get(id).periods.entrySet()) {
                    if (period.getKey() > model.newest() && period.getKey() + stat.periodSeconds() <= end) {
                        model.learn(period.getKey(), period.getValue().statistic(stat.stat()));
                    }
                }
            }
            double[] upper = new double[starts.length];
            double[] lower = new double[starts.length];
            for (int i = 0; i < starts.length; i++) {
                AnomalyModel.Band band = model == null ? null : model.band(starts[i], k);
                upper[i] = band == null ? Double.NaN : band.upper();
                lower[i] = band == null ? Double.NaN : band.lower();
            }
            return new MetricMath.SeriesArray(List.of(new MetricMath.Series(upper), new MetricMath.Series(lower)));
        }

        @Override
        public int length() {
            return starts.length;
        }
    }
}
