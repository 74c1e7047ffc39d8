package dev.monitor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monitor.api.events.PutEventsEntry;
import dev.monitor.core.Monitor;
import dev.monitor.core.QuietMonitor;
import dev.monitor.core.events.EventSettings;
import dev.monitor.core.events.RetryPolicy;
import dev.monitor.core.events.Rule;
import dev.monitor.core.events.Target;
import dev.monitor.core.events.archive.Archive;
import dev.monitor.core.events.patterns.EventPattern;
import dev.monitor.testing.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code monitor events list-archives} (botocore's ListArchives output) and {@code list-dead-letters}
 * (an SQS dead-letter queue's messages, with the attributes of
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-dlq.html) over a data directory a real
 * monitor wrote.
 */
class EventArchiveCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path writeEvents() {
        Path data = dir.resolve("data");
        ManualClock clock = ManualClock.at("2026-12-02T10:00:00Z");
        Monitor.Builder builder = QuietMonitor.builder(data, clock)
                .account("123456789012", "us-east-1").events(EventSettings.builder().retryBackoff(Duration.ofMillis(10)).build());
        try (Monitor monitor = builder.build()) {
            monitor.eventArchives().createArchive(new Archive("orders", "default", EventPattern.parse("{\"source\": [\"shop.orders\"]}"), 7,
                    null));
            monitor.events().putRule(Rule.builder("billing").eventPattern("{\"detail-type\": [\"Order Placed\"]}")
                    .target(Target.handler("bill", input -> {
                        throw new IllegalStateException("billing is down");
                    }).withRetryPolicy(RetryPolicy.of(0, 3600))).build());
            monitor.events().putEvents(List.of(PutEventsEntry.of("shop.orders", "Order Placed", "{\"orderId\": \"o-1\"}"),
                    PutEventsEntry.of("shop.orders", "Order Shipped", "{\"orderId\": \"o-0\"}"),
                    PutEventsEntry.of("shop.other", "Noise", "{}").withTime(Instant.parse("2026-12-01T10:00:00Z"))));
            assertTrue(monitor.flush(Duration.ofSeconds(10)));
        }
        return data;
    }

    @Test
    void listArchivesAndDeadLettersAnswerAsTheAwsCli() throws Exception {
        Path data = writeEvents();
        CliRun archives = new CliRun();
        assertEquals(0, archives.run("events", "list-archives", "--data-dir", data.toString()), archives.err());
        JsonNode archive = JSON.readTree(archives.out()).get("Archives").get(0);
        assertEquals("orders", archive.get("ArchiveName").asText());
        assertEquals("arn:aws:events:us-east-1:123456789012:event-bus/default", archive.get("EventSourceArn").asText());
        assertEquals("ENABLED", archive.get("State").asText());
        assertEquals(7, archive.get("RetentionDays").asInt());
        assertEquals(2, archive.get("EventCount").asInt());
        assertTrue(archive.get("SizeBytes").asLong() > 100, archive.toString());
        assertEquals("2026-12-02T10:00:00+00:00", archive.get("CreationTime").asText());

        CliRun letters = new CliRun();
        assertEquals(0, letters.run("events", "list-dead-letters", "--data-dir", data.toString(), "--rule-name", "billing"), letters.err());
        JsonNode messages = JSON.readTree(letters.out()).get("Messages");
        assertEquals(1, messages.size(), letters.out());
        JsonNode message = messages.get(0);
        assertEquals("o-1", JSON.readTree(message.get("Body").asText()).at("/detail/orderId").asText());
        assertEquals("arn:aws:events:us-east-1:123456789012:rule/billing", message.at("/MessageAttributes/RULE_ARN/StringValue").asText());
        assertEquals("String", message.at("/MessageAttributes/RULE_ARN/DataType").asText());
        assertTrue(message.at("/MessageAttributes/ERROR_MESSAGE/StringValue").asText().contains("billing is down"), message.toString());
        assertEquals("0", message.at("/MessageAttributes/RETRY_ATTEMPTS/StringValue").asText());
        assertEquals("Number", message.at("/MessageAttributes/RETRY_ATTEMPTS/DataType").asText());

        // a rule's file past its size cap became billing.jsonl.1: its older lines come first
        java.nio.file.Path billing = new dev.monitor.core.files.DataLayout(data).eventDeadLetterFile("default", "billing");
        java.nio.file.Files.writeString(billing.resolveSibling("billing.jsonl.1"), "{\"event\":{\"id\":\"older\"},\"ERROR_CODE\":\"TIMEOUT\"}\n");
        CliRun both = new CliRun();
        assertEquals(0, both.run("events", "list-dead-letters", "--data-dir", data.toString(), "--rule-name", "billing"), both.err());
        JsonNode all = JSON.readTree(both.out()).get("Messages");
        assertEquals(2, all.size(), both.out());
        assertEquals("older", JSON.readTree(all.get(0).get("Body").asText()).get("id").asText());
        assertEquals(message.get("Body"), all.get(1).get("Body"));

        CliRun none = new CliRun();
        assertEquals(0, none.run("events", "list-dead-letters", "--data-dir", data.toString(), "--event-bus-name", "other"));
        assertEquals(0, JSON.readTree(none.out()).get("Messages").size());
        CliRun missing = new CliRun();
        assertEquals(252, missing.run("events", "list-archives", "--data-dir", dir.resolve("nope").toString()));
        assertTrue(missing.err().contains("does not exist"), missing.err());
    }
}
