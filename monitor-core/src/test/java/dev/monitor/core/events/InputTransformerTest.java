package dev.monitor.core.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code InputPath} and {@code InputTransformer} on the example event of EventBridge's input
 * transformation page, https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-transform-target-input.html
 * ("Input transform examples", "Predefined variables" and "Common issues with transforming input").
 */
class InputTransformerTest {
    static final String EVENT = "{\"version\":\"0\",\"id\":\"7bf73129-1428-4cd3-a780-95db273d1602\","
            + "\"detail-type\":\"EC2 Instance State-change Notification\",\"source\":\"aws.ec2\",\"account\":\"123456789012\","
            + "\"time\":\"2015-11-11T21:29:54Z\",\"region\":\"us-east-1\","
            + "\"resources\":[\"arn:aws:ec2:us-east-1:123456789012:instance/i-abcd1111\"],"
            + "\"detail\":{\"instance-id\":\"i-0123456789\",\"state\":\"RUNNING\"}}";
    static final String RULE = "state-changes";
    static final String RULE_ARN = "arn:aws:events:us-east-1:123456789012:rule/state-changes";
    static final Instant INGESTED = Instant.parse("2015-11-11T21:29:55.123Z");

    private static Map<String, String> paths(String... pairs) {
        Map<String, String> paths = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            paths.put(pairs[i], pairs[i + 1]);
        }
        return paths;
    }

    private static String transform(Map<String, String> paths, String template) {
        return Target.handler("t", input -> { }).withInputTransformer(new InputTransformer(paths, template))
                .inputFor(EVENT, RULE, RULE_ARN, INGESTED);
    }

    private static final Map<String, String> EXAMPLE_PATHS = paths("timestamp", "$.time", "instance", "$.detail.instance-id",
            "state", "$.detail.state", "resource", "$.resources[0]");

    @Test
    void transformToJson() {
        assertEquals("{\"timestamp\" : \"2015-11-11T21:29:54Z\", \"instance_id\": \"i-0123456789\", \"state\": \"RUNNING\", "
                        + "\"resource\": \"arn:aws:ec2:us-east-1:123456789012:instance/i-abcd1111\"}",
                transform(EXAMPLE_PATHS, "{\"timestamp\" : <timestamp>, \"instance_id\": <instance>, \"state\": <state>, \"resource\": <resource>}"));
    }

    @Test
    void transformToAString() {
        assertEquals("\"i-0123456789 is in state RUNNING\"", transform(EXAMPLE_PATHS, "\"<instance> is in state <state>\""));
    }

    @Test
    void transformToAStringWithQuotesInside() {
        assertEquals("\"i-0123456789 is in state \\\"RUNNING\\\"\"", transform(EXAMPLE_PATHS, "\"<instance> is in state \\\"<state>\\\"\""));
    }

    @Test
    void variablesInAndOutOfStringsInOneJsonTemplate() {
        assertEquals("{\"instance\": \"i-0123456789\", \"message\": \"i-0123456789 is in state RUNNING\"}",
                transform(EXAMPLE_PATHS, "{\"instance\": <instance>, \"message\": \"<instance> is in state <state>\"}"));
    }

    @Test
    void predefinedVariables() {
        String out = transform(Map.of(), "{\"rule\": <aws.events.rule-name>, \"arn\": <aws.events.rule-arn>, "
                + "\"at\": <aws.events.event.ingestion-time>, \"original\": <aws.events.event.json>}");
        assertEquals("{\"rule\": \"state-changes\", \"arn\": \"" + RULE_ARN + "\", \"at\": \"2015-11-11T21:29:55Z\", \"original\": " + EVENT + "}",
                out);
        String withoutDetail = transform(Map.of(), "{\"e\": <aws.events.event>}");
        assertEquals("{\"e\": " + EVENT.substring(0, EVENT.indexOf(",\"detail\":{")) + "}}", withoutDetail,
                "aws.events.event is the event without its detail");
        assertEquals("\"rule state-changes\"", transform(Map.of(), "\"rule <aws.events.rule-name>\""));
    }

    /** Common issues: an object or array put into a string loses its inner quotes, so that the string stays valid. */
    @Test
    void anObjectInsideAStringLosesItsQuotes() {
        assertEquals("\"Detail is {instance-id:i-0123456789,state:RUNNING}\"", transform(paths("detail", "$.detail"), "\"Detail is <detail>\""));
        assertEquals("{\"d\": {\"instance-id\":\"i-0123456789\",\"state\":\"RUNNING\"}}",
                transform(paths("detail", "$.detail"), "{\"d\": <detail>}"), "outside a string it stays JSON");
    }

    @Test
    void aPathNotInTheEventGivesNullOrNothing() {
        assertEquals("{\"zone\": null, \"text\": \"zone \"}", transform(paths("zone", "$.detail.zone"), "{\"zone\": <zone>, \"text\": \"zone <zone>\"}"));
        assertEquals("{\"x\": <unknown>}", transform(Map.of(), "{\"x\": <unknown>}"), "a placeholder that names no variable stays");
    }

    @Test
    void wildcardsAndIndices() {
        String event = "{\"detail\":{\"items\":[{\"sku\":\"a\",\"n\":1},{\"sku\":\"b\",\"n\":2}]}}";
        Target target = Target.handler("t", input -> { })
                .withInputTransformer(new InputTransformer(paths("skus", "$.detail.items[*].sku", "second", "$.detail.items[1].n"),
                        "{\"skus\": <skus>, \"second\": <second>}"));
        assertEquals("{\"skus\": [\"a\",\"b\"], \"second\": 2}", target.inputFor(event, RULE, RULE_ARN, INGESTED));
    }

    @Test
    void inputPathSendsPartOfTheEvent() {
        Target target = Target.handler("t", input -> { }).withInputPath("$.detail");
        assertEquals("{\"instance-id\":\"i-0123456789\",\"state\":\"RUNNING\"}", target.inputFor(EVENT, RULE, RULE_ARN, INGESTED));
        assertEquals("\"RUNNING\"", Target.handler("t", input -> { }).withInputPath("$.detail.state").inputFor(EVENT, RULE, RULE_ARN, INGESTED));
        assertEquals("{\"fixed\":true}", Target.handler("t", input -> { }).withInput("{\"fixed\":true}").inputFor(EVENT, RULE, RULE_ARN, INGESTED));
        assertEquals(EVENT, Target.handler("t", input -> { }).inputFor(EVENT, RULE, RULE_ARN, INGESTED), "by default the event itself");
    }

    @Test
    void invalidTransformersAreRefusedWithTheRuleTheyBreak() {
        IllegalArgumentException reserved = assertThrows(IllegalArgumentException.class,
                () -> new InputTransformer(paths("aws.events.mine", "$.detail"), "<aws.events.mine>"));
        assertTrue(reserved.getMessage().contains("cannot start with 'aws.'"), reserved.getMessage());
        IllegalArgumentException key = assertThrows(IllegalArgumentException.class,
                () -> new InputTransformer(paths("k", "$.detail.state"), "{<k>: 1}"));
        assertTrue(key.getMessage().contains("as an object key"), key.getMessage());
        // https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-transform-target-input.html: the whole event
        // (<aws.events.event>, <aws.events.event.json>) "can only be used as a value for a JSON field"
        IllegalArgumentException whole = assertThrows(IllegalArgumentException.class,
                () -> new InputTransformer(Map.of(), "{\"text\": \"event: <aws.events.event.json>\"}"));
        assertTrue(whole.getMessage().contains("only as a JSON field's value"), whole.getMessage());
        IllegalArgumentException path = assertThrows(IllegalArgumentException.class,
                () -> new InputTransformer(paths("k", "detail.state"), "<k>"));
        assertTrue(path.getMessage().contains("starts with '$'"), path.getMessage());
        Map<String, String> many = new LinkedHashMap<>();
        for (int i = 0; i <= 100; i++) {
            many.put("v" + i, "$.detail");
        }
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new InputTransformer(many, "<v1>")).getMessage().contains("the most is 100"));
        assertThrows(IllegalArgumentException.class, () -> Target.handler("t", input -> { }).withInput("not json"));
    }
}
