package dev.monitor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code monitor events test-event-pattern}, answering as {@code aws events test-event-pattern} does
 * (https://docs.aws.amazon.com/cli/latest/reference/events/test-event-pattern.html).
 */
class EventPatternCommandsTest {
    private static final String EVENT = "{\"id\": \"1\", \"source\": \"aws.ec2\", \"detail-type\": \"EC2 Instance State-change Notification\","
            + " \"account\": \"123456789012\", \"time\": \"2026-12-02T10:00:00Z\", \"region\": \"us-east-1\", \"resources\": [],"
            + " \"detail\": {\"state\": \"terminated\"}}";

    @TempDir
    Path dir;

    private final CliRun cli = new CliRun();

    @Test
    void answersResultTrueOrFalseAsTheAwsCliPrintsIt() {
        assertEquals(0, cli.run("events", "test-event-pattern", "--event-pattern",
                "{\"source\": [\"aws.ec2\"], \"detail\": {\"state\": [\"terminated\"]}}", "--event", EVENT));
        assertEquals("{\n    \"Result\": true\n}\n", cli.out());
        CliRun other = new CliRun();
        assertEquals(0, other.run("events", "test-event-pattern", "--event-pattern", "{\"source\": [\"aws.s3\"]}",
                "--event", EVENT));
        assertEquals("{\n    \"Result\": false\n}\n", other.out());
    }

    @Test
    void readsPatternAndEventFromFileUrls() throws Exception {
        Path pattern = Files.writeString(dir.resolve("pattern.json"), "{\"detail\": {\"state\": [{\"prefix\": \"term\"}]}}");
        Path event = Files.writeString(dir.resolve("event.json"), EVENT);
        assertEquals(0, cli.run("events", "test-event-pattern", "--event-pattern", "file://" + pattern,
                "--event", "file://" + event));
        assertEquals("{\n    \"Result\": true\n}\n", cli.out());
    }

    @Test
    void anInvalidPatternExits252WithAwsMessage() {
        assertEquals(252, cli.run("events", "test-event-pattern", "--event-pattern", "{\"resources\": []}", "--event", EVENT));
        assertEquals("", cli.out());
        assertEquals("monitor: error: An error occurred (InvalidEventPatternException) when calling the TestEventPattern "
                + "operation: Event pattern is not valid. Reason: Empty arrays are not allowed\n", cli.err());
    }

    @Test
    void checksEveryEventOfAJsonLinesFileInOrder() throws Exception {
        Path events = Files.writeString(dir.resolve("events.jsonl"), EVENT + "\n"
                + EVENT.replace("terminated", "running") + "\n\n" + EVENT.replace("aws.ec2", "aws.s3") + "\n");
        assertEquals(0, cli.run("events", "test-event-pattern", "--event-pattern",
                "{\"source\": [\"aws.ec2\"], \"detail\": {\"state\": [{\"anything-but\": \"running\"}]}}",
                "--events", "file://" + events));
        assertEquals("{\n    \"Results\": [\n        true,\n        false,\n        false\n    ]\n}\n", cli.out());
    }

    @Test
    void aBadEventLineIsNamedByItsNumber() throws Exception {
        Path events = Files.writeString(dir.resolve("events.jsonl"), EVENT + "\nnot json\n");
        assertEquals(252, cli.run("events", "test-event-pattern", "--event-pattern", "{\"source\": [\"aws.ec2\"]}",
                "--events", "file://" + events));
        assertTrue(cli.err().startsWith("monitor: error: --events " + events.toAbsolutePath().normalize()
                + " line 2: The event is not valid JSON"), cli.err());
    }

    @Test
    void aMissingFileIsAUsageError() {
        assertEquals(252, cli.run("events", "test-event-pattern", "--event-pattern", "file://" + dir.resolve("none.json"),
                "--event", EVENT));
        assertTrue(cli.err().contains("does not exist"), cli.err());
    }
}
