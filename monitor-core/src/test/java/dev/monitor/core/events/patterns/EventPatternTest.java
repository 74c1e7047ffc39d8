package dev.monitor.core.events.patterns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** The EventBridge user guide's own examples, each citing its page, and the limits Monitor adds. */
class EventPatternTest {
    private static final String EC2_TERMINATED = """
            {"version": "0", "id": "6a7e8feb-b491-4cf7-a9f1-bf3703467718",
             "detail-type": "EC2 Instance State-change Notification", "source": "aws.ec2",
             "account": "111122223333", "time": "2017-12-22T18:43:48Z", "region": "us-west-1",
             "resources": ["arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0"],
             "detail": {"instance-id": "i-1234567890abcdef0", "state": "terminated"}}""";

    private static boolean matches(String pattern, String event) {
        return EventPattern.parse(pattern).matches(event);
    }

    private static String detail(String detail) {
        return "{\"source\": \"aws.ec2\", \"detail-type\": \"x\", \"detail\": " + detail + "}";
    }

    /** https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns.html */
    @Test
    void theGuidesFirstPatternSelectsTerminations() {
        String pattern = """
                {"source": ["aws.ec2"], "detail-type": ["EC2 Instance State-change Notification"],
                 "detail": {"state": ["terminated"]}}""";
        assertTrue(matches(pattern, EC2_TERMINATED));
        assertFalse(matches(pattern, EC2_TERMINATED.replace("terminated\"}", "running\"}")));
        assertFalse(matches(pattern, EC2_TERMINATED.replace("\"aws.ec2\"", "\"aws.s3\"")));
    }

    /** https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns-arrays.html */
    @Test
    void anEventArrayMatchesWhenItIntersectsThePatternsArray() {
        String pattern = """
                {"resources": ["arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f",
                  "arn:aws:ec2:us-east-1:111122223333:instance/i-b188560f",
                  "arn:aws:ec2:us-east-1:444455556666:instance/i-b188560f"]}""";
        assertTrue(matches(pattern, """
                {"resources": ["arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:eb56d16b-bbf0-401d-b893-d5978ed4a025:autoScalingGroupName/ASGTerminate",
                  "arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f"]}"""));
        assertFalse(matches(pattern, "{\"resources\": [\"arn:aws:ec2:us-east-1:999999999999:instance/i-b188560f\"]}"));
    }

    /** https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern.html (null and empty values) */
    @Test
    void nullAndEmptyStringAreValuesOfTheirOwn() {
        assertTrue(matches("{\"detail\": {\"responseElements\": [null]}}", detail("{\"responseElements\": null}")));
        assertFalse(matches("{\"detail\": {\"responseElements\": [null]}}", detail("{}")));
        assertTrue(matches("{\"detail\": {\"eventVersion\": [\"\"]}}", detail("{\"eventVersion\": \"\"}")));
        assertFalse(matches("{\"detail\": {\"eventVersion\": [\"\"]}}", detail("{\"eventVersion\": null}")));
    }

    /** https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html */
    @Test
    void theOperatorsPageExamples() {
        assertTrue(matches("{\"time\": [{\"prefix\": \"2017-10-02\"}]}", "{\"time\": \"2017-10-02T18:43:48Z\"}"));
        assertTrue(matches("{\"detail\": {\"service\": [{\"prefix\": {\"equals-ignore-case\": \"EventB\"}}]}}",
                detail("{\"service\": \"EVENTBRIDGE\"}")));
        assertTrue(matches("{\"FileName\": [{\"suffix\": \".png\"}]}", "{\"FileName\": \"image.png\"}"));
        assertTrue(matches("{\"detail\": {\"FileName\": [{\"suffix\": {\"equals-ignore-case\": \".png\"}}]}}",
                detail("{\"FileName\": \"IMAGE.PNG\"}")));
        assertTrue(matches("{\"detail\": {\"state\": [{\"anything-but\": \"initializing\"}]}}", detail("{\"state\": \"running\"}")));
        assertFalse(matches("{\"detail\": {\"state\": [{\"anything-but\": \"initializing\"}]}}", detail("{\"state\": \"initializing\"}")));
        assertFalse(matches("{\"Region\": [{\"anything-but\": {\"prefix\": \"us-\"}}]}", "{\"Region\": \"us-east-1\"}"));
        assertTrue(matches("{\"Region\": [{\"anything-but\": {\"prefix\": \"us-\"}}]}", "{\"Region\": \"eu-west-1\"}"));
        assertFalse(matches("{\"FilePath\": [{\"anything-but\": {\"wildcard\": \"*/lib/*\"}}]}", "{\"FilePath\": \"/usr/lib/x\"}"));
        assertTrue(matches("{\"Name\": [{\"equals-ignore-case\": \"alice\"}]}", "{\"Name\": \"ALICE\"}"));
        assertTrue(matches("{\"detail\": {\"c-count\": [{\"numeric\": [\">\", 0, \"<=\", 5]}]}}", detail("{\"c-count\": 5}")));
        assertFalse(matches("{\"detail\": {\"c-count\": [{\"numeric\": [\">\", 0, \"<=\", 5]}]}}", detail("{\"c-count\": 0}")));
        assertTrue(matches("{\"detail\": {\"sourceIPAddress\": [{\"cidr\": \"10.0.0.0/24\"}]}}", detail("{\"sourceIPAddress\": \"10.0.0.17\"}")));
        assertTrue(matches("{\"detail\": {\"state\": [{\"exists\": false}]}}", detail("{\"other\": 1}")));
        assertTrue(matches("{\"EventBusArn\": [{\"wildcard\": \"arn:aws:events:us-east-1:*:event-bus/*\"}]}",
                "{\"EventBusArn\": \"arn:aws:events:us-east-1:123456789012:event-bus/default\"}"));
        String or = "{\"detail\": {\"$or\": [{\"c-count\": [{\"numeric\": [\">\", 0, \"<=\", 5]}]},"
                + " {\"d-count\": [{\"numeric\": [\"<\", 10]}]}, {\"x-limit\": [{\"numeric\": [\"=\", 3.018e2]}]}]}}";
        assertTrue(matches(or, detail("{\"x-limit\": 301.8}")));
        assertFalse(matches(or, detail("{\"c-count\": 6, \"d-count\": 10}")));
    }

    /** event-ruler (EventBridge's matcher) keeps fields of one array element together. */
    @Test
    void fieldsOfAnArrayOfObjectsMatchWithinOneElement() {
        String pattern = "{\"a\": {\"b\": [\"1\"], \"c\": [\"2\"]}}";
        assertTrue(matches(pattern, "{\"a\": [{\"b\": \"1\", \"c\": \"2\"}]}"));
        assertFalse(matches(pattern, "{\"a\": [{\"b\": \"1\"}, {\"c\": \"2\"}]}"));
    }

    /**
     * equals-ignore-case lets each pattern character appear as itself, its lower or its upper case (as in
     * event-ruler): the pattern "ß" matches "SS", its upper case, but "ss" does not match "ß".
     */
    @Test
    void ignoreCaseVariesThePatternsCharactersNotTheEvents() {
        assertTrue(matches("{\"a\": [{\"equals-ignore-case\": \"ß\"}]}", "{\"a\": \"SS\"}"));
        assertFalse(matches("{\"a\": [{\"equals-ignore-case\": \"ss\"}]}", "{\"a\": \"ß\"}"));
        assertTrue(matches("{\"a\": [{\"prefix\": {\"equals-ignore-case\": \"straß\"}}]}", "{\"a\": \"STRASSE 1\"}"));
        assertTrue(matches("{\"a\": [{\"suffix\": {\"equals-ignore-case\": \"É.txt\"}}]}", "{\"a\": \"café.TXT\"}"));
        assertFalse(matches("{\"a\": [{\"anything-but\": {\"equals-ignore-case\": \"ß\"}}]}", "{\"a\": \"SS\"}"));
    }

    @Test
    void limitsAreRefusedWithAnAwsShapedMessage() {
        String huge = "{\"a\": [\"" + "x".repeat(5000) + "\"]}";
        InvalidEventPatternException tooLong = assertThrows(InvalidEventPatternException.class, () -> EventPattern.parse(huge));
        assertTrue(tooLong.getMessage().startsWith("Event pattern is not valid. Reason: Event pattern is 5011 characters"));
        StringBuilder nested = new StringBuilder("{");
        for (int i = 0; i < 11; i++) {
            nested.append("\"$or\": [{\"a").append(i).append("\": [1]}, {\"b").append(i).append("\": [1]}], ");
        }
        nested.append("\"z\": [1]}");
        InvalidEventPatternException tooMany = assertThrows(InvalidEventPatternException.class,
                () -> EventPattern.parse(nested.toString()));
        assertTrue(tooMany.getMessage().contains("more than 1000 alternative patterns"), tooMany.getMessage());
        assertEquals("Event pattern is not valid. Reason: Filter is not an object",
                assertThrows(InvalidEventPatternException.class, () -> EventPattern.parse("[1]")).getMessage());
        assertTrue(assertThrows(InvalidEventPatternException.class, () -> EventPattern.parse("{\"a\": [1"))
                .getMessage().startsWith("Event pattern is not valid. Reason: Unexpected end-of-input"));
    }

    @Test
    void aMachineAnswersEveryMatchingKeyAndForgetsRemovedOnes() {
        PatternMachine<String> machine = new PatternMachine<>();
        machine.add("ec2", EventPattern.parse("{\"source\": [\"aws.ec2\"]}"));
        machine.add("terminated", EventPattern.parse("{\"detail\": {\"state\": [\"terminated\"]}}"));
        machine.add("s3", EventPattern.parse("{\"source\": [\"aws.s3\"]}"));
        assertEquals(Set.of("ec2", "terminated"), machine.matches(EC2_TERMINATED));
        machine.remove("ec2");
        assertEquals(Set.of("terminated"), machine.matches(EC2_TERMINATED));
        assertThrows(IllegalArgumentException.class, () -> machine.matches("not json"));
    }
}
