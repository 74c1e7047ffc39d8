package dev.monitor.core.alarms;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.monitor.api.metrics.Dimension;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.UUID;

/**
 * The JSON CloudWatch writes about a state change: the SNS notification, the EventBridge event and the Lambda event,
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

    /**
     * The SNS message, field for field in the order of AWS's schemas for a metric and a composite alarm
     * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Notify_Users_Alarm_Changes.html):
     * a metric alarm's {@code AlarmConfigurationUpdatedTimestamp} and {@code Trigger}; a composite's
     * {@code AlarmRule} and {@code TriggeringChildren}, and no configuration timestamp.
     */
    static String notification(AlarmStateChange change) {
        ObjectNode root = JSON.createObjectNode();
        root.put("AlarmName", change.alarmName());
        root.put("AlarmDescription", change.alarm().description());
        root.put("AWSAccountId", change.account());
        boolean metricAlarm = change.alarm() instanceof MetricAlarm;
        if (metricAlarm) {
            Instant configured = change.configurationUpdated() != null ? change.configurationUpdated() : change.current().timestamp();
            root.put("AlarmConfigurationUpdatedTimestamp", timestamp(configured));
        }
        root.put("NewStateValue", change.current().value().apiName());
        root.put("NewStateReason", change.current().reason());
        root.put("StateChangeTime", timestamp(change.current().timestamp()));
        root.put("Region", change.regionName());
        root.put("AlarmArn", change.alarmArn());
        if (metricAlarm) {
            root.put("OldStateValue", change.previous().value().apiName());
        }
        change.alarm().actions().get(AlarmState.OK).forEach(root.putArray("OKActions")::add);
        change.alarm().actions().get(AlarmState.ALARM).forEach(root.putArray("AlarmActions")::add);
        change.alarm().actions().get(AlarmState.INSUFFICIENT_DATA).forEach(root.putArray("InsufficientDataActions")::add);
        if (change.alarm() instanceof MetricAlarm alarm) {
            root.set("Trigger", trigger(alarm));
        } else {
            root.put("OldStateValue", change.previous().value().apiName());
            root.put("AlarmRule", ((CompositeAlarm) change.alarm()).rule());
            root.set("TriggeringChildren", triggeringChildren(change.current().reasonData()));
        }
        return write(root);
    }

    /**
     * The composite's children that triggered the change, {@code [{"Arn": ..., "State": {"Value": ..., "Timestamp": ...}}]},
     * from the {@code triggeringAlarms} of its reason data; empty when it has none.
     */
    private static ArrayNode triggeringChildren(String reasonData) {
        ArrayNode children = JSON.createArrayNode();
        if (reasonData == null) {
            return children;
        }
        try {
            for (JsonNode alarm : JSON.readTree(reasonData).path("triggeringAlarms")) {
                ObjectNode child = children.addObject();
                child.put("Arn", alarm.path("arn").asText());
                child.putObject("State").put("Value", alarm.path("state").path("value").asText())
                        .put("Timestamp", alarm.path("state").path("timestamp").asText());
            }
        } catch (JsonProcessingException e) {
            children.removeAll(); // reason data set by hand (SetAlarmState) need not be JSON
        }
        return children;
    }

    /**
     * The notification's {@code Trigger}. {@code DatapointsToAlarm} appears only for an "M out of N"
     * alarm, as in recorded notifications of alarms whose DatapointsToAlarm differs from
     * EvaluationPeriods; {@code Unit} is null (Monitor's alarms take no unit); a math alarm has
     * {@code Metrics} last, after the evaluation settings.
     */
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
        }
        trigger.put("Period", alarm.periodSeconds());
        trigger.put("EvaluationPeriods", alarm.evaluationPeriods());
        if (alarm.datapointsToAlarm() != alarm.evaluationPeriods()) {
            trigger.put("DatapointsToAlarm", alarm.datapointsToAlarm());
        }
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
        if (alarm.metric() == null) {
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
        root.set("detail", alarmData(change));
        return write(root);
    }

    /**
     * The Lambda action's event, as documented with its metric and composite examples
     * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarms-and-actions-Lambda.html):
     * {@code source}, {@code alarmArn}, {@code accountId}, {@code time} (the change, in CloudWatch's
     * {@code +0000} form), {@code region} (the id) and {@code alarmData}, which is the EventBridge event's
     * {@code detail}.
     */
    static String lambdaEvent(AlarmStateChange change) {
        ObjectNode root = JSON.createObjectNode();
        root.put("source", "aws.cloudwatch");
        root.put("alarmArn", change.alarmArn());
        root.put("accountId", change.account());
        root.put("time", timestamp(change.current().timestamp()));
        root.put("region", change.region());
        root.set("alarmData", alarmData(change));
        return write(root);
    }

    /** The alarm's name, state, previous state and configuration: the event's {@code detail}, the Lambda event's {@code alarmData}. */
    private static ObjectNode alarmData(AlarmStateChange change) {
        ObjectNode detail = JSON.createObjectNode();
        detail.put("alarmName", change.alarmName());
        state(detail.putObject("state"), change.current());
        state(detail.putObject("previousState"), change.previous());
        ObjectNode configuration = detail.putObject("configuration");
        if (change.alarm() instanceof MetricAlarm alarm) {
            configuration.put("description", alarm.description());
            ArrayNode metrics = configuration.putArray("metrics");
            for (MetricDataQuery query : alarm.queries()) {
                ObjectNode entry = metrics.addObject();
                entry.put("id", query.id());
                if (query.expression() != null) {
                    entry.put("expression", query.expression());
                    if (query.label() != null) {
                        entry.put("label", query.label());
                    }
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
            configuration.put("description", alarm.description());
            configuration.put("alarmRule", alarm.rule());
            if (alarm.actionsSuppressor() != null) {
                configuration.put("actionsSuppressor", alarm.actionsSuppressor());
                configuration.put("actionsSuppressorWaitPeriod", alarm.suppressorWaitPeriod().toSeconds());
                configuration.put("actionsSuppressorExtensionPeriod", alarm.suppressorExtensionPeriod().toSeconds());
            }
        }
        return detail;
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
