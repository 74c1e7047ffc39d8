package dev.monitor.core.events;

import static dev.monitor.core.events.EventsFixture.quiet;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.monitor.api.events.PutEventsEntry;
import dev.monitor.core.Monitor;
import dev.monitor.core.config.ConfigException;
import dev.monitor.core.events.EventsFixture.MetricCapture;
import dev.monitor.core.files.DataLayout;
import dev.monitor.testing.ManualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rule targets named by ARN, delivered by the {@link TargetProvider}s on the class path: here
 * {@link RecordingTargetProvider} (SNS, Lambda). EventBridge's PutTargets takes a target's
 * {@code Arn} (https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_Target.html) and
 * dead-letters with the codes of https://docs.aws.amazon.com/eventbridge/latest/userguide/rule-dlq.html.
 */
class ArnTargetsTest {
    static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");

    @TempDir
    Path dir;

    @Test
    void anArnTargetGetsTheTransformedInputThroughItsProvider() throws Exception {
        String topic = "arn:aws:sns:us-east-1:123456789012:orders-transformed";
        String function = "arn:aws:lambda:us-east-1:123456789012:function:orders-whole";
        ManualClock clock = new ManualClock(T0);
        MetricCapture metrics = new MetricCapture();
        try (Monitor monitor = quiet(dir, clock, metrics).build()) {
            monitor.events().putRule(Rule.builder("orders").eventPattern("{\"detail-type\": [\"Order Placed\"]}")
                    .target(Target.arn("sns", topic).withInputTransformer(
                            new InputTransformer(Map.of("id", "$.detail.orderId"), "{\"order\": <id>}")))
                    .target(Target.arn("fn", function)).build());
            monitor.events().putEvents(PutEventsEntry.of("shop", "Order Placed", "{\"orderId\": \"o-1\"}"));
            assertTrue(monitor.flush(Duration.ofSeconds(10)));
        }
        assertEquals(List.of("{\"order\": \"o-1\"}"), RecordingTargetProvider.INPUTS.get(topic), "transformed before delivery");
        JsonNode event = EventsFixture.json(RecordingTargetProvider.INPUTS.get(function).get(0));
        assertEquals("o-1", event.get("detail").get("orderId").asText(), "no input settings: the whole event");
        assertEquals("Order Placed", event.get("detail-type").asText());
        TargetProvider.Context context = RecordingTargetProvider.CONTEXTS.get(topic);
        assertEquals(clock, context.clock());
        assertEquals(2.0, metrics.sum("AWS/Events", "Invocations", "RuleName", "orders"));
    }

    @Test
    void aFailureIsRetriedByThePolicyAndANonRetryableOneIsDeadLetteredWithItsCode() throws Exception {
        String flaky = "arn:aws:sns:us-east-1:123456789012:flaky-orders";
        String gone = "arn:aws:sns:us-east-1:123456789012:gone-orders";
        Path deadLetters = new DataLayout(dir).eventDeadLetterFile("default", "orders");
        try (Monitor monitor = quiet(dir, new ManualClock(T0), new MetricCapture())
                .events(EventSettings.builder().retryBackoff(Duration.ofMillis(20)).build()).build()) {
            monitor.events().putRule(Rule.builder("orders").eventPattern("{\"detail-type\": [\"Order Placed\"]}")
                    .target(Target.arn("flaky", flaky)).target(Target.arn("gone", gone)).build());
            monitor.events().putEvents(PutEventsEntry.of("shop", "Order Placed", "{\"orderId\": \"o-2\"}"));
            assertTrue(monitor.flush(Duration.ofSeconds(10)));
        }
        assertEquals(2, RecordingTargetProvider.CALLS.get(flaky).get(), "failed once, delivered on the retry");
        assertEquals(1, RecordingTargetProvider.INPUTS.get(flaky).size());
        assertEquals(1, RecordingTargetProvider.CALLS.get(gone).get(), "NO_RESOURCE is not retried");
        List<JsonNode> lines = EventsFixture.lines(deadLetters);
        assertEquals(1, lines.size());
        assertEquals(gone, lines.get(0).get("TARGET_ARN").asText(), "the target's own ARN");
        assertEquals("NO_RESOURCE", lines.get(0).get("ERROR_CODE").asText());
        assertEquals("Topic does not exist: " + gone, lines.get(0).get("ERROR_MESSAGE").asText());
        assertEquals(0, lines.get(0).get("RETRY_ATTEMPTS").asInt());
        assertFalse(lines.get(0).has("EXHAUSTED_RETRY_CONDITION"));
    }

    @Test
    void anArnOfAServiceNothingDeliversToIsRefusedWhenTheRuleIsPut() throws Exception {
        try (Monitor monitor = quiet(dir, new ManualClock(T0), new MetricCapture()).build()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> monitor.events().putRule(
                    Rule.builder("to-aws").eventPattern("{\"source\": [\"shop\"]}")
                            .target(Target.arn("bus", "arn:aws:events:us-east-1:123456789012:event-bus/orders")).build()));
            assertEquals("target 'bus': nothing on the class path delivers to events ARNs such as "
                    + "'arn:aws:events:us-east-1:123456789012:event-bus/orders' (ARN services available here: [lambda, sns]); "
                    + "EventBridge buses (arn:aws:events:region:account-id:event-bus/name), SNS topics "
                    + "(arn:aws:sns:region:account-id:topic) and Lambda functions (arn:aws:lambda:region:account-id:function:name) "
                    + "need monitor-aws on the class path", e.getMessage());
            assertTrue(monitor.events().describeRule("default", "to-aws").isEmpty(), "a refused rule is not put");
        }
        IllegalArgumentException malformed = assertThrows(IllegalArgumentException.class, () -> Target.arn("t", "arn:aws:sns"));
        assertTrue(malformed.getMessage().startsWith("target 't': Parameter arn:aws:sns is not valid. Reason: Provided Arn is not in "
                + "correct format"), malformed.getMessage());
    }

    @Test
    void theConfigurationFileNamesTargetsByArnAndItsRefusalsAreStartupProblems() throws Exception {
        String topic = "arn:aws:sns:us-east-1:123456789012:orders-from-file";
        Path file = dir.resolve("monitor.yaml");
        Files.writeString(file, """
                events:
                  rules:
                    - name: orders
                      eventPattern: '{"source": ["shop"]}'
                      targets:
                        - {id: sns, arn: '%s', inputPath: $.detail}
                """.formatted(topic));
        try (Monitor monitor = quiet(dir, new ManualClock(T0), new MetricCapture()).config(file).build()) {
            monitor.events().putEvents(PutEventsEntry.of("shop", "Order Placed", "{\"orderId\": \"o-3\"}"));
            assertTrue(monitor.flush(Duration.ofSeconds(10)));
        }
        assertEquals(List.of("{\"orderId\":\"o-3\"}"), RecordingTargetProvider.INPUTS.get(topic));

        Path refused = dir.resolve("refused.yaml");
        Files.writeString(refused, """
                events:
                  rules:
                    - name: to-aws
                      eventPattern: '{"source": ["shop"]}'
                      targets:
                        - {id: bus, arn: 'arn:aws:events:us-east-1:123456789012:event-bus/orders'}
                """);
        ConfigException e = assertThrows(ConfigException.class,
                () -> quiet(dir.resolve("other"), new ManualClock(T0), new MetricCapture()).config(refused).build());
        assertEquals(1, e.problems().size(), e.problems()::toString);
        assertTrue(e.problems().get(0).startsWith("events.rules: to-aws: target 'bus': nothing on the class path delivers to events ARNs"),
                e.problems()::toString);
    }
}
