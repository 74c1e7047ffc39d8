package dev.monitor.aws.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.monitor.core.export.BusEvent;
import dev.monitor.core.export.ExporterContext;
import dev.monitor.core.files.DataLayout;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;

/**
 * {@code type: eventbridge} against a loopback EventBridge decoding the AWS JSON 1.1 requests the SDK sends.
 * Limits: https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEvents.html (10 entries);
 * entry size: https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-putevent-size.html (256 KB).
 */
class EventBridgeExporterTest {
    private final Fixture fixture;
    private final Map<String, Double> usage = new ConcurrentHashMap<>();
    private final List<EventBridgeExporter> exporters = new ArrayList<>();

    EventBridgeExporterTest() throws Exception {
        fixture = new Fixture();
    }

    @AfterEach
    void close() {
        exporters.forEach(EventBridgeExporter::close);
        fixture.close();
    }

    private EventBridgeExporter exporter() {
        ExporterContext context = new ExporterContext("eventbridge", new DataLayout(Path.of("target", "unused-data-dir")),
                fixture.clock, fixture.self.self(), Runnable::run, (service, type, quantity) -> usage.merge(service + " " + type, quantity, Double::sum));
        EventBridgeExporter exporter = new EventBridgeExporter(AwsClients.open(fixture.settings(), context), context, "monitor-events", 1L << 24);
        exporters.add(exporter);
        return exporter;
    }

    /** An envelope whose entry is {@code 31 + padding} bytes: time 14, "shop" 4, "Order" 5, {"p":"..."} 8 + padding. */
    static BusEvent event(int padding) {
        String json = "{\"version\":\"0\",\"id\":\"6a7e8feb-b491-4cf7-a9f1-bf3703467718\",\"detail-type\":\"Order\",\"source\":\"shop\","
                + "\"account\":\"123456789012\",\"time\":\"2026-12-02T10:00:00Z\",\"region\":\"us-east-1\",\"resources\":[],"
                + "\"detail\":{\"p\":\"" + "x".repeat(padding) + "\"}}";
        return new BusEvent("default", Fixture.T0, json);
    }

    private List<JsonNode> requests() {
        return fixture.aws.calls("PutEvents").stream().map(FakeAws.Call::body).toList();
    }

    private double dropped(String reason) {
        return fixture.self.sum("Dropped", "Signal", "events", "Exporter", "eventbridge", "Reason", reason);
    }

    @Test
    void entrySizeIsEventBridgesCalculation() {
        PutEventsRequestEntry entry = EventBridgeExporter.entry(event(10).json()).build();
        assertEquals(41, EventBridgeExporter.size(entry));
        PutEventsRequestEntry withResources = entry.toBuilder().resources("arn:aws:s3:::b", "é").time(null).build();
        assertEquals(27 + "arn:aws:s3:::b".length() + 2, EventBridgeExporter.size(withResources));
    }

    @Test
    void theRequestCarriesTheEnvelopesFieldsToTheConfiguredBus() throws Exception {
        String json = "{\"version\":\"0\",\"id\":\"1\",\"detail-type\":\"Order Placed\",\"source\":\"shop.orders\",\"account\":\"123456789012\","
                + "\"time\":\"2026-12-02T09:59:30Z\",\"region\":\"us-east-1\",\"resources\":[\"arn:aws:s3:::orders\"],"
                + "\"detail\":{\"id\":7,\"items\":[1,2],\"note\":\"caf\\u00e9 \\\"q\\\"\"}}";
        exporter().export(List.of(new BusEvent("default", Fixture.T0, json)));
        JsonNode entry = requests().get(0).get("Entries").get(0);
        assertEquals("AWSEvents", fixture.aws.calls("PutEvents").get(0).service());
        assertEquals("monitor-events", entry.get("EventBusName").asText());
        assertEquals("shop.orders", entry.get("Source").asText());
        assertEquals("Order Placed", entry.get("DetailType").asText());
        assertEquals("arn:aws:s3:::orders", entry.get("Resources").get(0).asText());
        assertEquals(Instant.parse("2026-12-02T09:59:30Z").getEpochSecond(), entry.get("Time").asLong());
        assertEquals(FakeAws.JSON.valueToTree(Map.of("id", 7, "items", List.of(1, 2), "note", "café \"q\"")),
                FakeAws.JSON.readTree(entry.get("Detail").asText()).deepCopy());
        assertEquals(1.0, usage.get("AWSEvents Event-64K-Chunks"));
    }

    @Test
    void tenEntriesGoInOneRequestAndTheEleventhInTheNext() {
        List<BusEvent> batch = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            batch.add(event(10));
        }
        exporter().export(batch.subList(0, 10));
        assertEquals(1, requests().size());
        assertEquals(10, requests().get(0).get("Entries").size());
        exporter().export(batch);
        assertEquals(List.of(10, 10, 1), requests().stream().map(r -> r.get("Entries").size()).toList());
    }

    @Test
    void entriesSummingTo256KbShareARequestAndOneByteMoreSplitsIt() {
        int half = 131_072 - 31; // each entry 131,072 bytes: two make 262,144
        exporter().export(List.of(event(half), event(half)));
        assertEquals(1, requests().size());
        exporter().export(List.of(event(half), event(half + 1)));
        assertEquals(List.of(2, 1, 1), requests().stream().map(r -> r.get("Entries").size()).toList());
    }

    @Test
    void anEntryOf256KbIsSentAndOneByteMoreIsSetAsideAndCounted() {
        exporter().export(List.of(event(262_144 - 31), event(262_144 - 30)));
        assertEquals(1, requests().size());
        assertEquals(1, requests().get(0).get("Entries").size());
        assertEquals(1.0, dropped("TooLarge"));
        assertEquals(4.0, usage.get("AWSEvents Event-64K-Chunks")); // 256 KB is four 64 KB chunks
    }

    @Test
    void aFailedEntryIsRetriedAloneAndCounted() {
        fixture.aws.responder = (call, i) -> {
            int n = call.body().get("Entries").size();
            List<Map<String, String>> entries = new ArrayList<>();
            for (int e = 0; e < n; e++) {
                entries.add(i == 0 && e == 1 ? Map.of("ErrorCode", "ThrottlingException", "ErrorMessage", "Rate exceeded")
                        : Map.of("EventId", "id-" + i + "-" + e));
            }
            return FakeAws.Reply.ok(Map.of("FailedEntryCount", i == 0 ? 1 : 0, "Entries", entries));
        };
        List<BusEvent> batch = List.of(event(1), event(2), event(3));
        exporter().export(batch);
        List<JsonNode> requests = requests();
        assertEquals(2, requests.size());
        assertEquals(3, requests.get(0).get("Entries").size());
        assertEquals(1, requests.get(1).get("Entries").size());
        assertEquals("{\"p\":\"xx\"}", requests.get(1).get("Entries").get(0).get("Detail").asText());
        assertEquals(1.0, fixture.self.sum("FailedEntries", "Signal", "events", "Exporter", "eventbridge"));
        assertEquals(3.0, usage.get("AWSEvents Event-64K-Chunks"));
        assertEquals(0.0, dropped("Rejected"));
    }

    @Test
    void anEntryThatKeepsFailingIsTriedThreeTimesThenDroppedAndAnInvalidOneOnce() {
        fixture.aws.responder = (call, i) -> {
            List<Map<String, String>> entries = new ArrayList<>();
            for (JsonNode entry : call.body().get("Entries")) {
                String detail = entry.get("Detail").asText();
                entries.add(detail.contains("\"x\"") ? Map.of("ErrorCode", "InternalFailure", "ErrorMessage", "try again")
                        : detail.contains("\"xx\"") ? Map.of("ErrorCode", "MalformedDetail", "ErrorMessage", "no")
                        : Map.of("EventId", "ok"));
            }
            long failed = entries.stream().filter(e -> e.containsKey("ErrorCode")).count();
            return FakeAws.Reply.ok(Map.of("FailedEntryCount", failed, "Entries", entries));
        };
        exporter().export(List.of(event(1), event(2), event(3)));
        assertEquals(List.of(3, 1, 1), requests().stream().map(r -> r.get("Entries").size()).toList());
        assertEquals(2.0, dropped("Rejected"));
        assertEquals(4.0, fixture.self.sum("FailedEntries", "Signal", "events", "Exporter", "eventbridge"));
        assertEquals(1.0, usage.get("AWSEvents Event-64K-Chunks"));
    }

    @Test
    void anEventThatIsNoEnvelopeIsSetAsideAndCounted() {
        exporter().export(List.of(new BusEvent("default", Fixture.T0, "{\"source\":\"shop\"}"), event(1)));
        assertEquals(1, requests().get(0).get("Entries").size());
        assertEquals(1.0, dropped("Invalid"));
    }

    @Test
    void anOutageKeepsTheEventsAndSendsThemOnFlush() {
        fixture.aws.responder = (call, i) -> i < 3 ? FakeAws.Reply.error(503, "ServiceUnavailable", "down") : null;
        EventBridgeExporter exporter = exporter();
        try (dev.monitor.core.export.StderrCapture stderr = new dev.monitor.core.export.StderrCapture()) {
            exporter.export(List.of(event(1), event(2)));
            exporter.flush();
            assertTrue(stderr.text().contains("cannot send to EventBridge"), stderr.text());
        }
        JsonNode last = requests().get(requests().size() - 1);
        assertEquals(2, last.get("Entries").size());
        assertEquals(0.0, dropped("Rejected") + dropped("BufferFull"));
    }
}
