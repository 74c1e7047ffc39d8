package dev.monitor.core.alarms;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.monitor.api.metrics.Dimension;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The JSON CloudWatch writes about a state change: the SNS notification and the EventBridge event,
 * with timestamps in its {@code 2026-01-01T00:00:00.000+0000} form. Behind
 * {@link AlarmStateChange}'s {@code notificationJson()} and {@code eventJson()}: it needs only the
 * change and the definitions, so it lives with them and not with the engine.
 */
final class StateChangeMessages {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter EVENT_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private StateChangeMessages() {
    }

    private static String timestamp(Instant instant) {
        return TIMESTAMP.format(instant);
    }

    private static String write(Object node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String notification(AlarmStateChange change) {
        ObjectNode root = JSON.createObjectNode();
        root.put("AlarmName", change.alarmName());
        root.put("AlarmDescription", change.alarm().description());
        root.put("AWSAccountId", change.account());
        root.put("AlarmConfigurationUpdatedTimestamp", timestamp(change.current().timestamp()));
        root.put("NewStateValue", change.current().value().apiName());
        root.put("NewStateReason", change.current().reason());
        root.put("StateChangeTime", timestamp(change.current().timestamp()));
        root.put("Region", change.region());
        root.put("AlarmArn", change.alarmArn());
        root.put("OldStateValue", change.previous().value().apiName());
        if (change.alarm() instanceof MetricAlarm alarm) {
            actions(root, alarm.actions().get(AlarmState.OK), alarm.actions().get(AlarmState.ALARM),
                    alarm.actions().get(AlarmState.INSUFFICIENT_DATA));
            root.set("Trigger", trigger(alarm));
        } else {
            CompositeAlarm alarm = (CompositeAlarm) change.alarm();
            actions(root, alarm.actions().get(AlarmState.OK), alarm.actions().get(AlarmState.ALARM),
                    alarm.actions().get(AlarmState.INSUFFICIENT_DATA));
            root.put("AlarmRule", alarm.rule());
        }
        return write(root);
    }

    private static void actions(ObjectNode root, List<String> ok, List<String> alarm, List<String> insufficient) {
        ok.forEach(root.putArray("OKActions")::add);
        alarm.forEach(root.putArray("AlarmActions")::add);
        insufficient.forEach(root.putArray("InsufficientDataActions")::add);
    }

    private static ObjectNode trigger(MetricAlarm alarm) {
        ObjectNode trigger = JSON.createObjectNode();
        if (alarm.metric() != null) {
            MetricStat metric = alarm.metric();
            trigger.put("MetricName", metric.metricName());
            trigger.put("Namespace", metric.namespace());
            if (metric.stat().isExtended()) {
                trigger.put("StatisticType", "ExtendedStatistic");
                trigger.put("ExtendedStatistic", metric.stat().name());
            } else {
                trigger.put("StatisticType", "Statistic");
                trigger.put("Statistic", metric.stat().name().replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT));
            }
            trigger.putNull("Unit");
            ArrayNode dimensions = trigger.putArray("Dimensions");
            for (Dimension dimension : metric.dimensions()) {
                dimensions.addObject().put("value", dimension.value()).put("name", dimension.name());
            }
            trigger.put("Period", metric.periodSeconds());
        } else {
            trigger.put("Period", alarm.periodSeconds());
            ArrayNode metrics = trigger.putArray("Metrics");
            for (MetricDataQuery query : alarm.metrics()) {
                ObjectNode entry = metrics.addObject();
                if (query.expression() != null) {
                    entry.put("Expression", query.expression());
                }
                entry.put("Id", query.id());
                if (query.label() != null) {
                    entry.put("Label", query.label());
                }
                if (query.metricStat() != null) {
                    ObjectNode stat = entry.putObject("MetricStat");
                    ObjectNode metric = stat.putObject("Metric");
                    ArrayNode dimensions = metric.putArray("Dimensions");
                    for (Dimension dimension : query.metricStat().dimensions()) {
                        dimensions.addObject().put("value", dimension.value()).put("name", dimension.name());
                    }
                    metric.put("MetricName", query.metricStat().metricName());
                    metric.put("Namespace", query.metricStat().namespace());
                    stat.put("Period", query.metricStat().periodSeconds());
                    stat.put("Stat", query.metricStat().stat().name());
                }
                entry.put("ReturnData", query.returnData());
            }
        }
        trigger.put("EvaluationPeriods", alarm.evaluationPeriods());
        trigger.put("DatapointsToAlarm", alarm.datapointsToAlarm());
        trigger.put("ComparisonOperator", alarm.comparisonOperator().apiName());
        if (alarm.threshold() != null) {
            trigger.put("Threshold", alarm.threshold());
        }
        if (alarm.thresholdMetricId() != null) {
            trigger.put("ThresholdMetricId", alarm.thresholdMetricId());
        }
        trigger.put("TreatMissingData", alarm.treatMissingData().apiName());
        trigger.put("EvaluateLowSampleCountPercentile",
                alarm.metric() != null && alarm.metric().stat().isExtended()
                        ? (alarm.evaluateLowSampleCountPercentile() ? "evaluate" : "ignore") : "");
        return trigger;
    }

    static String event(AlarmStateChange change) {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", "0");
        root.put("id", UUID.randomUUID().toString());
        root.put("detail-type", "CloudWatch Alarm State Change");
        root.put("source", "aws.cloudwatch");
        root.put("account", change.account());
        root.put("time", EVENT_TIME.format(change.current().timestamp()));
        root.put("region", change.region());
        root.putArray("resources").add(change.alarmArn());
        ObjectNode detail = root.putObject("detail");
        detail.put("alarmName", change.alarmName());
        state(detail.putObject("state"), change.current());
        state(detail.putObject("previousState"), change.previous());
        ObjectNode configuration = detail.putObject("configuration");
        configuration.put("description", change.alarm().description());
        if (change.alarm() instanceof MetricAlarm alarm) {
            ArrayNode metrics = configuration.putArray("metrics");
            for (MetricDataQuery query : alarm.queries()) {
                ObjectNode entry = metrics.addObject();
                entry.put("id", query.id());
                if (query.expression() != null) {
                    entry.put("expression", query.expression());
                } else {
                    ObjectNode stat = entry.putObject("metricStat");
                    ObjectNode metric = stat.putObject("metric");
                    metric.put("namespace", query.metricStat().namespace());
                    metric.put("name", query.metricStat().metricName());
                    ObjectNode dimensions = metric.putObject("dimensions");
                    query.metricStat().dimensions().forEach(d -> dimensions.put(d.name(), d.value()));
                    stat.put("period", query.metricStat().periodSeconds());
                    stat.put("stat", query.metricStat().stat().name());
                }
                entry.put("returnData", query.returnData());
            }
        } else {
            CompositeAlarm alarm = (CompositeAlarm) change.alarm();
            configuration.put("alarmRule", alarm.rule());
            if (alarm.actionsSuppressor() != null) {
                configuration.put("actionsSuppressor", alarm.actionsSuppressor());
                configuration.put("actionsSuppressorWaitPeriod", alarm.suppressorWaitPeriod().toSeconds());
                configuration.put("actionsSuppressorExtensionPeriod", alarm.suppressorExtensionPeriod().toSeconds());
            }
        }
        return write(root);
    }

    private static void state(ObjectNode node, AlarmStateChange.State state) {
        node.put("value", state.value().apiName());
        node.put("reason", state.reason());
        if (state.reasonData() != null) {
            node.put("reasonData", state.reasonData());
        }
        node.put("timestamp", timestamp(state.timestamp()));
    }
}
