package dev.monitor.core.alarms;

import dev.monitor.api.metrics.Dimension;
import dev.monitor.core.config.ConfigNode;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads alarm definitions written with CloudWatch's own field names, from the configuration file
 * or from an {@code alarm.json} copied out of CloudWatch: PutMetricAlarm's fields for metric
 * alarms and PutCompositeAlarm's for composite ones. The read-only fields DescribeAlarms adds
 * ({@code AlarmArn}, {@code StateValue}, ...) are accepted and ignored. Problems go to the
 * node's problem list, each with its path.
 */
public final class AlarmDefinitions {
    private static final String[] DESCRIBE_ONLY = {"AlarmArn", "AlarmConfigurationUpdatedTimestamp", "StateValue",
        "StateReason", "StateReasonData", "StateUpdatedTimestamp", "StateTransitionedTimestamp", "EvaluationState",
        "Tags", "Unit"};

    private AlarmDefinitions() {
    }

    /** A metric alarm from PutMetricAlarm's fields; null after recording its problems. */
    public static MetricAlarm metricAlarm(ConfigNode node) {
        String name = node.requiredString("AlarmName");
        MetricAlarm.Builder builder = MetricAlarm.builder(name).description(node.string("AlarmDescription", null));
        builder.actionsEnabled(node.bool("ActionsEnabled", true));
        actions(node, (state, names) -> builder.onState(state, names.toArray(String[]::new)));
        String metricName = node.string("MetricName", null);
        String namespace = node.string("Namespace", null);
        if (metricName != null || namespace != null) {
            builder.metric(namespace, metricName, dimensions(node).toArray(Dimension[]::new));
        } else {
            node.ignore("Dimensions");
        }
        String statistic = node.string("Statistic", null);
        if (statistic != null) {
            builder.statistic(statistic);
        }
        String extended = node.string("ExtendedStatistic", null);
        if (extended != null) {
            builder.extendedStatistic(extended);
        }
        if (node.has("Period")) {
            builder.period(node.integer("Period", 60, 1, 86_400));
        }
        for (ConfigNode query : node.list("Metrics")) {
            MetricDataQuery parsed = query(query);
            if (parsed != null) {
                builder.query(parsed);
            }
        }
        builder.evaluationPeriods(node.integer("EvaluationPeriods", 1, 1, 100_000));
        if (node.has("DatapointsToAlarm")) {
            builder.datapointsToAlarm(node.integer("DatapointsToAlarm", 1, 1, 100_000));
        }
        Double threshold = node.number("Threshold");
        if (threshold != null) {
            builder.threshold(threshold);
        }
        String operator = node.requiredString("ComparisonOperator");
        if (operator != null) {
            try {
                builder.comparisonOperator(ComparisonOperator.fromApiName(operator));
            } catch (IllegalArgumentException e) {
                node.problem("ComparisonOperator", e.getMessage());
            }
        }
        String thresholdMetricId = node.string("ThresholdMetricId", null);
        if (thresholdMetricId != null) {
            builder.thresholdMetricId(thresholdMetricId);
        }
        String treatment = node.string("TreatMissingData", null);
        if (treatment != null) {
            try {
                builder.treatMissingData(TreatMissingData.fromApiName(treatment));
            } catch (IllegalArgumentException e) {
                node.problem("TreatMissingData", e.getMessage());
            }
        }
        String lowSamples = node.choice("EvaluateLowSampleCountPercentile", "evaluate", "evaluate", "ignore");
        builder.evaluateLowSampleCountPercentile("evaluate".equals(lowSamples));
        return build(node, builder::build);
    }

    /** Finishes reading {@code node} and builds; a definition that breaks a rule is recorded under AlarmName. */
    private static <T> T build(ConfigNode node, java.util.function.Supplier<T> build) {
        node.ignore(DESCRIBE_ONLY);
        node.rejectUnknownKeys();
        try {
            return build.get();
        } catch (IllegalArgumentException e) {
            node.problem("AlarmName", e.getMessage());
            return null;
        }
    }

    private interface ActionsSink {
        void accept(AlarmState state, List<String> names);
    }

    private static void actions(ConfigNode node, ActionsSink sink) {
        sink.accept(AlarmState.OK, node.strings("OKActions"));
        sink.accept(AlarmState.ALARM, node.strings("AlarmActions"));
        sink.accept(AlarmState.INSUFFICIENT_DATA, node.strings("InsufficientDataActions"));
    }

    private static List<Dimension> dimensions(ConfigNode node) {
        List<Dimension> dimensions = new ArrayList<>();
        for (ConfigNode dimension : node.list("Dimensions")) {
            String name = dimension.requiredString("Name");
            String value = dimension.requiredString("Value");
            dimension.rejectUnknownKeys();
            if (name != null && value != null) {
                dimensions.add(new Dimension(name, value));
            }
        }
        return dimensions;
    }

    private static MetricDataQuery query(ConfigNode node) {
        String id = node.requiredString("Id");
        String expression = node.string("Expression", null);
        String label = node.string("Label", null);
        boolean returnData = node.bool("ReturnData", true);
        node.ignore("AccountId", "Period");
        MetricStat stat = null;
        if (node.has("MetricStat")) {
            ConfigNode statNode = node.child("MetricStat");
            ConfigNode metric = statNode.child("Metric");
            String namespace = metric.requiredString("Namespace");
            String metricName = metric.requiredString("MetricName");
            List<Dimension> dimensions = dimensions(metric);
            metric.rejectUnknownKeys();
            int period = statNode.integer("Period", 60, 1, 86_400);
            String statName = statNode.requiredString("Stat");
            statNode.ignore("Unit");
            statNode.rejectUnknownKeys();
            if (namespace != null && metricName != null && statName != null) {
                try {
                    stat = new MetricStat(namespace, metricName, dimensions, period, stat(statName));
                } catch (IllegalArgumentException e) {
                    statNode.problem("Stat", e.getMessage());
                }
            }
        }
        node.rejectUnknownKeys();
        if (id == null || (stat == null && expression == null)) {
            if (id != null) {
                node.problem("Id", "entry '" + id + "' needs a MetricStat or an Expression");
            }
            return null;
        }
        return new MetricDataQuery(id, stat, expression, label, returnData);
    }

    /** A statistic by either name: {@code Average} or {@code p99}. */
    static Statistic stat(String name) {
        return switch (name) {
            case "SampleCount", "Sum", "Average", "Minimum", "Maximum" -> Statistic.simple(name);
            default -> Statistic.extended(name);
        };
    }

    /** A composite alarm from PutCompositeAlarm's fields; null after recording its problems. */
    public static CompositeAlarm compositeAlarm(ConfigNode node) {
        String name = node.requiredString("AlarmName");
        CompositeAlarm.Builder builder = CompositeAlarm.builder(name)
                .description(node.string("AlarmDescription", null))
                .rule(node.requiredString("AlarmRule"))
                .actionsEnabled(node.bool("ActionsEnabled", true));
        actions(node, (state, names) -> builder.onState(state, names.toArray(String[]::new)));
        String suppressor = node.string("ActionsSuppressor", null);
        int wait = node.integer("ActionsSuppressorWaitPeriod", 60, 0, 86_400);
        int extension = node.integer("ActionsSuppressorExtensionPeriod", 60, 0, 86_400);
        if (suppressor != null) {
            builder.actionsSuppressor(suppressor, Duration.ofSeconds(wait), Duration.ofSeconds(extension));
        }
        return build(node, builder::build);
    }

    /**
     * Registers an action declared in the configuration file: {@code type} {@code webhook}
     * ({@code url}), {@code diagnostics} ({@code directory}, default {@code <dataDir>/diagnostics};
     * {@code minInterval}, default 10m), {@code topic} or {@code log} (a topic whose subscriber
     * logs each notification as a warning).
     */
    static void registerAction(ConfigNode node, AlarmService alarms, Path dataDir) {
        String name = node.requiredString("name");
        String type = node.choice("type", null, "webhook", "diagnostics", "topic", "log");
        if (type == null && !node.has("type")) {
            node.problem("type", "required; one of webhook, diagnostics, topic, log");
        }
        try {
            switch (type == null ? "" : type) {
                case "webhook" -> {
                    String url = node.requiredString("url");
                    if (url != null && name != null) {
                        alarms.registerAction(name, AlarmActions.webhook(URI.create(url)));
                    }
                }
                case "diagnostics" -> {
                    Path directory = Path.of(node.string("directory", dataDir.resolve("diagnostics").toString()));
                    Duration minInterval = node.duration("minInterval", Duration.ofMinutes(10));
                    if (name != null) {
                        alarms.registerAction(name, AlarmActions.diagnostics(directory, minInterval));
                    }
                }
                case "topic" -> {
                    if (name != null) {
                        alarms.topic(name);
                    }
                }
                case "log" -> {
                    if (name != null) {
                        org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger("dev.monitor.alarms." + name);
                        alarms.topic(name).subscribe(message -> log.warn("{}", message));
                    }
                }
                default -> {
                }
            }
        } catch (IllegalArgumentException e) {
            node.problem("name", e.getMessage());
        }
        node.rejectUnknownKeys();
    }
}
