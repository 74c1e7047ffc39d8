package dev.monitor.aws.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.monitor.aws.AwsClientSettings;
import dev.monitor.core.events.EventHandler;
import dev.monitor.core.events.TargetException;
import dev.monitor.core.events.TargetProvider;
import dev.monitor.testing.ManualClock;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Rule targets by ARN (an EventBridge bus, an SNS topic, a Lambda function) against a loopback
 * endpoint; failures carry EventBridge's dead-letter codes (https://docs.aws.amazon.com/eventbridge/latest/userguide/rule-dlq.html).
 */
class AwsTargetsTest {
    static final String BUS = "arn:aws:events:us-east-1:123456789012:event-bus/central";
    static final String TOPIC = "arn:aws:sns:us-east-1:123456789012:orders";
    static final String FUNCTION = "arn:aws:lambda:us-east-1:123456789012:function:on-order";
    private FakeServices aws;
    private final List<AutoCloseable> opened = new ArrayList<>();
    private final TargetProvider.Context context = new TargetProvider.Context("123456789012", "us-east-1",
            new ManualClock(AwsAlarmActionsTest.T0));

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

    private EventHandler target(String arn) {
        EventHandler handler = new AwsTargets(region -> new AwsClientSettings(region, aws.endpoint(), "standard", 1,
                Duration.ofMillis(1), Duration.ofMillis(10), Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(20)))
                .create(arn, context);
        opened.add((AutoCloseable) handler);
        return handler;
    }

    @Test
    void anEventBusTargetPutsTheEventOnThatBus() throws Exception {
        target(BUS).handle(EventBridgeExporterTest.event(3).json());
        FakeServices.Call call = aws.calls("PutEvents").get(0);
        assertEquals("AWSEvents.PutEvents", call.header("X-Amz-Target"));
        JsonNode entry = call.json().get("Entries").get(0);
        assertEquals(BUS, entry.get("EventBusName").asText());
        assertEquals("shop", entry.get("Source").asText());
        assertEquals("Order", entry.get("DetailType").asText());
        assertEquals("{\"p\":\"xxx\"}", entry.get("Detail").asText());
    }

    @Test
    void anInputThatIsNoEventCannotGoToABusAndIsNotRetried() {
        TargetException e = assertThrows(TargetException.class, () -> target(BUS).handle("\"just text\""));
        assertEquals("INVALID_JSON", e.errorCode());
        assertFalse(e.retryable());
        assertTrue(aws.calls.isEmpty());
    }

    @Test
    void aFailedBusEntryIsThrownWithItsCode() {
        aws.responder = (call, i) -> FakeServices.Reply.ok(Map.of("FailedEntryCount", 1,
                "Entries", List.of(Map.of("ErrorCode", "ThrottlingException", "ErrorMessage", "Rate exceeded"))));
        TargetException e = assertThrows(TargetException.class, () -> target(BUS).handle(EventBridgeExporterTest.event(1).json()));
        assertEquals("THROTTLING", e.errorCode());
        assertTrue(e.retryable());
    }

    @Test
    void aTopicTargetPublishesTheInput() throws Exception {
        target(TOPIC).handle("{\"order\":7}");
        FakeServices.Call call = aws.calls("Publish").get(0);
        assertEquals(TOPIC, call.form().get("TopicArn"));
        assertEquals("{\"order\":7}", call.form().get("Message"));
    }

    @Test
    void aFunctionTargetIsInvokedAsynchronously() throws Exception {
        target(FUNCTION).handle("{\"order\":7}");
        FakeServices.Call call = aws.calls("Invoke").get(0);
        assertEquals(FUNCTION, URLDecoder.decode(call.path().split("/")[3], StandardCharsets.UTF_8));
        assertEquals("Event", call.header("X-Amz-Invocation-Type"));
        assertEquals("{\"order\":7}", call.body());
    }

    @Test
    void failuresCarryEventBridgesDeadLetterCodes() {
        aws.responder = (call, i) -> FakeServices.Reply.error(404, "ResourceNotFoundException");
        TargetException missing = assertThrows(TargetException.class, () -> target(FUNCTION).handle("{}"));
        assertEquals("NO_RESOURCE", missing.errorCode());
        assertFalse(missing.retryable());
        aws.responder = (call, i) -> FakeServices.Reply.error(429, "TooManyRequestsException");
        TargetException throttled = assertThrows(TargetException.class, () -> target(FUNCTION).handle("{}"));
        assertEquals("THROTTLING", throttled.errorCode());
        assertTrue(throttled.retryable());
        aws.responder = (call, i) -> FakeServices.Reply.error(403, "AuthorizationError");
        TargetException denied = assertThrows(TargetException.class, () -> target(TOPIC).handle("{}"));
        assertEquals("NO_PERMISSIONS", denied.errorCode());
        aws.responder = (call, i) -> FakeServices.Reply.error(500, "InternalError");
        TargetException failing = assertThrows(TargetException.class, () -> target(TOPIC).handle("{}"));
        assertEquals("UNKNOWN", failing.errorCode());
        assertTrue(failing.retryable());
        aws.responder = (call, i) -> FakeServices.Reply.error(400, "InvalidParameter");
        assertEquals("INVALID_PARAMETER", assertThrows(TargetException.class, () -> target(TOPIC).handle("{}")).errorCode());
    }

    @Test
    void noAnswerIsAnSdkClientErrorThatIsRetried() throws Exception {
        EventHandler handler = target(TOPIC);
        aws.close();
        TargetException e = assertThrows(TargetException.class, () -> handler.handle("{}"));
        assertEquals("SDK_CLIENT_ERROR", e.errorCode());
        assertTrue(e.retryable());
        aws = new FakeServices();
    }

    @Test
    void anArnNotOfItsFormIsRefusedNamingTheForm() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> target("arn:aws:events:us-east-1:123456789012:rule/nope"));
        assertTrue(e.getMessage().contains("event-bus/name"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> target("arn:aws:sqs:us-east-1:123456789012:q"));
    }
}
