package dev.monitor.aws.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.monitor.core.Await;
import dev.monitor.core.Monitor;
import dev.monitor.core.alarms.AlarmState;
import dev.monitor.core.alarms.ComparisonOperator;
import dev.monitor.core.alarms.MetricAlarm;
import dev.monitor.core.events.Rule;
import dev.monitor.core.events.Target;
import dev.monitor.core.metrics.BuiltinMetrics;
import dev.monitor.testing.ManualClock;
import dev.monitor.api.events.PutEventsEntry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * As a user wires it: the providers found by ServiceLoader, pointed at a loopback endpoint by the
 * system property {@code monitor.aws.endpoint}; an alarm's SNS action, a rule's bus target and the
 * {@code eventbridge} exporter of a monitor.
 */
class MonitorActionsOnAwsTest {
    @TempDir
    Path dir;
    private FakeServices aws;

    @BeforeEach
    void start() throws Exception {
        Fixture.credentials(true);
        aws = new FakeServices();
        System.setProperty(ActionClients.ENDPOINT_PROPERTY, aws.endpoint().toString());
    }

    @AfterEach
    void stop() {
        System.clearProperty(ActionClients.ENDPOINT_PROPERTY);
        aws.close();
    }

    /** The latest of Monitor's recent datapoints (sums) of {@code name} in {@code namespace} whose dimensions include {@code dimensions}. */
    private static double recent(Monitor monitor, String namespace, String name, Map<String, String> dimensions) {
        double sum = 0;
        for (dev.monitor.core.metrics.RecentMetric metric : monitor.recentMetrics()) {
            boolean matches = metric.metric().namespace().equals(namespace) && metric.metric().name().equals(name)
                    && dimensions.entrySet().stream().allMatch(d -> metric.metric().dimensions()
                    .contains(new dev.monitor.api.metrics.Dimension(d.getKey(), d.getValue())));
            if (matches && !metric.datapoints().isEmpty()) {
                sum += name.equals("EstimatedCharges") ? metric.datapoints().get(metric.datapoints().size() - 1).sum()
                        : metric.datapoints().stream().mapToDouble(dev.monitor.core.metrics.Datapoint::sum).sum();
            }
        }
        return sum;
    }

    private Monitor monitor(ManualClock clock) {
        Monitor.Builder builder = Monitor.builder().namespace("Shop").account("123456789012", "eu-west-1").dataDir(dir).clock(clock).tickEvery(Duration.ZERO)
                .exporterOfType("eventbridge", Map.of("region", "us-east-1", "endpoint", aws.endpoint().toString(),
                        "eventBusName", "central", "retryBaseDelay", "1ms", "retryMaxBackoff", "10ms"));
        for (BuiltinMetrics.Group group : BuiltinMetrics.Group.values()) {
            builder.builtin(group, false);
        }
        return builder.build();
    }

    @Test
    void anAlarmPublishesToItsTopicAndARuleAndTheExporterPutEvents() throws Exception {
        String topic = "arn:aws:sns:eu-west-1:123456789012:ops";
        String bus = "arn:aws:events:eu-west-1:123456789012:event-bus/central";
        ManualClock clock = new ManualClock(AwsAlarmActionsTest.T0);
        try (Monitor monitor = monitor(clock)) {
            monitor.alarms().putMetricAlarm(MetricAlarm.builder("QueueDeep").metric("Shop", "Queue").statistic("Average")
                    .period(60).threshold(10).comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                    .onState(AlarmState.ALARM, topic).build());
            monitor.alarms().setAlarmState("QueueDeep", AlarmState.ALARM, "Threshold Crossed: test");
            monitor.events().putRule(Rule.builder("orders").eventPattern("{\"source\": [\"shop\"]}")
                    .target(Target.arn("central", bus)).build());
            monitor.events().putEvents(PutEventsEntry.of("shop", "Order Placed", "{\"orderId\":\"o-1\"}"));
            Await.until(Duration.ofSeconds(10), () -> !aws.calls("Publish").isEmpty(), () -> "no Publish: " + aws.calls);
            Await.until(Duration.ofSeconds(10), () -> aws.calls("PutEvents").stream()
                    .anyMatch(c -> c.json().get("Entries").get(0).get("EventBusName").asText().equals(bus)), () -> "no PutEvents: " + aws.calls);
            assertTrue(monitor.flush(Duration.ofSeconds(10)));
            // the action's and the target's calls count in the monitor's own metrics, as AWS/Usage shapes them, once
            // their calls have returned (the loopback saw the request before the SDK read the answer) and a period ended
            Map<String, String> publishes = Map.of("Service", "SNS", "Resource", "Publish", "Type", "API", "Class", "None");
            Await.until(Duration.ofSeconds(10), () -> {
                clock.advance(Duration.ofMinutes(1));
                return monitor.flush(Duration.ofSeconds(5)) && recent(monitor, "Monitor", "CallCount", publishes) >= 1;
            }, () -> "no CallCount of Publish: " + monitor.recentMetrics());
            assertEquals(1.0, recent(monitor, "Monitor", "CallCount", publishes));
            assertTrue(recent(monitor, "Monitor", "CallCount", Map.of("Service", "Events", "Resource", "PutEvents")) >= 2,
                    "the rule's target and the exporter: " + monitor.recentMetrics());
            // and what they sent is billed: one SNS publish, USD 0.50 a million
            assertEquals(0.5e-6, recent(monitor, "Monitor/Billing", "EstimatedCharges", Map.of("ServiceName", "AmazonSNS")) , 1e-12);
        }
        FakeServices.Call publish = aws.calls("Publish").get(0);
        assertEquals(topic, publish.form().get("TopicArn"));
        assertEquals("ALARM: \"QueueDeep\" in EU (Ireland)", publish.form().get("Subject"), "the alarm's region, as CloudWatch names it");
        assertTrue(publish.header("Authorization").contains("/eu-west-1/sns/"), "the ARN's region");
        JsonNode exported = aws.calls("PutEvents").stream()
                .flatMap(c -> java.util.stream.StreamSupport.stream(c.json().get("Entries").spliterator(), false))
                .filter(e -> e.get("EventBusName").asText().equals("central") && e.get("Source").asText().equals("shop"))
                .findFirst().orElseThrow(() -> new AssertionError("the exporter sent no shop event: " + aws.calls));
        assertEquals("{\"orderId\":\"o-1\"}", FakeServices.JSON.readTree(exported.get("Detail").asText()).toString());
    }
}
