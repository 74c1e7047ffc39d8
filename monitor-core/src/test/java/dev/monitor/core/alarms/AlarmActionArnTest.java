package dev.monitor.core.alarms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monitor.api.metrics.Dimension;
import dev.monitor.api.metrics.Metrics;
import dev.monitor.core.alarms.internal.AlarmEngine;
import dev.monitor.core.config.ConfigNode;
import dev.monitor.testing.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alarm actions named by ARN, in the forms PutMetricAlarm documents
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html, and
 * botocore's cloudwatch model, which carries the same list), acted on by the
 * {@link AlarmActionProvider}s on the class path: here {@link RecordingActionProvider} (SNS, Lambda).
 */
class AlarmActionArnTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final ManualClock clock = ManualClock.at("2026-03-01T12:00:00Z");

    @Test
    void everyDocumentedFormIsReadWithItsParts() {
        assertParts("arn:aws:automate:us-east-1:ec2:stop", AlarmActionArn.Kind.EC2, "us-east-1", "", "stop");
        assertParts("arn:aws:automate:eu-west-1:ec2:terminate", AlarmActionArn.Kind.EC2, "eu-west-1", "", "terminate");
        assertParts("arn:aws:automate:eu-west-1:ec2:reboot", AlarmActionArn.Kind.EC2, "eu-west-1", "", "reboot");
        assertParts("arn:aws:automate:eu-west-1:ec2:recover", AlarmActionArn.Kind.EC2, "eu-west-1", "", "recover");
        assertParts("arn:aws:swf:us-east-1:123456789012:action/actions/AWS_EC2.InstanceId.Reboot/1.0",
                AlarmActionArn.Kind.EC2, "us-east-1", "123456789012", "reboot");
        assertParts("arn:aws:autoscaling:us-east-1:123456789012:scalingPolicy:12345678-1234-1234-1234-123456789012"
                        + ":autoScalingGroupName/web:policyName/scale-out", AlarmActionArn.Kind.AUTOSCALING, "us-east-1",
                "123456789012", "12345678-1234-1234-1234-123456789012:autoScalingGroupName/web:policyName/scale-out");
        assertParts("arn:aws:lambda:us-east-1:123456789012:function:page-oncall", AlarmActionArn.Kind.LAMBDA,
                "us-east-1", "123456789012", "page-oncall");
        assertParts("arn:aws:lambda:us-east-1:123456789012:function:page-oncall:7", AlarmActionArn.Kind.LAMBDA,
                "us-east-1", "123456789012", "page-oncall:7");
        assertParts("arn:aws:lambda:us-east-1:123456789012:function:page-oncall:live", AlarmActionArn.Kind.LAMBDA,
                "us-east-1", "123456789012", "page-oncall:live");
        assertParts("arn:aws:sns:us-east-1:123456789012:ops", AlarmActionArn.Kind.SNS, "us-east-1", "123456789012", "ops");
        assertParts("arn:aws:sns:us-east-1:123456789012:ops.fifo", AlarmActionArn.Kind.SNS, "us-east-1", "123456789012", "ops.fifo");
        assertParts("arn:aws:ssm:us-east-1:123456789012:opsitem:2", AlarmActionArn.Kind.SSM_OPSITEM, "us-east-1",
                "123456789012", "2");
        assertParts("arn:aws:ssm:us-east-1:123456789012:opsitem:1#CATEGORY=Availability", AlarmActionArn.Kind.SSM_OPSITEM,
                "us-east-1", "123456789012", "1#CATEGORY=Availability");
        assertParts("arn:aws:ssm-incidents::123456789012:responseplan/db-down", AlarmActionArn.Kind.SSM_INCIDENT, "",
                "123456789012", "db-down");
        assertParts("arn:aws:aiops:us-east-1:123456789012:investigation-group:abc123", AlarmActionArn.Kind.INVESTIGATION,
                "us-east-1", "123456789012", "abc123");
        assertParts("arn:aws-us-gov:sns:us-gov-west-1:123456789012:ops", AlarmActionArn.Kind.SNS, "us-gov-west-1",
                "123456789012", "ops");
    }

    private static void assertParts(String arn, AlarmActionArn.Kind kind, String region, String account, String resource) {
        assertEquals(new AlarmActionArn(arn, kind, region, account, resource), AlarmActionArn.parse(arn));
    }

    @Test
    void malformedArnsAreRefusedNamingTheFormTheyBreak() {
        assertRefused("arn:aws:automate:us-east-1:ec2:start", "Invalid arn syntax: 'arn:aws:automate:us-east-1:ec2:start': "
                + "expected arn:aws:automate:region:ec2:stop|terminate|reboot|recover");
        assertRefused("arn:aws:sns:us-east-1:1234:ops", "the account id '1234' must be 12 digits");
        assertRefused("arn:aws:sns:useast1:123456789012:ops", "'useast1' is not a region such as us-east-1");
        assertRefused("arn:aws:sns:us-east-1:123456789012:has space", "expected arn:aws:sns:region:account-id:topic-name");
        assertRefused("arn:aws:ssm:us-east-1:123456789012:opsitem:5", "opsitem:severity[#CATEGORY=category-name]");
        assertRefused("arn:aws:lambda:us-east-1:123456789012:layer:x", "function:function-name[:version-or-alias]");
        assertRefused("arn:aws:ssm-incidents:us-east-1:123456789012:responseplan/x", "a response plan's ARN has no region");
        assertRefused("arn:aws:autoscaling:us-east-1:123456789012:scalingPolicy:not-a-uuid:autoScalingGroupName/a:policyName/b",
                "scalingPolicy:policy-id:autoScalingGroupName/group-name:policyName/policy-name");
        assertRefused("arn:aws:sqs:us-east-1:123456789012:queue", "is not an action CloudWatch alarms take (service 'sqs'); "
                + "CloudWatch accepts these action ARNs: EC2 (arn:aws:automate:region:ec2:stop|terminate|reboot|recover)");
        assertRefused("arn:nonsense", "expected arn:partition:service:region:account-id:resource");
        assertRefused("arn:aws:sns:us-east-1:123456789012:" + "t".repeat(1024), "an action ARN has 1 to 1024 characters, this has 1059");
    }

    private static void assertRefused(String arn, String part) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AlarmActionArn.parse(arn));
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }

    /** Whatever the text after {@code arn:}, reading it either gives an ARN of the same text or refuses it with a message: never another exception. */
    @Property(tries = 300)
    void parsingNeverThrowsAnythingButARefusal(@ForAll @StringLength(max = 80) String rest) {
        String arn = "arn:aws:" + rest;
        try {
            assertEquals(arn, AlarmActionArn.parse(arn).arn());
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage().contains("arn"), e.getMessage());
        }
    }

    private static MetricAlarm alarm(String name, String... actions) {
        return MetricAlarm.builder(name).description("orders fail").metric("Shop", "Errors", new Dimension("Service", "orders"))
                .statistic("Sum").period(60).evaluationPeriods(2).datapointsToAlarm(1).threshold(5)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .onState(AlarmState.ALARM, actions).onState(AlarmState.OK, actions[0]).build();
    }

    @Test
    void anArnActionGetsTheStateChangeAndCloudWatchsSnsMessage() throws Exception {
        String sns = "arn:aws:sns:us-east-1:123456789012:message-test";
        String lambda = "arn:aws:lambda:us-east-1:123456789012:function:message-test";
        try (AlarmEngine alarms = new AlarmEngine(clock, "123456789012", "us-east-1", List::of, Metrics.noop())) {
            alarms.putMetricAlarm(alarm("OrdersFailing", sns, lambda));
            alarms.putMetricAlarm(alarm("OrdersFailingToo", sns)); // the same ARN: one action serves both
            alarms.setAlarmState("OrdersFailing", AlarmState.ALARM, "Threshold Crossed: test");
            assertTrue(alarms.awaitActions(Duration.ofSeconds(10)));
        }
        assertEquals(1, RecordingActionProvider.CREATED.get(sns), "one action per distinct ARN");
        RecordingActionProvider.Received got = RecordingActionProvider.RECEIVED.get(sns).get(0);
        assertEquals(1, RecordingActionProvider.RECEIVED.get(lambda).size());
        assertEquals(new AlarmActionProvider.Context("123456789012", "us-east-1", clock), got.context());
        assertEquals(AlarmActionArn.Kind.SNS, got.arn().kind());
        assertEquals("message-test", got.arn().resource());
        assertEquals("OrdersFailing", got.change().alarmName());
        assertEquals(AlarmState.ALARM, got.change().current().value());
        assertEquals(AlarmState.INSUFFICIENT_DATA, got.change().previous().value());

        JsonNode message = JSON.readTree(got.notificationJson());
        assertEquals("OrdersFailing", message.get("AlarmName").asText());
        assertEquals("orders fail", message.get("AlarmDescription").asText());
        assertEquals("123456789012", message.get("AWSAccountId").asText());
        assertEquals("2026-03-01T12:00:00.000+0000", message.get("AlarmConfigurationUpdatedTimestamp").asText());
        assertEquals("ALARM", message.get("NewStateValue").asText());
        assertEquals("Threshold Crossed: test", message.get("NewStateReason").asText());
        assertEquals("2026-03-01T12:00:00.000+0000", message.get("StateChangeTime").asText());
        assertEquals("US East (N. Virginia)", message.get("Region").asText()); // the long name, as CloudWatch writes it
        assertEquals("arn:aws:cloudwatch:us-east-1:123456789012:alarm:OrdersFailing", message.get("AlarmArn").asText());
        assertEquals("INSUFFICIENT_DATA", message.get("OldStateValue").asText());
        assertEquals(List.of(sns), strings(message.get("OKActions")));
        assertEquals(List.of(sns, lambda), strings(message.get("AlarmActions")));
        assertEquals(List.of(), strings(message.get("InsufficientDataActions")));
        JsonNode trigger = message.get("Trigger");
        assertEquals("Errors", trigger.get("MetricName").asText());
        assertEquals("Shop", trigger.get("Namespace").asText());
        assertEquals("Statistic", trigger.get("StatisticType").asText());
        assertEquals("SUM", trigger.get("Statistic").asText());
        assertTrue(trigger.get("Unit").isNull());
        assertEquals("[{\"value\":\"orders\",\"name\":\"Service\"}]", trigger.get("Dimensions").toString());
        assertEquals(60, trigger.get("Period").asInt());
        assertEquals(2, trigger.get("EvaluationPeriods").asInt());
        assertEquals(1, trigger.get("DatapointsToAlarm").asInt());
        assertEquals("GreaterThanThreshold", trigger.get("ComparisonOperator").asText());
        assertEquals(5.0, trigger.get("Threshold").asDouble());
        assertTrue(trigger.get("Threshold").isDouble(), "a number with a fraction, 5.0, as AWS writes it");
        assertEquals("notBreaching", trigger.get("TreatMissingData").asText());
        assertEquals("", trigger.get("EvaluateLowSampleCountPercentile").asText());
    }

    /**
     * The keys of AWS's own example of the message an SNS subscriber gets (aws-lambda-go's
     * https://github.com/aws/aws-lambda-go/blob/main/events/testdata/cloudwatch-alarm-sns-payload-single-metric.json,
     * the Message of its record) appear in ours in the same order; ours adds the keys CloudWatch
     * has sent since (AlarmConfigurationUpdatedTimestamp, the three action lists, DatapointsToAlarm).
     */
    @Test
    void theMessageHasTheKeysOfAwsExampleInItsOrder() throws Exception {
        String sns = "arn:aws:sns:us-east-1:123456789012:key-order";
        try (AlarmEngine alarms = new AlarmEngine(clock, "123456789012", "us-east-1", List::of, Metrics.noop())) {
            alarms.putMetricAlarm(alarm("KeyOrder", sns));
            alarms.setAlarmState("KeyOrder", AlarmState.ALARM, "test");
            assertTrue(alarms.awaitActions(Duration.ofSeconds(10)));
        }
        JsonNode message = JSON.readTree(RecordingActionProvider.RECEIVED.get(sns).get(0).notificationJson());
        assertSubsequence(List.of("AlarmName", "AlarmDescription", "AWSAccountId", "NewStateValue", "NewStateReason",
                "StateChangeTime", "Region", "AlarmArn", "OldStateValue", "Trigger"), keys(message));
        assertSubsequence(List.of("MetricName", "Namespace", "StatisticType", "Statistic", "Unit", "Dimensions", "Period",
                "EvaluationPeriods", "ComparisonOperator", "Threshold", "TreatMissingData", "EvaluateLowSampleCountPercentile"),
                keys(message.get("Trigger")));
        assertEquals(List.of("AlarmName", "AlarmDescription", "AWSAccountId", "AlarmConfigurationUpdatedTimestamp", "NewStateValue",
                "NewStateReason", "StateChangeTime", "Region", "AlarmArn", "OldStateValue", "OKActions", "AlarmActions",
                "InsufficientDataActions", "Trigger"), keys(message));
    }

    private static void assertSubsequence(List<String> expected, List<String> actual) {
        Iterator<String> in = actual.iterator();
        for (String key : expected) {
            boolean found = false;
            while (!found && in.hasNext()) {
                found = in.next().equals(key);
            }
            assertTrue(found, "'" + key + "' missing or out of order in " + actual);
        }
    }

    private static List<String> keys(JsonNode node) {
        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void anArnNothingHandlesIsRefusedAtDefinitionWithTheKindsAndWhatIsAvailable() {
        try (AlarmEngine alarms = new AlarmEngine(clock, "123456789012", "us-east-1", List::of, Metrics.noop())) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> alarms.putMetricAlarm(alarm("Stopper", "arn:aws:automate:us-east-1:ec2:stop")));
            assertTrue(e.getMessage().startsWith("alarm 'Stopper' names action 'arn:aws:automate:us-east-1:ec2:stop', a EC2 action, "
                    + "and nothing on the class path acts on EC2 ARNs (add monitor-aws, or register an action under this ARN). "
                    + "CloudWatch accepts: EC2 (arn:aws:automate:region:ec2:stop|terminate|reboot|recover) needs monitor-aws on the "
                    + "class path, "), e.getMessage());
            assertTrue(e.getMessage().contains("SNS (arn:aws:sns:region:account-id:topic-name) available"), e.getMessage());
            assertTrue(e.getMessage().contains("LAMBDA (arn:aws:lambda:region:account-id:function:function-name[:version-or-alias]) "
                    + "available"), e.getMessage());
            assertTrue(e.getMessage().contains("SSM_OPSITEM (arn:aws:ssm:region:account-id:opsitem:severity[#CATEGORY=category-name]) "
                    + "needs monitor-aws on the class path"), e.getMessage());
            assertTrue(alarms.describe("Stopper").isEmpty(), "a refused alarm is not created");

            IllegalArgumentException malformed = assertThrows(IllegalArgumentException.class,
                    () -> alarms.putMetricAlarm(alarm("Typo", "arn:aws:sns:us-east-1:12345678901:ops")));
            assertEquals("alarm 'Typo': Invalid arn syntax: 'arn:aws:sns:us-east-1:12345678901:ops': the account id '12345678901' "
                    + "must be 12 digits; expected arn:aws:sns:region:account-id:topic-name", malformed.getMessage());

            IllegalArgumentException providerSaysNo = assertThrows(IllegalArgumentException.class,
                    () -> alarms.putMetricAlarm(alarm("Elsewhere", "arn:aws:sns:us-east-1:123456789012:refused-topic")));
            assertTrue(providerSaysNo.getMessage().endsWith("RecordingActionProvider could not make: topic refused-topic is in another "
                    + "partition"), providerSaysNo.getMessage());
        }
    }

    @Test
    void anActionRegisteredUnderTheArnTakesPrecedenceAndNoProvidersMeansEveryKindIsRefused() throws Exception {
        String stop = "arn:aws:automate:us-east-1:ec2:stop";
        List<String> ran = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (AlarmEngine alarms = new AlarmEngine(clock, "123456789012", "us-east-1", List::of, Metrics.noop(),
                Duration.ofSeconds(10), Duration.ofMillis(200), List.of())) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> alarms.putMetricAlarm(alarm("Paging", "arn:aws:sns:us-east-1:123456789012:ops")));
            assertFalse(e.getMessage().contains("available"), e.getMessage());
            alarms.registerAction(stop, change -> ran.add(change.alarmName()));
            alarms.putMetricAlarm(alarm("Stopper", stop));
            alarms.setAlarmState("Stopper", AlarmState.ALARM, "test");
            assertTrue(alarms.awaitActions(Duration.ofSeconds(10)));
        }
        assertEquals(List.of("Stopper"), ran);
    }

    @Test
    void anAlarmNamesAtMostFiveActionsPerStateAsPutMetricAlarmTakes() {
        try (AlarmEngine alarms = new AlarmEngine(clock, "123456789012", "us-east-1", List::of, Metrics.noop())) {
            String[] five = new String[5];
            for (int i = 0; i < 5; i++) {
                five[i] = "arn:aws:sns:us-east-1:123456789012:five-" + i;
            }
            alarms.putMetricAlarm(alarm("Five", five));
            String[] six = java.util.Arrays.copyOf(five, 6);
            six[5] = "arn:aws:sns:us-east-1:123456789012:six";
            assertEquals("alarm 'Six' names 6 actions for ALARM; CloudWatch takes at most 5 per state",
                    assertThrows(IllegalArgumentException.class, () -> alarms.putMetricAlarm(alarm("Six", six))).getMessage());
        }
    }

    @Test
    void aCompositeAlarmTakesOnlyTheKindsPutCompositeAlarmAccepts() {
        try (AlarmEngine alarms = new AlarmEngine(clock, "123456789012", "us-east-1", List::of, Metrics.noop())) {
            alarms.putMetricAlarm(alarm("Child", "arn:aws:sns:us-east-1:123456789012:composite-test"));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> alarms.putCompositeAlarm(
                    CompositeAlarm.builder("Parent").rule("ALARM(Child)").onState(AlarmState.ALARM,
                            "arn:aws:automate:us-east-1:ec2:reboot").build()));
            assertEquals("alarm 'Parent' names action 'arn:aws:automate:us-east-1:ec2:reboot', a EC2 action; a composite alarm takes "
                    + "SNS, LAMBDA, SSM_OPSITEM and INVESTIGATION actions only", e.getMessage());
            alarms.putCompositeAlarm(CompositeAlarm.builder("Parent").rule("ALARM(Child)")
                    .onState(AlarmState.ALARM, "arn:aws:lambda:us-east-1:123456789012:function:composite-test").build());
        }
    }

    @Test
    void theConfigurationFileNamesActionArnsAndItsRefusalsNameTheirPath() throws Exception {
        List<String> problems = new ArrayList<>();
        ConfigNode root = ConfigNode.root(JSON.readValue("""
                {"alarms": [{"AlarmName": "FromFile", "Namespace": "Shop", "MetricName": "X", "Statistic": "Sum",
                             "Period": 60, "Threshold": 1, "ComparisonOperator": "GreaterThanThreshold",
                             "AlarmActions": ["arn:aws:sns:us-east-1:123456789012:config-test"]},
                            {"AlarmName": "Scaler", "Namespace": "Shop", "MetricName": "X", "Statistic": "Sum",
                             "Period": 60, "Threshold": 1, "ComparisonOperator": "GreaterThanThreshold",
                             "AlarmActions": ["arn:aws:ssm:us-east-1:123456789012:opsitem:3#CATEGORY=Performance"]}]}
                """, new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() { }), problems);
        AlarmSettings settings = AlarmSettings.builder().config(root).build();
        try (AlarmEngine alarms = new AlarmEngine(clock, "123456789012", "us-east-1", List::of, Metrics.noop())) {
            List<String> refused = settings.applyTo(alarms, dir);
            assertEquals(1, refused.size(), refused.toString());
            assertTrue(refused.get(0).startsWith("alarms[1]: alarm 'Scaler' names action "
                    + "'arn:aws:ssm:us-east-1:123456789012:opsitem:3#CATEGORY=Performance', a SSM_OPSITEM action, and nothing"),
                    refused.get(0));
            assertEquals(List.of(), problems);
            alarms.setAlarmState("FromFile", AlarmState.ALARM, "test");
            assertTrue(alarms.awaitActions(Duration.ofSeconds(10)));
        }
        assertEquals("FromFile", RecordingActionProvider.RECEIVED.get("arn:aws:sns:us-east-1:123456789012:config-test").get(0)
                .change().alarmName());
    }
}
