package dev.monitor.aws.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.monitor.aws.AwsClientSettings;
import dev.monitor.core.alarms.AlarmAction;
import dev.monitor.core.alarms.AlarmActionArn;
import dev.monitor.core.alarms.AlarmActionProvider;
import dev.monitor.core.alarms.AlarmState;
import dev.monitor.core.alarms.AlarmStateChange;
import dev.monitor.core.alarms.ComparisonOperator;
import dev.monitor.core.alarms.MetricAlarm;
import dev.monitor.testing.ManualClock;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sns.model.AuthorizationErrorException;

/** Every alarm-action ARN kind monitor-aws takes, against a loopback endpoint that decodes what the SDK sent. */
class AwsAlarmActionsTest {
    static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");
    private FakeServices aws;
    private final List<AutoCloseable> opened = new ArrayList<>();
    private final ManualClock clock = new ManualClock(T0);
    private final SelfMetrics self = new SelfMetrics(clock);
    /** What the actions metered, "service usageType" to quantity. */
    private final java.util.Map<String, Double> metered = new java.util.concurrent.ConcurrentHashMap<>();
    private final AlarmActionProvider.Context context = new AlarmActionProvider.Context("123456789012", "us-east-1", clock,
            self.self(), (service, usageType, quantity) -> metered.merge(service + " " + usageType, quantity, Double::sum));

    @BeforeEach
    void start() throws Exception {
        Fixture.credentials(true);
        aws = new FakeServices();
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : opened) {
            c.close();
        }
        aws.close();
    }

    private AwsClientSettings settings(String region) {
        return new AwsClientSettings(region, aws.endpoint(), "standard", 1, Duration.ofMillis(1), Duration.ofMillis(10),
                Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(20));
    }

    private AlarmAction action(String arn, Supplier<URI> imds) throws Exception {
        AlarmAction action = new AwsAlarmActions(this::settings, imds).create(AlarmActionArn.parse(arn), context);
        opened.add((AutoCloseable) action);
        return action;
    }

    private AlarmAction action(String arn) throws Exception {
        return action(arn, aws::endpoint);
    }

    static AlarmStateChange toAlarm(String name) {
        MetricAlarm alarm = MetricAlarm.builder(name).metric("Shop", "Queue").statistic("Average").period(60).threshold(10)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD).description("orders pile up").build();
        return new AlarmStateChange(alarm, "arn:aws:cloudwatch:us-east-1:123456789012:alarm:" + name, "123456789012", "us-east-1",
                new AlarmStateChange.State(AlarmState.OK, "ok", null, T0.minusSeconds(60)),
                new AlarmStateChange.State(AlarmState.ALARM, "Threshold Crossed: 1 datapoint [12.0] was greater than the threshold (10.0).",
                        null, T0), false);
    }

    @Test
    void snsPublishesTheAlarmNotificationWithCloudWatchsSubject() throws Exception {
        AlarmStateChange change = toAlarm("QueueDeep");
        action("arn:aws:sns:us-east-1:123456789012:ops").run(change);
        FakeServices.Call publish = aws.calls("Publish").get(0);
        assertEquals("query", publish.protocol());
        assertEquals("arn:aws:sns:us-east-1:123456789012:ops", publish.form().get("TopicArn"));
        assertEquals("ALARM: \"QueueDeep\" in US East (N. Virginia)", publish.form().get("Subject"));
        assertEquals(change.notificationJson(), publish.form().get("Message"));
        JsonNode message = FakeServices.JSON.readTree(publish.form().get("Message"));
        assertEquals("QueueDeep", message.get("AlarmName").asText());
        assertEquals("ALARM", message.get("NewStateValue").asText());
        assertEquals("US East (N. Virginia)", message.get("Region").asText());
        assertEquals(1.0, metered.get("AmazonSNS Requests-Tier1"), "a publish is one billed SNS request");
        assertEquals(1.0, self.sum("CallCount", "Service", "SNS", "Type", "API", "Resource", "Publish", "Class", "None"),
                self.seen("CallCount"));
    }

    @Test
    void theSubjectNamesTheRegionAsCloudWatchDoesEvenWhereTheSdkSaysEurope() {
        AlarmStateChange change = toAlarm("QueueDeep");
        AlarmStateChange inIreland = new AlarmStateChange(change.alarm(), change.alarmArn(), change.account(), "eu-west-1",
                change.previous(), change.current(), false);
        assertEquals("ALARM: \"QueueDeep\" in EU (Ireland)", AwsAlarmActions.subject(inIreland));
    }

    @Test
    void snsSubjectStaysWithinSnsLimitOfAsciiUnder100Characters() {
        String subject = AwsAlarmActions.subject(toAlarm("Queue-".repeat(40)));
        assertTrue(subject.length() < 100, subject);
        assertTrue(subject.startsWith("ALARM: \"Queue-Queue-"), subject);
    }

    @Test
    void snsRefusalIsThrownForTheActionRunnerToRecord() throws Exception {
        aws.responder = (call, i) -> FakeServices.Reply.error(403, "AuthorizationError");
        AlarmAction action = action("arn:aws:sns:eu-west-1:123456789012:ops");
        assertThrows(AuthorizationErrorException.class, () -> action.run(toAlarm("A")));
    }

    /** The payload as documented: https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarms-and-actions-Lambda.html */
    @Test
    void lambdaIsInvokedAsynchronouslyWithTheAlarmEvent() throws Exception {
        AlarmStateChange change = toAlarm("QueueDeep");
        String arn = "arn:aws:lambda:us-east-1:123456789012:function:on-alarm:live";
        action(arn).run(change);
        FakeServices.Call invoke = aws.calls("Invoke").get(0);
        String function = URLDecoder.decode(invoke.path().substring("/2015-03-31/functions/".length(),
                invoke.path().indexOf("/invocations")), StandardCharsets.UTF_8);
        assertEquals(arn, function);
        assertEquals("Event", invoke.header("X-Amz-Invocation-Type"));
        JsonNode sent = FakeServices.JSON.readTree(invoke.body());
        assertEquals(FakeServices.JSON.readTree(change.lambdaEventJson()), sent);
        assertEquals("aws.cloudwatch", sent.get("source").asText());
        assertEquals(change.alarmArn(), sent.get("alarmArn").asText());
        assertEquals("123456789012", sent.get("accountId").asText());
        assertEquals("us-east-1", sent.get("region").asText());
        assertEquals("2026-12-02T10:00:00.000+0000", sent.get("time").asText());
        JsonNode data = sent.get("alarmData");
        assertEquals("QueueDeep", data.get("alarmName").asText());
        assertEquals("ALARM", data.get("state").get("value").asText());
        assertEquals("OK", data.get("previousState").get("value").asText());
        JsonNode stat = data.get("configuration").get("metrics").get(0).get("metricStat");
        assertEquals("Queue", stat.get("metric").get("name").asText());
        assertEquals(60, stat.get("period").asInt());
        assertFalse(sent.has("detail-type"), "not the EventBridge envelope");
        assertEquals(1.0, metered.get("AWSLambda Request"));
    }

    @Test
    void ec2ActionsActOnThisInstanceFoundWithImdsV2() throws Exception {
        for (String[] op : new String[][] {{"stop", "StopInstances"}, {"terminate", "TerminateInstances"}, {"reboot", "RebootInstances"}}) {
            action("arn:aws:automate:us-east-1:ec2:" + op[0]).run(toAlarm("A"));
            FakeServices.Call call = aws.calls(op[1]).get(0);
            assertEquals(FakeServices.INSTANCE_ID, call.form().get("InstanceId.1"), op[1]);
            assertEquals("2016-11-15", call.form().get("Version"));
        }
        assertEquals(List.of("PUT /latest/api/token", "GET /latest/meta-data/instance-id"), aws.imds.subList(0, 2));
    }

    @Test
    void ec2ActionOffEc2FailsSayingSoWithoutCallingEc2() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        URI nowhere = URI.create("http://127.0.0.1:" + closedPort);
        AlarmAction stop = action("arn:aws:automate:us-east-1:ec2:stop", () -> nowhere);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> stop.run(toAlarm("A")));
        assertTrue(e.getMessage().contains("not an EC2 instance") && e.getMessage().contains(nowhere.toString()), e.getMessage());
        assertTrue(aws.calls("StopInstances").isEmpty());
    }

    /** EC2 has no recover operation (botocore ec2 model); https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ec2-instance-recover.html */
    @Test
    void ec2RecoverIsRefusedAtDefinitionSayingWhy() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> action("arn:aws:automate:us-east-1:ec2:recover"));
        assertTrue(e.getMessage().contains("no operation to recover"), e.getMessage());
    }

    @Test
    void scalingPolicyIsExecutedAndRepeatsWhileInState() throws Exception {
        AlarmAction action = action("arn:aws:autoscaling:us-east-1:123456789012:scalingPolicy:"
                + "0e2c4a68-1111-2222-3333-444455556666:autoScalingGroupName/web-asg:policyName/scale-out");
        action.run(toAlarm("A"));
        FakeServices.Call call = aws.calls("ExecutePolicy").get(0);
        assertEquals("web-asg", call.form().get("AutoScalingGroupName"));
        assertEquals("scale-out", call.form().get("PolicyName"));
        assertEquals("true", call.form().get("HonorCooldown"));
        assertTrue(action.repeatsWhileInState());
        assertFalse(action("arn:aws:sns:us-east-1:123456789012:ops").repeatsWhileInState());
    }

    @Test
    void aStepScalingPolicyGetsTheLatestDatapointAndThreshold() throws Exception {
        aws.responder = (call, i) -> call.operation().equals("DescribePolicies") ? FakeServices.Reply.ok(
                "<ScalingPolicies><member><PolicyName>scale-out</PolicyName><PolicyType>StepScaling</PolicyType></member></ScalingPolicies>")
                : null;
        AlarmAction action = action("arn:aws:autoscaling:us-east-1:123456789012:scalingPolicy:"
                + "0e2c4a68-1111-2222-3333-444455556666:autoScalingGroupName/web-asg:policyName/scale-out");
        AlarmStateChange change = toAlarm("A");
        AlarmStateChange withData = new AlarmStateChange(change.alarm(), change.alarmArn(), change.account(), change.region(),
                change.previous(), new AlarmStateChange.State(AlarmState.ALARM, change.current().reason(),
                "{\"version\":\"1.0\",\"recentDatapoints\":[9.5,12.25],\"threshold\":10.0}", T0), false);
        action.run(withData);
        action.run(withData);
        assertEquals(1, aws.calls("DescribePolicies").size(), "the policy's type is asked once");
        assertEquals("scale-out", aws.calls("DescribePolicies").get(0).form().get("PolicyNames.member.1"));
        FakeServices.Call execute = aws.calls("ExecutePolicy").get(0);
        assertEquals("12.25", execute.form().get("MetricValue"));
        assertEquals("10.0", execute.form().get("BreachThreshold"));
        assertEquals(null, execute.form().get("HonorCooldown"));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> action.run(change));
        assertTrue(e.getMessage().contains("step scaling policy"), e.getMessage());
    }

    @Test
    void opsItemGetsSeverityCategoryAndTheAlarmAsDedupString() throws Exception {
        action("arn:aws:ssm:us-east-1:123456789012:opsitem:2#CATEGORY=Performance").run(toAlarm("QueueDeep"));
        action("arn:aws:ssm:us-east-1:123456789012:opsitem:4").run(toAlarm("QueueDeep"));
        List<FakeServices.Call> calls = aws.calls("CreateOpsItem");
        JsonNode first = calls.get(0).json();
        assertEquals("AmazonSSM.CreateOpsItem", calls.get(0).header("X-Amz-Target"));
        assertEquals("2", first.get("Severity").asText());
        assertEquals("Performance", first.get("Category").asText());
        assertEquals("CloudWatch Alarms", first.get("Source").asText());
        assertTrue(first.get("Title").asText().contains("QueueDeep"));
        assertTrue(first.get("OperationalData").get("/aws/dedup").get("Value").asText()
                .contains("arn:aws:cloudwatch:us-east-1:123456789012:alarm:QueueDeep"));
        assertEquals("4", calls.get(1).json().get("Severity").asText());
        assertFalse(calls.get(1).json().has("Category"));
        assertEquals(2.0, metered.get("AWSSystemsManager OpsCenter-OpsItems"));
    }

    @Test
    void setDesiredCapacitySetsTheNamedGroup() throws Exception {
        try (dev.monitor.aws.actions.SetDesiredCapacity action = dev.monitor.aws.actions.SetDesiredCapacity.of("web-asg", 6, true,
                settings("eu-west-1"), self.self())) {
            action.run(toAlarm("A"));
        }
        FakeServices.Call call = aws.calls("SetDesiredCapacity").get(0);
        assertEquals("web-asg", call.form().get("AutoScalingGroupName"));
        assertEquals("6", call.form().get("DesiredCapacity"));
        assertEquals("true", call.form().get("HonorCooldown"));
        assertEquals(1.0, self.sum("CallCount", "Service", "Auto Scaling", "Type", "API", "Resource", "SetDesiredCapacity", "Class", "None"), self.seen("CallCount"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> dev.monitor.aws.actions.SetDesiredCapacity.of("web-asg", -1, settings("eu-west-1")));
        assertTrue(e.getMessage().contains("-1") && e.getMessage().contains("web-asg"), e.getMessage());
    }

    @Test
    void arnsOfKindsMonitorAwsDoesNotTakeAreRefusedListingTheKinds() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> action("arn:aws:ssm-incidents::123456789012:responseplan/plan"));
        for (String kind : new String[] {"SNS", "LAMBDA", "EC2", "AUTOSCALING", "SSM_OPSITEM"}) {
            assertTrue(e.getMessage().contains(kind), e.getMessage());
        }
    }

    @Test
    void theClientGoesToTheArnsRegion() throws Exception {
        action("arn:aws:sns:ap-southeast-2:123456789012:ops").run(toAlarm("A"));
        String auth = aws.calls("Publish").get(0).header("Authorization");
        assertTrue(auth.contains("/ap-southeast-2/sns/aws4_request"), auth);
    }

    @Test
    void serviceLoaderFindsTheProvidersForEveryKindTheyTake() {
        List<AlarmActionProvider> actions = ServiceLoader.load(AlarmActionProvider.class).stream().map(ServiceLoader.Provider::get).toList();
        assertTrue(actions.stream().anyMatch(p -> p instanceof AwsAlarmActions));
        assertEquals(java.util.Set.of(AlarmActionArn.Kind.SNS, AlarmActionArn.Kind.LAMBDA, AlarmActionArn.Kind.EC2,
                AlarmActionArn.Kind.AUTOSCALING, AlarmActionArn.Kind.SSM_OPSITEM), new AwsAlarmActions().kinds());
        assertTrue(ServiceLoader.load(dev.monitor.core.events.TargetProvider.class).stream()
                .anyMatch(p -> p.type() == AwsTargets.class));
    }
}
