package dev.monitor.core.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monitor.api.context.Context;
import dev.monitor.api.context.Scope;
import dev.monitor.api.metrics.Resolution;
import dev.monitor.core.audit.internal.TrailFiles;
import dev.monitor.core.metrics.Datapoint;
import dev.monitor.core.metrics.internal.MetricRegistry;
import dev.monitor.testing.ManualClock;
import java.io.FileNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Records as CloudTrail writes them, kept in its layout, found again by LookupEvents. */
class AuditTrailTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2026-11-22T10:15:30Z");

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(T0);

    private AuditTrail trail(AuditTrail.Builder builder) throws Exception {
        return builder.clock(clock).account("123456789012", "eu-west-1").deliverEvery(Duration.ofHours(1), 100_000).build();
    }

    /** Every record in the trail files, oldest file first. */
    private List<JsonNode> records(AuditTrail trail) throws Exception {
        List<JsonNode> all = new ArrayList<>();
        for (Path file : trail.trailFiles()) {
            JSON.readTree(TrailFiles.gunzip(file)).path("Records").forEach(all::add);
        }
        return all;
    }

    @Test
    void aRecordCarriesCloudTrailsFieldsInCloudTrailsLayout() throws Exception {
        try (AuditTrail trail = trail(AuditTrail.builder().dataDir(dir).sync())) {
            trail.record(AuditEvent.builder("DeleteOrder").source("orders.shop.example")
                    .by(UserIdentity.user("ann").withAccessKeyId("AKIAEXAMPLE")).from("203.0.113.7").userAgent("shop-cli/1.0")
                    .request(Map.of("orderId", "o-7", "password", "hunter2", "nested", Map.of("apiKey", "k", "note", "kept"))).requestId("r-1")
                    .resource(AuditResource.of("Shop::Order", "arn:monitor:shop:eu-west-1:123456789012:order/o-7")).write().build());
            trail.deliverNow();
            List<Path> files = trail.trailFiles();
            assertEquals(1, files.size());
            String relative = dir.resolve("audit").relativize(files.get(0)).toString();
            assertTrue(relative.matches("AWSLogs/123456789012/CloudTrail/eu-west-1/2026/11/22/"
                    + "123456789012_CloudTrail_eu-west-1_20261122T1015Z_[0-9a-f]{16}\\.json\\.gz"), relative);
            JsonNode record = records(trail).get(0);
            assertEquals(AuditTrail.EVENT_VERSION, record.get("eventVersion").asText());
            assertEquals("IAMUser", record.at("/userIdentity/type").asText());
            assertEquals("ann", record.at("/userIdentity/userName").asText());
            assertEquals("AKIAEXAMPLE", record.at("/userIdentity/accessKeyId").asText());
            assertEquals("2026-11-22T10:15:30Z", record.get("eventTime").asText());
            assertEquals("orders.shop.example", record.get("eventSource").asText());
            assertEquals("DeleteOrder", record.get("eventName").asText());
            assertEquals("eu-west-1", record.get("awsRegion").asText());
            assertEquals("203.0.113.7", record.get("sourceIPAddress").asText());
            assertEquals("shop-cli/1.0", record.get("userAgent").asText());
            assertEquals("o-7", record.at("/requestParameters/orderId").asText());
            assertEquals(Redactor.REDACTED, record.at("/requestParameters/password").asText());
            assertEquals(Redactor.REDACTED, record.at("/requestParameters/nested/apiKey").asText());
            assertEquals("kept", record.at("/requestParameters/nested/note").asText());
            assertTrue(record.get("responseElements").isNull());
            assertEquals("r-1", record.get("requestID").asText());
            assertTrue(record.get("eventID").asText().matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"));
            assertFalse(record.get("readOnly").asBoolean());
            assertEquals("arn:monitor:shop:eu-west-1:123456789012:order/o-7", record.at("/resources/0/ARN").asText());
            assertEquals("123456789012", record.at("/resources/0/accountId").asText());
            assertEquals("Shop::Order", record.at("/resources/0/type").asText());
            assertEquals("AwsApiCall", record.get("eventType").asText());
            assertTrue(record.get("managementEvent").asBoolean());
            assertEquals("123456789012", record.get("recipientAccountId").asText());
            assertEquals("Management", record.get("eventCategory").asText());
        }
    }

    @Test
    void oversizedValuesAreCutAndMarkedNeverRejected() throws Exception {
        try (AuditTrail trail = trail(AuditTrail.builder().dataDir(dir))) {
            trail.record(AuditEvent.builder("Upload").userAgent("é".repeat(2000)).request(Map.of("blob", "x".repeat(200_000)))
                    .response(Map.of("ok", true)).build());
            trail.deliverNow();
            JsonNode record = records(trail).get(0);
            assertTrue(record.get("userAgent").asText().getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= 1024);
            assertEquals("é".repeat(512), record.get("userAgent").asText(), "cut on a character boundary");
            assertTrue(record.at("/requestParameters/omitted").asBoolean());
            assertTrue(record.at("/requestParameters/originalSize").asInt() > 200_000);
            assertTrue(record.at("/responseElements/ok").asBoolean());
            assertEquals("[\"userAgent\",\"requestParameters\"]", record.at("/additionalEventData/omittedFields").toString());
        }
    }

    @Test
    void theCallWrapperRecordsTheOutcomeAndRethrowsTheCallsOwnException() throws Exception {
        try (AuditTrail trail = trail(AuditTrail.builder().dataDir(dir))) {
            assertEquals("done", trail.call("GetOrder").by(UserIdentity.user("ann")).read().call(() -> "done"));
            FileNotFoundException thrown = new FileNotFoundException("no order o-9");
            FileNotFoundException caught = assertThrows(FileNotFoundException.class,
                    () -> trail.call("DeleteOrder").by(UserIdentity.user("bob")).write().run(() -> {
                        throw thrown;
                    }));
            assertSame(thrown, caught, "the very exception, untouched");
            try (Scope ignored = Context.current().withTrace("1-6921a6a0-000000000000000000000001", "53995c3f42cd8ad8").makeCurrent()) {
                trail.call("ListOrders").read().call(() -> List.of(1, 2), result -> Map.of("count", result.size()));
            }
            trail.deliverNow();
            List<JsonNode> records = records(trail);
            assertEquals(3, records.size());
            assertTrue(records.get(0).get("readOnly").asBoolean());
            assertFalse(records.get(0).has("errorCode"));
            assertEquals("FileNotFoundException", records.get(1).get("errorCode").asText());
            assertEquals("no order o-9", records.get(1).get("errorMessage").asText());
            assertEquals(2, records.get(2).at("/responseElements/count").asInt());
            assertEquals("1-6921a6a0-000000000000000000000001", records.get(2).at("/additionalEventData/traceId").asText(),
                    "the record of a traced call carries its trace id");
        }
    }

    @Test
    void selectorsDecideWhatIsRecorded() throws Exception {
        EventSelector writesToOrders = EventSelector.builder("order writes").equalTo("eventCategory", "Management")
                .equalTo("readOnly", "false").startsWith("eventSource", "orders.").notEqualTo("eventName", "Ping").build();
        try (AuditTrail trail = trail(AuditTrail.builder().dataDir(dir).selector(writesToOrders))) {
            trail.record(AuditEvent.builder("DeleteOrder").source("orders.shop").build());
            trail.record(AuditEvent.builder("GetOrder").source("orders.shop").read().build());
            trail.record(AuditEvent.builder("Ping").source("orders.shop").build());
            trail.record(AuditEvent.builder("DeleteUser").source("users.shop").build());
            trail.record(AuditEvent.builder("PutObject").source("orders.shop").data().build());
            trail.deliverNow();
            assertEquals(List.of("DeleteOrder"), records(trail).stream().map(r -> r.get("eventName").asText()).toList());
        }
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> EventSelector.builder("x").equalTo("readOnly", "yes"));
        assertTrue(bad.getMessage().contains("'readOnly' takes Equals with true or false"), bad.getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> EventSelector.builder("x").equalTo("userName", "ann"))
                .getMessage().startsWith("selector field 'userName' is not one of"));
    }

    @Test
    void lookupFindsWhoDidItNewestFirstInPages() throws Exception {
        try (AuditTrail trail = trail(AuditTrail.builder().dataDir(dir))) {
            for (int i = 0; i < 120; i++) {
                trail.record(AuditEvent.builder(i % 2 == 0 ? "GetOrder" : "DeleteOrder").by(UserIdentity.user(i == 77 ? "mallory" : "ann"))
                        .resource(AuditResource.of("Shop::Order", "arn:monitor:shop:::order/o-" + i)).build());
                clock.advance(Duration.ofSeconds(1));
            }
            trail.deliverNow();
            JsonNode who = trail.lookupEventsTree(new LookupAttribute("ResourceName", "arn:monitor:shop:::order/o-77"), T0, T0.plusSeconds(3600), 50, null);
            assertEquals(1, who.get("Events").size());
            JsonNode event = who.at("/Events/0");
            assertEquals("mallory", event.get("Username").asText());
            assertEquals("DeleteOrder", event.get("EventName").asText());
            assertEquals("Shop::Order", event.at("/Resources/0/ResourceType").asText());
            assertEquals(event.get("EventId").asText(), JSON.readTree(event.get("CloudTrailEvent").asText()).get("eventID").asText());

            JsonNode first = trail.lookupEventsTree(new LookupAttribute("EventName", "DeleteOrder"), T0, T0.plusSeconds(3600), 50, null);
            assertEquals(50, first.get("Events").size());
            assertEquals("arn:monitor:shop:::order/o-119", first.at("/Events/0/Resources/0/ResourceName").asText(), "newest first");
            JsonNode second = trail.lookupEventsTree(new LookupAttribute("EventName", "DeleteOrder"), T0, T0.plusSeconds(3600), 50,
                    first.get("NextToken").asText());
            assertEquals(10, second.get("Events").size());
            assertFalse(second.has("NextToken"));
            assertEquals(0, trail.lookupEventsTree(null, T0.plusSeconds(200), T0.plusSeconds(300), 50, null).get("Events").size());
            // The index only makes it faster: without it, the files give the same answers.
            JsonNode indexed = trail.lookupEventsTree(new LookupAttribute("Username", "ann"), T0, T0.plusSeconds(3600), 50, null);
            try (var indexes = java.nio.file.Files.list(dir.resolve("audit/index"))) {
                for (Path index : indexes.toList()) {
                    java.nio.file.Files.delete(index);
                }
            }
            assertEquals(indexed, trail.lookupEventsTree(new LookupAttribute("Username", "ann"), T0, T0.plusSeconds(3600), 50, null));
            assertEquals(50, indexed.get("Events").size());
            assertTrue(assertThrows(IllegalArgumentException.class, () -> new LookupAttribute("Colour", "x")).getMessage()
                    .startsWith("lookup attribute key 'Colour' is not one of"));
            assertTrue(assertThrows(IllegalArgumentException.class, () -> trail.lookupEventsTree(null, T0, T0, 51, null))
                    .getMessage().contains("51"));
        }
    }

    @Test
    void whatARunLeftInTheJournalIsDeliveredOnceAtTheNextStart() throws Exception {
        // A run that never closes: its records are in the journal only (forced to disk: sync mode).
        AuditTrail crashed = trail(AuditTrail.builder().dataDir(dir).sync());
        for (int i = 0; i < 5; i++) {
            crashed.record(AuditEvent.builder("PlaceOrder").requestId("r-" + i).build());
        }
        try (AuditTrail restarted = trail(AuditTrail.builder().dataDir(dir))) {
            restarted.deliverNow();
            assertEquals(List.of("r-0", "r-1", "r-2", "r-3", "r-4"),
                    records(restarted).stream().map(r -> r.get("requestID").asText()).toList());
        }
        try (AuditTrail again = trail(AuditTrail.builder().dataDir(dir))) {
            assertEquals(5, records(again).size(), "delivered once, not again at the next start");
        }
    }

    @Test
    void aRecordTheJournalCannotKeepIsCountedAsFailedNotAsRecorded() throws Exception {
        MetricRegistry registry = new MetricRegistry("Shop", clock, Resolution.STANDARD, 100);
        Path journal = dir.resolve("audit/journal");
        try (LogCapture log = new LogCapture();
             AuditTrail trail = AuditTrail.builder().dataDir(dir).sync().clock(clock).selfMetrics(registry.forNamespace("Monitor")).build()) {
            trail.record(AuditEvent.builder("PlaceOrder").requestId("kept").build());
            trail.deliverNow();
            Files.move(journal, dir.resolve("gone")); // the disk goes away: the next segment cannot be opened
            trail.deliverNow();
            trail.record(AuditEvent.builder("PlaceOrder").requestId("lost").build());
            Map<String, Double> counted = registry.collect(Resolution.STANDARD, clock.instant()).stream()
                    .collect(Collectors.toMap(d -> d.metric().name(), Datapoint::sum));
            assertEquals(1.0, counted.get("AuditRecords"));
            assertEquals(1.0, counted.get("AuditRecordsFailed"));
            assertTrue(log.text().contains("audit record PlaceOrder could not be written: java.nio.file.NoSuchFileException"), log.text());

            Files.createDirectories(journal); // and comes back: records are kept again
            trail.record(AuditEvent.builder("PlaceOrder").requestId("after").build());
            trail.deliverNow();
            assertEquals(List.of("kept", "after"), records(trail).stream().map(r -> r.get("requestID").asText()).toList());
        }
    }

    @Test
    void filesPastTheRetentionAreDeleted() throws Exception {
        try (AuditTrail trail = trail(AuditTrail.builder().dataDir(dir).retention(Duration.ofDays(90)))) {
            trail.record(AuditEvent.builder("Old").build());
            trail.deliverNow();
            clock.advance(Duration.ofDays(91));
            trail.record(AuditEvent.builder("New").build());
            trail.deliverNow();
            assertEquals(List.of("New"), records(trail).stream().map(r -> r.get("eventName").asText()).toList());
        }
    }
}
