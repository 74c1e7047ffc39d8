package dev.monitor.core.events.sources;

import static dev.monitor.core.events.sources.SourcesFixture.quiet;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.monitor.core.Await;
import dev.monitor.core.Monitor;
import dev.monitor.core.alarms.AlarmState;
import dev.monitor.core.alarms.ComparisonOperator;
import dev.monitor.core.alarms.MetricAlarm;
import dev.monitor.core.audit.AuditEvent;
import dev.monitor.core.audit.AuditSettings;
import dev.monitor.core.audit.AuditTrail;
import dev.monitor.core.audit.UserIdentity;
import dev.monitor.core.events.Rule;
import dev.monitor.core.events.Target;
import dev.monitor.testing.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Monitor's own events on the default bus, each in the shape AWS documents for it. */
class MonitorEventsTest {
    @TempDir
    Path dir;

    /**
     * The shape of "CloudWatch Alarm State Change", from the CloudWatch user guide's "Alarm events and
     * EventBridge" (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch-and-eventbridge.html):
     * source aws.cloudwatch, the alarm's ARN as the one resource, detail.alarmName, detail.state and
     * detail.previousState with value, reason and timestamp, detail.configuration with the metrics.
     */
    @Test
    void anAlarmStateChangeReachesARuleOfTheDefaultBusAsCloudWatchSendsIt() throws Exception {
        ManualClock clock = ManualClock.at("2026-12-02T10:00:00Z");
        SourcesFixture.Events changes = new SourcesFixture.Events();
        try (Monitor monitor = quiet(dir, clock).account("123456789012", "us-east-1").build()) {
            monitor.events().putRule(Rule.builder("alarm-changes")
                    .eventPattern("{\"source\": [\"aws.cloudwatch\"], \"detail-type\": [\"CloudWatch Alarm State Change\"]}")
                    .target(Target.handler("h", changes)).build());
            monitor.alarms().putMetricAlarm(MetricAlarm.builder("ServerCpuTooHigh").description("Goes into alarm when CPU is high")
                    .metric("Shop", "CPUUtilization").statistic("Average").period(60)
                    .evaluationPeriods(1).threshold(90).comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD).build());
            monitor.alarms().setAlarmState("ServerCpuTooHigh", AlarmState.ALARM, "testing the page");
            Await.until(Duration.ofSeconds(10), () -> changes.events.size() == 1, () -> "changes " + changes.events);
            JsonNode event = changes.events.get(0);
            assertEquals("0", event.get("version").asText());
            assertEquals("CloudWatch Alarm State Change", event.get("detail-type").asText());
            assertEquals("aws.cloudwatch", event.get("source").asText());
            assertEquals("123456789012", event.get("account").asText());
            assertEquals("us-east-1", event.get("region").asText());
            assertEquals("2026-12-02T10:00:00Z", event.get("time").asText());
            assertEquals(List.of("arn:aws:cloudwatch:us-east-1:123456789012:alarm:ServerCpuTooHigh"),
                    List.of(event.get("resources").get(0).asText()));
            JsonNode detail = event.get("detail");
            assertEquals("ServerCpuTooHigh", detail.get("alarmName").asText());
            assertEquals("ALARM", detail.at("/state/value").asText());
            assertEquals("testing the page", detail.at("/state/reason").asText());
            assertEquals("INSUFFICIENT_DATA", detail.at("/previousState/value").asText());
            assertTrue(detail.at("/state/timestamp").asText().startsWith("2026-12-02T10:00:00"), detail.toString());
            assertEquals("Goes into alarm when CPU is high", detail.at("/configuration/description").asText());
            assertEquals("CPUUtilization", detail.at("/configuration/metrics/0/metricStat/metric/name").asText());
        }
    }

    /**
     * "AWS API Call via CloudTrail": the detail is the CloudTrail record
     * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-service-event-cloudtrail.html); read-only
     * calls are not delivered to a rule that did not ask for them
     * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-service-event-cloudtrail-management.html).
     */
    @Test
    void auditedWriteCallsReachTheBusAsApiCallsAndReadsDoNot() throws Exception {
        ManualClock clock = ManualClock.at("2026-12-02T10:00:00Z");
        SourcesFixture.Events calls = new SourcesFixture.Events();
        try (Monitor monitor = quiet(dir, clock).account("123456789012", "eu-west-1").build()) {
            monitor.events().putRule(Rule.builder("api-calls")
                    .eventPattern("{\"detail-type\": [\"AWS API Call via CloudTrail\"]}").target(Target.handler("h", calls)).build());
            monitor.audit().call("GetOrder").source("orders.shop.example").read().by(UserIdentity.user("ann")).run(() -> { });
            monitor.audit().call("DeleteOrder").source("orders.shop.example").by(UserIdentity.user("ann"))
                    .request(Map.of("orderId", "o-7")).run(() -> { });
            monitor.audit().call("PutObject").source("s3.amazonaws.com").by(UserIdentity.user("bob")).run(() -> { });
            assertTrue(monitor.flush(Duration.ofSeconds(10)));
            Await.until(Duration.ofSeconds(10), () -> calls.events.size() >= 2, () -> "calls " + calls.events);
            assertTrue(monitor.flush(Duration.ofSeconds(10)));
            // EventBridge promises no order of delivery, and the trail may deliver the two calls in either order: sorted by name.
            calls.events.sort(java.util.Comparator.comparing(e -> e.at("/detail/eventName").asText()));
            assertEquals(List.of("DeleteOrder", "PutObject"), calls.field("/detail/eventName"), "the read was not delivered");
            assertEquals(List.of("aws.orders", "aws.s3"), calls.field("/source"));
            JsonNode delete = calls.events.get(0);
            assertEquals("o-7", delete.at("/detail/requestParameters/orderId").asText());
            assertEquals("ann", delete.at("/detail/userIdentity/userName").asText());
            assertEquals("AwsApiCall", delete.at("/detail/eventType").asText());
            assertEquals("2026-12-02T10:00:00Z", delete.get("time").asText());
            assertEquals("eu-west-1", delete.get("region").asText());
            assertEquals(0, delete.get("resources").size());
        }
    }

    /**
     * A console sign-in is not an API call: CloudTrail records {@code ConsoleLogin} from
     * {@code signin.amazonaws.com} with eventType AwsConsoleSignIn
     * (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-aws-console-sign-in-events.html),
     * and EventBridge delivers it from source aws.signin as the console sign-in detail-type, not as
     * "AWS API Call via CloudTrail" (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-service-event-cloudtrail.html,
     * https://docs.aws.amazon.com/eventbridge/latest/ref/events-ref-signin.html).
     */
    @Test
    void anAuditedConsoleSignInReachesTheBusAsASignInNotAnApiCall() throws Exception {
        ManualClock clock = ManualClock.at("2026-12-02T10:00:00Z");
        SourcesFixture.Events signIns = new SourcesFixture.Events();
        SourcesFixture.Events calls = new SourcesFixture.Events();
        try (Monitor monitor = quiet(dir, clock).account("123456789012", "us-east-1").build()) {
            monitor.events().putRule(Rule.builder("sign-ins").eventPattern("{\"source\": [\"aws.signin\"], "
                    + "\"detail-type\": [\"AWS Console Sign In via CloudTrail\"], \"detail\": {\"eventName\": [\"ConsoleLogin\"]}}")
                    .target(Target.handler("h", signIns)).build());
            monitor.events().putRule(Rule.builder("api-calls")
                    .eventPattern("{\"detail-type\": [\"AWS API Call via CloudTrail\"]}").target(Target.handler("h", calls)).build());
            monitor.audit().record(AuditEvent.builder("ConsoleLogin").source("signin.amazonaws.com").consoleSignIn()
                    .by(UserIdentity.user("ann")).response(Map.of("ConsoleLogin", "Success")).build());
            monitor.audit().call("DeleteOrder").source("orders.shop.example").by(UserIdentity.user("ann")).run(() -> { });
            assertTrue(monitor.flush(Duration.ofSeconds(10)));
            Await.until(Duration.ofSeconds(10), () -> signIns.events.size() == 1 && calls.events.size() == 1,
                    () -> "sign-ins " + signIns.events + ", calls " + calls.events);
            assertTrue(monitor.flush(Duration.ofSeconds(10)));
            JsonNode signIn = signIns.events.get(0);
            assertEquals("AWS Console Sign In via CloudTrail", signIn.get("detail-type").asText());
            assertEquals("aws.signin", signIn.get("source").asText());
            assertEquals("AwsConsoleSignIn", signIn.at("/detail/eventType").asText());
            assertEquals("Success", signIn.at("/detail/responseElements/ConsoleLogin").asText());
            assertEquals(List.of("DeleteOrder"), calls.field("/detail/eventName"), "the sign-in is not an API call");
        }
    }

    /**
     * "AWS Insight via CloudTrail" from aws.cloudtrail, its detail the Insights record with
     * insightDetails.state Start or End (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-service-event-cloudtrail.html,
     * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-insights-fields-trails.html).
     */
    @Test
    void anInsightsStartAndEndReachTheBus() throws Exception {
        ManualClock clock = ManualClock.at("2026-12-02T10:00:00Z");
        SourcesFixture.Events insights = new SourcesFixture.Events();
        try (Monitor monitor = quiet(dir, clock).audit(AuditSettings.builder().insights(Duration.ofMinutes(10), 3, 0.25, 10).build())
                .build()) {
            monitor.events().putRule(Rule.builder("insights")
                    .eventPattern("{\"source\": [\"aws.cloudtrail\"], \"detail-type\": [\"AWS Insight via CloudTrail\"]}")
                    .target(Target.handler("h", insights)).build());
            AuditTrail trail = monitor.audit();
            for (int minute = 0; minute < 10; minute++) {
                deletes(trail, 5, "ann");
                clock.advance(Duration.ofMinutes(1));
                trail.evaluateInsights();
            }
            deletes(trail, 40, "mallory");
            clock.advance(Duration.ofMinutes(1));
            trail.evaluateInsights();
            deletes(trail, 5, "ann");
            clock.advance(Duration.ofMinutes(1));
            trail.evaluateInsights();
            Await.until(Duration.ofSeconds(10), () -> insights.events.size() == 2, () -> "insights " + insights.events);
            assertEquals(List.of("Start", "End"), insights.field("/detail/insightDetails/state"));
            assertEquals(List.of("AwsCloudTrailInsight", "AwsCloudTrailInsight"), insights.field("/detail/eventType"));
            assertEquals(List.of("DeleteOrder", "DeleteOrder"), insights.field("/detail/insightDetails/eventName"));
        }
    }

    private static void deletes(AuditTrail trail, int count, String user) {
        for (int i = 0; i < count; i++) {
            trail.call("DeleteOrder").source("orders.shop").by(UserIdentity.user(user)).run(() -> { });
        }
    }
}
