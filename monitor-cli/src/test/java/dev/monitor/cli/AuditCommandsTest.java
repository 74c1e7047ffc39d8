package dev.monitor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monitor.core.audit.AuditResource;
import dev.monitor.core.audit.AuditTrail;
import dev.monitor.core.audit.UserIdentity;
import dev.monitor.testing.ManualClock;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code monitor audit lookup-events}: who deleted the order, as the AWS CLI answers. */
class AuditCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void lookupEventsFindsWhoDeletedTheOrder() throws Exception {
        try (AuditTrail trail = AuditTrail.builder().dataDir(dir).clock(ManualClock.at("2026-11-22T10:00:00Z")).build()) {
            trail.call("CreateOrder").by(UserIdentity.user("ann")).resource(AuditResource.of("Shop::Order", "order/o-1")).run(() -> { });
            trail.call("DeleteOrder").by(UserIdentity.user("mallory")).from("198.51.100.9")
                    .resource(AuditResource.of("Shop::Order", "order/o-1")).run(() -> { });
        }
        CliRun cli = new CliRun();
        assertEquals(0, cli.run("audit", "lookup-events", "--data-dir", dir.toString(),
                "--lookup-attributes", "AttributeKey=EventName,AttributeValue=DeleteOrder",
                "--start-time", "2026-11-22T09:00:00Z", "--end-time", "2026-11-22T11:00:00Z"), cli.err());
        JsonNode answer = JSON.readTree(cli.out());
        assertEquals(1, answer.get("Events").size(), cli.out());
        JsonNode event = answer.at("/Events/0");
        assertEquals("mallory", event.get("Username").asText());
        assertEquals("2026-11-22T10:00:00+00:00", event.get("EventTime").asText());
        assertEquals("order/o-1", event.at("/Resources/0/ResourceName").asText());
        assertEquals("198.51.100.9", JSON.readTree(event.get("CloudTrailEvent").asText()).get("sourceIPAddress").asText());

        CliRun bad = new CliRun();
        assertEquals(252, bad.run("audit", "lookup-events", "--data-dir", dir.toString(), "--lookup-attributes",
                "AttributeKey=Colour,AttributeValue=blue"));
        assertTrue(bad.err().contains("lookup attribute key 'Colour' is not one of"), bad.err());
    }

    @Test
    void validateLogsReportsAChangedFileAndExitsNonZero() throws Exception {
        try (AuditTrail trail = AuditTrail.builder().dataDir(dir).sync().clock(ManualClock.at("2026-11-22T10:00:00Z")).build()) {
            trail.call("CreateOrder").by(UserIdentity.user("ann")).run(() -> { });
        }
        CliRun intact = new CliRun();
        assertEquals(0, intact.run("audit", "validate-logs", "--data-dir", dir.toString(), "--start-time", "2026-11-22T09:00:00Z",
                "--end-time", "2026-11-23T00:00:00Z", "--verbose"), intact.err());
        assertTrue(intact.out().contains("1/1 digest files valid"), intact.out());
        assertTrue(intact.out().contains("1/1 log files valid"), intact.out());
        // The AWS CLI's line: kind, s3:// name and status separated by tabs (awscli/customizations/cloudtrail/validation.py).
        assertTrue(intact.out().matches("(?s).*Log file\ts3://local/AWSLogs/000000000000/CloudTrail/local/2026/11/22/"
                + "000000000000_CloudTrail_local_20261122T1000Z_[0-9a-f]{16}\\.json\\.gz\tvalid.*"), intact.out());
        assertTrue(intact.out().startsWith("Validating log files for trail arn:aws:cloudtrail:local:000000000000:trail/monitor between"
                + " 2026-11-22T09:00:00Z and 2026-11-23T00:00:00Z\n\n"), intact.out());
        assertTrue(intact.out().contains("Results requested for 2026-11-22T09:00:00Z to 2026-11-23T00:00:00Z\n"
                + "Results found for 2026-11-22T10:00:00Z to 2026-11-22T10:00:01Z:\n\n1/1 digest files valid\n1/1 log files valid\n"),
                intact.out());

        java.nio.file.Path log;
        try (var walk = java.nio.file.Files.walk(dir.resolve("audit/AWSLogs"))) {
            log = walk.filter(p -> p.toString().contains("/CloudTrail/") && p.toString().endsWith(".json.gz")).findFirst().orElseThrow();
        }
        java.nio.file.Files.delete(log);
        CliRun broken = new CliRun();
        assertEquals(1, broken.run("audit", "validate-logs", "--data-dir", dir.toString(), "--start-time", "2026-11-22T09:00:00Z",
                "--end-time", "2026-11-23T00:00:00Z"));
        assertTrue(broken.err().contains("\tINVALID: not found\n\n"), broken.err());
        assertTrue(broken.out().contains("0/1 log files valid, 1/1 log files INVALID"), broken.out());
    }
}
