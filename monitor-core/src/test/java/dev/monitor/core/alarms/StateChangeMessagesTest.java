package dev.monitor.core.alarms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monitor.api.metrics.Dimension;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The SNS notification and the Lambda event of a state change, field for field as AWS documents them:
 * the schemas of https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Notify_Users_Alarm_Changes.html
 * and the payload of https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarms-and-actions-Lambda.html.
 */
class StateChangeMessagesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant PUT = Instant.parse("2026-12-01T08:00:00Z");
    private static final Instant CHANGED = Instant.parse("2026-12-02T10:00:00.250Z");

    private static AlarmStateChange change(AlarmDefinition alarm, String region, String reasonData) {
        return new AlarmStateChange(alarm, "arn:aws:cloudwatch:" + region + ":123456789012:alarm:" + alarm.name(), "123456789012", region,
                new AlarmStateChange.State(AlarmState.OK, "ok", null, CHANGED.minusSeconds(300)),
                new AlarmStateChange.State(AlarmState.ALARM, "Threshold Crossed", reasonData, CHANGED), false, PUT);
    }

    private static List<String> fields(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

    @Test
    void aMetricAlarmsNotificationHasTheSchemasFieldsInItsOrder() throws Exception {
        MetricAlarm alarm = MetricAlarm.builder("Latency").description("slow").metric("Shop", "Latency", new Dimension("Api", "cart"))
                .statistic("SampleCount").period(60).evaluationPeriods(5).datapointsToAlarm(3).threshold(100)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD).treatMissingData(TreatMissingData.NOT_BREACHING)
                .onState(AlarmState.ALARM, "arn:aws:sns:eu-west-1:123456789012:ops").build();
        JsonNode message = JSON.readTree(change(alarm, "eu-west-1", null).notificationJson());
        assertEquals(List.of("AlarmName", "AlarmDescription", "AWSAccountId", "AlarmConfigurationUpdatedTimestamp", "NewStateValue",
                "NewStateReason", "StateChangeTime", "Region", "AlarmArn", "OldStateValue", "OKActions", "AlarmActions",
                "InsufficientDataActions", "Trigger"), fields(message));
        assertEquals("EU (Ireland)", message.get("Region").asText());
        assertEquals("2026-12-01T08:00:00.000+0000", message.get("AlarmConfigurationUpdatedTimestamp").asText());
        assertEquals("2026-12-02T10:00:00.250+0000", message.get("StateChangeTime").asText());
        JsonNode trigger = message.get("Trigger");
        assertEquals(List.of("MetricName", "Namespace", "StatisticType", "Statistic", "Unit", "Dimensions", "Period", "EvaluationPeriods",
                "DatapointsToAlarm", "ComparisonOperator", "Threshold", "TreatMissingData", "EvaluateLowSampleCountPercentile"), fields(trigger));
        assertEquals("SAMPLE_COUNT", trigger.get("Statistic").asText());
        assertTrue(trigger.get("Unit").isNull());
        assertEquals(3, trigger.get("DatapointsToAlarm").asInt());
        assertEquals(100.0, trigger.get("Threshold").asDouble());
        assertTrue(trigger.get("Threshold").isDouble(), "written 100.0, as CloudWatch writes it");
        assertEquals("notBreaching", trigger.get("TreatMissingData").asText());
        assertEquals("", trigger.get("EvaluateLowSampleCountPercentile").asText());
        assertEquals(JSON.readTree("[{\"value\":\"cart\",\"name\":\"Api\"}]"), trigger.get("Dimensions"));
    }

    @Test
    void datapointsToAlarmIsLeftOutWhenItIsEvaluationPeriodsAndPercentilesSayHowLowSamplesCount() throws Exception {
        MetricAlarm alarm = MetricAlarm.builder("P99").metric("Shop", "Latency").extendedStatistic("p99").period(300)
                .evaluationPeriods(2).threshold(1).comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                .evaluateLowSampleCountPercentile(false).build();
        JsonNode trigger = JSON.readTree(change(alarm, "us-east-1", null).notificationJson()).get("Trigger");
        assertFalse(trigger.has("DatapointsToAlarm"), trigger.toString());
        assertEquals("ExtendedStatistic", trigger.get("StatisticType").asText());
        assertEquals("p99", trigger.get("ExtendedStatistic").asText());
        assertFalse(trigger.has("Statistic"));
        assertEquals("ignore", trigger.get("EvaluateLowSampleCountPercentile").asText());
    }

    @Test
    void aMathAlarmsTriggerListsItsMetricsLast() throws Exception {
        MetricAlarm alarm = MetricAlarm.builder("ErrorRate").evaluationPeriods(1).threshold(5)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                .query(MetricDataQuery.expression("e1", "100*m1/m2", true))
                .query(MetricDataQuery.metric("m1", new MetricStat("Shop", "Errors", List.of(), 60, Statistic.simple("Sum")), false))
                .query(MetricDataQuery.metric("m2", new MetricStat("Shop", "Requests", List.of(), 60, Statistic.simple("Sum")), false))
                .build();
        JsonNode trigger = JSON.readTree(change(alarm, "us-east-1", null).notificationJson()).get("Trigger");
        assertEquals(List.of("Period", "EvaluationPeriods", "ComparisonOperator", "Threshold", "TreatMissingData",
                "EvaluateLowSampleCountPercentile", "Metrics"), fields(trigger));
        JsonNode m1 = trigger.get("Metrics").get(1);
        assertEquals(List.of("Id", "MetricStat", "ReturnData"), fields(m1));
        assertEquals(List.of("Metric", "Period", "Stat"), fields(m1.get("MetricStat")));
        assertEquals("Errors", m1.get("MetricStat").get("Metric").get("MetricName").asText());
        assertEquals("100*m1/m2", trigger.get("Metrics").get(0).get("Expression").asText());
    }

    @Test
    void aCompositeAlarmsNotificationHasItsRuleAndTriggeringChildren() throws Exception {
        CompositeAlarm alarm = CompositeAlarm.builder("Shop").rule("ALARM(Latency) OR ALARM(Errors)")
                .onState(AlarmState.ALARM, "arn:aws:sns:us-east-1:123456789012:ops").build();
        String reasonData = "{\"triggeringAlarms\":[{\"arn\":\"arn:aws:cloudwatch:us-east-1:123456789012:alarm:Latency\","
                + "\"state\":{\"value\":\"ALARM\",\"timestamp\":\"2026-12-02T09:59:00.000+0000\"}}]}";
        JsonNode message = JSON.readTree(change(alarm, "us-east-1", reasonData).notificationJson());
        assertEquals(List.of("AlarmName", "AlarmDescription", "AWSAccountId", "NewStateValue", "NewStateReason", "StateChangeTime", "Region",
                "AlarmArn", "OKActions", "AlarmActions", "InsufficientDataActions", "OldStateValue", "AlarmRule", "TriggeringChildren"),
                fields(message));
        assertEquals("US East (N. Virginia)", message.get("Region").asText());
        assertEquals(JSON.readTree("[{\"Arn\":\"arn:aws:cloudwatch:us-east-1:123456789012:alarm:Latency\","
                + "\"State\":{\"Value\":\"ALARM\",\"Timestamp\":\"2026-12-02T09:59:00.000+0000\"}}]"), message.get("TriggeringChildren"));
        assertEquals(0, JSON.readTree(change(alarm, "us-east-1", "set by hand").notificationJson()).get("TriggeringChildren").size());
    }

    @Test
    void theLambdaEventIsTheDocumentedPayload() throws Exception {
        CompositeAlarm alarm = CompositeAlarm.builder("Shop").rule("ALARM(Latency)")
                .actionsSuppressor("Maintenance", Duration.ofSeconds(120), Duration.ofSeconds(180)).build();
        JsonNode event = JSON.readTree(change(alarm, "us-east-1", null).lambdaEventJson());
        assertEquals(List.of("source", "alarmArn", "accountId", "time", "region", "alarmData"), fields(event));
        assertEquals("aws.cloudwatch", event.get("source").asText());
        assertEquals("2026-12-02T10:00:00.250+0000", event.get("time").asText());
        JsonNode configuration = event.get("alarmData").get("configuration");
        assertEquals("ALARM(Latency)", configuration.get("alarmRule").asText());
        assertEquals(120, configuration.get("actionsSuppressorWaitPeriod").asInt());
        assertEquals(180, configuration.get("actionsSuppressorExtensionPeriod").asInt());
        assertEquals(JSON.readTree(change(alarm, "us-east-1", null).eventJson()).get("detail"), event.get("alarmData"),
                "alarmData is the EventBridge event's detail");
    }

    @Test
    void everyAwsRegionHasItsLongNameAndOthersKeepTheirId() {
        Map<String, String> names = RegionNames.all();
        assertEquals("Asia Pacific (Tokyo)", names.get("ap-northeast-1"));
        assertEquals("South America (Sao Paulo)", names.get("sa-east-1"));
        for (Map.Entry<String, String> e : names.entrySet()) {
            assertTrue(e.getValue().matches("[A-Za-z ]+ \\([A-Za-z. -]+\\)"), e.toString());
            assertTrue(e.getKey().matches("[a-z]{2}(-gov)?-[a-z]+-\\d"), e.toString());
        }
        assertEquals("local", RegionNames.longName("local"));
    }
}
