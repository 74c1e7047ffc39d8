package dev.monitor.core.alarms;

import dev.monitor.api.metrics.Dimension;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A metric alarm, defined with PutMetricAlarm's fields: on one metric ({@link #metric()}) or on
 * a metric-math expression ({@link #metrics()}). Built with {@link #builder(String)}; the builder
 * checks every rule CloudWatch checks and reports all broken ones at once.
 *
 * @param actions the names of actions (see {@link AlarmService#registerAction}) run on entering each state
 */
public record MetricAlarm(String name, String description, MetricStat metric, List<MetricDataQuery> metrics,
                          int evaluationPeriods, int datapointsToAlarm, Double threshold,
                          ComparisonOperator comparisonOperator, String thresholdMetricId,
                          TreatMissingData treatMissingData, boolean evaluateLowSampleCountPercentile,
                          boolean actionsEnabled, Map<AlarmState, List<String>> actions) implements AlarmDefinition {

    private static final Pattern ID = Pattern.compile("[a-z][a-zA-Z0-9_]*");
    /** CloudWatch's limit on the metrics one math alarm may use. */
    static final int MAX_METRICS = 10;

    public MetricAlarm {
        metrics = List.copyOf(metrics);
        actions = actionsByState(actions);
    }

    /** An unmodifiable copy with a (possibly empty) list for every state. */
    static Map<AlarmState, List<String>> actionsByState(Map<AlarmState, List<String>> actions) {
        Map<AlarmState, List<String>> copy = new LinkedHashMap<>();
        for (AlarmState state : AlarmState.values()) {
            copy.put(state, List.copyOf(actions.getOrDefault(state, List.of())));
        }
        return Map.copyOf(copy);
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** The period of every metric the alarm reads, in seconds. */
    public int periodSeconds() {
        return metric != null ? metric.periodSeconds() : metrics.stream()
                .filter(q -> q.metricStat() != null).findFirst().map(q -> q.metricStat().periodSeconds()).orElse(60);
    }

    /** The queries the alarm evaluates: its metrics, or its one metric as {@code m1}. */
    public List<MetricDataQuery> queries() {
        return metric != null ? List.of(MetricDataQuery.metric("m1", metric, true)) : metrics;
    }

    /** Whether a rule of CloudWatch's names: 10, 20, 30 or a multiple of 60 seconds. */
    static boolean validPeriod(int seconds) {
        return seconds == 10 || seconds == 20 || seconds == 30 || (seconds >= 60 && seconds % 60 == 0);
    }

    /** Checks a name as CloudWatch does: 1 to 255 printable ASCII characters. */
    static String nameProblem(String name) {
        if (name == null || name.isEmpty() || name.length() > 255) {
            return "alarm name '" + name + "' must have 1 to 255 characters";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return "alarm name '" + name + "' must contain only printable ASCII characters";
            }
        }
        return null;
    }

    /** Configures a {@link MetricAlarm}; field names follow PutMetricAlarm. Not thread-safe. */
    public static final class Builder {
        private final String name;
        private String description;
        private String namespace;
        private String metricName;
        private final List<Dimension> dimensions = new ArrayList<>();
        private String statistic;
        private String extendedStatistic;
        private Integer period;
        private final List<MetricDataQuery> metrics = new ArrayList<>();
        private int evaluationPeriods = 1;
        private Integer datapointsToAlarm;
        private Double threshold;
        private ComparisonOperator comparisonOperator;
        private String thresholdMetricId;
        private TreatMissingData treatMissingData = TreatMissingData.MISSING;
        private boolean evaluateLowSampleCountPercentile = true;
        private boolean actionsEnabled = true;
        private final Map<AlarmState, List<String>> actions = new HashMap<>();
        private final List<String> problems = new ArrayList<>();

        private Builder(String name) {
            this.name = name;
        }

        public Builder description(String description) {
            this.description = description;
            return this;
        }

        /** The metric: namespace, name and every dimension it has. */
        public Builder metric(String namespace, String metricName, Dimension... dimensions) {
            this.namespace = namespace;
            this.metricName = metricName;
            this.dimensions.addAll(List.of(dimensions));
            return this;
        }

        public Builder dimension(String name, String value) {
            this.dimensions.add(new Dimension(name, value));
            return this;
        }

        /** SampleCount, Average, Sum, Minimum or Maximum. */
        public Builder statistic(String statistic) {
            this.statistic = statistic;
            return this;
        }

        /** A percentile or other extended statistic, such as {@code p99} or {@code TM(10%:90%)}. */
        public Builder extendedStatistic(String extendedStatistic) {
            this.extendedStatistic = extendedStatistic;
            return this;
        }

        /** The period of the metric, in seconds: 10, 20, 30 or a multiple of 60. */
        public Builder period(int seconds) {
            this.period = seconds;
            return this;
        }

        /** Adds a query of a metric-math alarm. */
        public Builder query(MetricDataQuery query) {
            this.metrics.add(Objects.requireNonNull(query, "query"));
            return this;
        }

        /** N: how many periods are evaluated. */
        public Builder evaluationPeriods(int n) {
            this.evaluationPeriods = n;
            return this;
        }

        /** M: how many of the N must breach for ALARM; N by default. */
        public Builder datapointsToAlarm(int m) {
            this.datapointsToAlarm = m;
            return this;
        }

        public Builder threshold(double threshold) {
            this.threshold = threshold;
            return this;
        }

        public Builder comparisonOperator(ComparisonOperator operator) {
            this.comparisonOperator = operator;
            return this;
        }

        /** The id of the ANOMALY_DETECTION_BAND expression a band operator compares with. */
        public Builder thresholdMetricId(String id) {
            this.thresholdMetricId = id;
            return this;
        }

        public Builder treatMissingData(TreatMissingData treatment) {
            this.treatMissingData = Objects.requireNonNull(treatment, "treatment");
            return this;
        }

        /** Whether a percentile from too few samples is evaluated anyway ({@code evaluate}, the default). */
        public Builder evaluateLowSampleCountPercentile(boolean evaluate) {
            this.evaluateLowSampleCountPercentile = evaluate;
            return this;
        }

        public Builder actionsEnabled(boolean enabled) {
            this.actionsEnabled = enabled;
            return this;
        }

        /** Runs the named actions whenever the alarm enters {@code state}. */
        public Builder onState(AlarmState state, String... actionNames) {
            actions.computeIfAbsent(state, s -> new ArrayList<>()).addAll(List.of(actionNames));
            return this;
        }

        /** Records a problem found while reading the definition, to be reported by {@link #build()}. */
        Builder problem(String problem) {
            problems.add(problem);
            return this;
        }

        /**
         * @throws IllegalArgumentException listing every rule the definition breaks
         */
        public MetricAlarm build() {
            List<String> found = new ArrayList<>(problems);
            MetricAlarm alarm = check(found);
            if (!found.isEmpty()) {
                throw new IllegalArgumentException("alarm '" + name + "': " + String.join("; ", found));
            }
            return alarm;
        }

        private MetricAlarm check(List<String> found) {
            String nameProblem = nameProblem(name);
            if (nameProblem != null) {
                found.add(nameProblem);
            }
            boolean single = metricName != null || namespace != null;
            if (single == !metrics.isEmpty()) {
                found.add(single ? "give either MetricName and Namespace or Metrics, not both"
                        : "MetricName and Namespace, or Metrics, are required");
            }
            MetricStat metric = single ? singleMetric(found) : null;
            if (!single && (statistic != null || extendedStatistic != null || period != null)) {
                found.add("Statistic, ExtendedStatistic and Period belong in each of Metrics' MetricStat, not in a math alarm");
            }
            if (evaluationPeriods < 1) {
                found.add("EvaluationPeriods " + evaluationPeriods + " must be at least 1");
            }
            int m = datapointsToAlarm == null ? evaluationPeriods : datapointsToAlarm;
            if (m < 1 || m > evaluationPeriods) {
                found.add("DatapointsToAlarm " + m + " must be from 1 to EvaluationPeriods (" + evaluationPeriods + ")");
            }
            if (comparisonOperator == null) {
                found.add("ComparisonOperator is required");
            } else if (comparisonOperator.usesBand()) {
                if (thresholdMetricId == null) {
                    found.add(comparisonOperator + " needs ThresholdMetricId, the id of an ANOMALY_DETECTION_BAND expression");
                }
                if (threshold != null) {
                    found.add("Threshold is not allowed with " + comparisonOperator + "; the band is the threshold");
                }
            } else {
                if (threshold == null || !Double.isFinite(threshold)) {
                    found.add("Threshold is required with " + comparisonOperator + " and must be a finite number");
                }
                if (thresholdMetricId != null) {
                    found.add("ThresholdMetricId is allowed only with the band operators");
                }
            }
            if (!single) {
                checkQueries(found);
            }
            MetricAlarm alarm = new MetricAlarm(name, description, metric, metrics, evaluationPeriods, m, threshold,
                    comparisonOperator, thresholdMetricId, treatMissingData, evaluateLowSampleCountPercentile,
                    actionsEnabled, actions);
            if (found.isEmpty() && (long) alarm.periodSeconds() * evaluationPeriods > 86_400) {
                found.add("Period (" + alarm.periodSeconds() + ") x EvaluationPeriods (" + evaluationPeriods
                        + ") must not exceed one day (86400 seconds)");
            }
            return alarm;
        }

        private MetricStat singleMetric(List<String> found) {
            if (namespace == null || metricName == null) {
                found.add("both MetricName and Namespace are required");
                return null;
            }
            if ((statistic == null) == (extendedStatistic == null)) {
                found.add("give exactly one of Statistic and ExtendedStatistic");
                return null;
            }
            if (period == null || !validPeriod(period)) {
                found.add("Period " + period + " must be 10, 20, 30 or a multiple of 60 seconds");
                return null;
            }
            if (thresholdMetricId != null) {
                found.add("a band operator needs Metrics with an ANOMALY_DETECTION_BAND expression");
            }
            try {
                Statistic stat = statistic != null ? Statistic.simple(statistic) : Statistic.extended(extendedStatistic);
                return new MetricStat(namespace, metricName, dimensions, period, stat);
            } catch (IllegalArgumentException e) {
                found.add(e.getMessage());
                return null;
            }
        }

        private void checkQueries(List<String> found) {
            Map<String, MetricDataQuery> byId = new LinkedHashMap<>();
            int metricCount = 0;
            Set<Integer> periods = new HashSet<>();
            for (MetricDataQuery query : metrics) {
                if (!ID.matcher(query.id()).matches()) {
                    found.add("Metrics id '" + query.id()
                            + "' must start with a lower-case letter and hold only letters, digits and underscores");
                }
                if (byId.put(query.id(), query) != null) {
                    found.add("Metrics id '" + query.id() + "' is used twice");
                }
                if ((query.metricStat() == null) == (query.expression() == null)) {
                    found.add("Metrics entry '" + query.id() + "' needs exactly one of MetricStat and Expression");
                }
                if (query.metricStat() != null) {
                    metricCount++;
                    if (!validPeriod(query.metricStat().periodSeconds())) {
                        found.add("Metrics entry '" + query.id() + "': Period " + query.metricStat().periodSeconds()
                                + " must be 10, 20, 30 or a multiple of 60 seconds");
                    }
                    periods.add(query.metricStat().periodSeconds());
                }
            }
            if (metricCount == 0) {
                found.add("Metrics needs at least one MetricStat");
            }
            if (metricCount > MAX_METRICS) {
                found.add("Metrics has " + metricCount + " metrics; an alarm may use at most " + MAX_METRICS);
            }
            if (periods.size() > 1) {
                found.add("every metric of a math alarm must have the same period, not " + periods);
            }
            DefinitionChecks.checkExpressions(metrics, byId.keySet(), found);
            List<String> returned = metrics.stream().filter(MetricDataQuery::returnData).map(MetricDataQuery::id).toList();
            if (thresholdMetricId != null) {
                MetricDataQuery band = byId.get(thresholdMetricId);
                if (band == null || band.expression() == null || !band.expression().contains("ANOMALY_DETECTION_BAND")) {
                    found.add("ThresholdMetricId '" + thresholdMetricId
                            + "' must be the id of an ANOMALY_DETECTION_BAND expression in Metrics");
                }
                if (returned.size() != 2 || !returned.contains(thresholdMetricId)) {
                    found.add("with a band, ReturnData must be true for the band and for exactly one other entry, not "
                            + returned);
                }
            } else if (returned.size() != 1) {
                found.add("exactly one entry of Metrics must have ReturnData true, not " + returned.size() + " " + returned);
            }
        }
    }
}
