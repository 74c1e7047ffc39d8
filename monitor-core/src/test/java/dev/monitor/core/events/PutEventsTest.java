package dev.monitor.core.events;

import static dev.monitor.core.events.EventsFixture.quiet;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.monitor.api.events.PutEventsEntry;
import dev.monitor.api.events.PutEventsResult;
import dev.monitor.api.events.PutEventsResultEntry;
import dev.monitor.api.subscription.Subscription;
import dev.monitor.core.Monitor;
import dev.monitor.core.events.EventsFixture.MetricCapture;
import dev.monitor.core.events.EventsFixture.Recorder;
import dev.monitor.core.export.BusEvent;
import dev.monitor.core.export.Signal;
import dev.monitor.testing.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PutEvents' answers, entry by entry, and what a bus makes of an accepted entry
 * (https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEvents.html).
 */
class PutEventsTest {
    static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");

    @TempDir
    Path dir;

    @Test
    void eachEntryIsAnsweredOnItsOwnAndABadOneFailsNoOther() throws Exception {
        ManualClock clock = new ManualClock(T0);
        Recorder handler = new Recorder();
        try (Monitor monitor = quiet(dir, clock, new MetricCapture()).build()) {
            monitor.events().putRule(Rule.builder("all").eventPattern("{\"source\": [\"shop\"]}").target(Target.handler("h", handler)).build());
            String big = "{\"blob\":\"" + "x".repeat(PutEventsEntry.MAX_SIZE) + "\"}";
            PutEventsResult result = monitor.events().putEvents(
                    PutEventsEntry.of("shop", "Order Placed", "{\"orderId\":\"o-1\"}"),
                    PutEventsEntry.of(null, "Order Placed", "{}"),
                    PutEventsEntry.of("shop", "Order Placed", "[1, 2]"),
                    PutEventsEntry.of("shop", "Order Placed", "{\"open\": "),
                    PutEventsEntry.of("shop", "Order Placed", big),
                    PutEventsEntry.of("shop", null, "{}"),
                    PutEventsEntry.of("shop", "Order Placed", "{}").withEventBusName("nope"),
                    PutEventsEntry.of("shop", "Order Shipped", "{\"orderId\":\"o-2\"}"));
            assertEquals(6, result.failedEntryCount());
            List<PutEventsResultEntry> entries = result.entries();
            assertEquals(8, entries.size());
            assertTrue(entries.get(0).isAccepted());
            assertEquals(new PutEventsResultEntry(null, "InvalidArgument", "Parameter Source is not valid. Reason: Source is a required argument."),
                    entries.get(1));
            assertEquals(new PutEventsResultEntry(null, "MalformedDetail", "Detail is malformed."), entries.get(2));
            assertEquals(new PutEventsResultEntry(null, "MalformedDetail", "Detail is malformed."), entries.get(3));
            assertEquals("InvalidArgument", entries.get(4).errorCode());
            assertTrue(entries.get(4).errorMessage().contains("the most is 262144"), entries.get(4).errorMessage());
            assertEquals("Parameter DetailType is not valid. Reason: DetailType is a required argument.", entries.get(5).errorMessage());
            assertEquals(new PutEventsResultEntry(null, "ResourceNotFoundException", "Event bus nope does not exist."), entries.get(6));
            assertTrue(entries.get(7).isAccepted());
            assertTrue(monitor.flush(Duration.ofSeconds(10)));
            assertEquals(List.of(entries.get(0).eventId(), entries.get(7).eventId()),
                    handler.events().stream().map(e -> e.get("id").asText()).toList(), "the good entries went on, in order");
        }
    }

    @Test
    void moreThanTenEntriesAreRefusedEntryByEntryWithoutThrowing() {
        try (Monitor monitor = quiet(dir, new ManualClock(T0), new MetricCapture()).build()) {
            List<PutEventsEntry> eleven = Collections.nCopies(11, PutEventsEntry.of("shop", "Tick", "{}"));
            PutEventsResult result = monitor.events().putEvents(eleven);
            assertEquals(11, result.failedEntryCount());
            assertEquals("InvalidArgument", result.entries().get(10).errorCode());
            assertEquals(new PutEventsResult(0, List.of()), monitor.events().putEvents(List.of()));
        }
    }

    /** The envelope: https://docs.aws.amazon.com/eventbridge/latest/ref/overiew-event-structure.html. */
    @Test
    void anAcceptedEntryBecomesEventBridgesEnvelopeForTargetsExportersAndObservers() throws Exception {
        ManualClock clock = new ManualClock(T0);
        Recorder handler = new Recorder();
        List<BusEvent> exported = new CopyOnWriteArrayList<>();
        List<String> observed = new CopyOnWriteArrayList<>();
        try (Monitor monitor = quiet(dir, clock, new MetricCapture()).account("123456789012", "eu-west-1")
                .exporter(Signal.EVENTS, "capture", exported::addAll).build()) {
            monitor.events().createEventBus("orders");
            monitor.events().putRule(Rule.builder("placed").eventBus("orders").eventPattern("{\"detail-type\": [\"Order Placed\"]}")
                    .target(Target.handler("h", handler)).build());
            Subscription observing = monitor.events().observe((bus, json) -> observed.add(bus + " " + json));
            String id = monitor.events().putEvents(PutEventsEntry.of("shop.orders", "Order Placed", "{\"orderId\": \"o-1\", \"total\": 12.5}")
                    .withResources(List.of("arn:aws:shop:eu-west-1:123456789012:order/o-1")).withTime(Instant.parse("2026-12-02T09:59:58.250Z"))
                    .withEventBusName("arn:aws:events:eu-west-1:123456789012:event-bus/orders")).entries().get(0).eventId();
            monitor.events().putEvents(PutEventsEntry.of("shop.orders", "Order Shipped", "{}").withEventBusName("orders"));
            assertTrue(monitor.flush(Duration.ofSeconds(10)));
            observing.close();
            assertEquals(1, handler.inputs.size(), () -> "only the placed order matched; exported " + exported);
            JsonNode event = handler.events().get(0);
            assertEquals(List.of("version", "id", "detail-type", "source", "account", "time", "region", "resources", "detail"),
                    fieldNames(event));
            assertEquals("0", event.get("version").asText());
            assertEquals(id, event.get("id").asText());
            assertEquals("Order Placed", event.get("detail-type").asText());
            assertEquals("shop.orders", event.get("source").asText());
            assertEquals("123456789012", event.get("account").asText());
            assertEquals("2026-12-02T09:59:58Z", event.get("time").asText(), "the entry's time, to the second");
            assertEquals("eu-west-1", event.get("region").asText());
            assertEquals("arn:aws:shop:eu-west-1:123456789012:order/o-1", event.get("resources").get(0).asText());
            assertEquals(12.5, event.get("detail").get("total").asDouble());
            assertEquals(2, exported.size(), "every accepted event is exported, matched or not");
            assertEquals("orders", exported.get(0).eventBusName());
            assertEquals(handler.inputs.get(0), exported.get(0).json());
            assertEquals(List.of("orders " + exported.get(0).json(), "orders " + exported.get(1).json()), observed);
        }
    }

    @Test
    void aFullQueueRefusesTheEntryAndCountsItAsDropped() {
        MetricCapture metrics = new MetricCapture();
        int accepted = 0;
        int throttled = 0;
        try (Monitor monitor = quiet(dir, new ManualClock(T0), metrics).events(EventSettings.builder().queueCapacity(1).build()).build()) {
            for (int i = 0; i < 2_000; i++) {
                PutEventsResultEntry answer = monitor.events().putEvents(PutEventsEntry.of("shop", "Tick", "{}")).entries().get(0);
                if (answer.isAccepted()) {
                    accepted++;
                } else {
                    assertEquals("ThrottlingException", answer.errorCode());
                    throttled++;
                }
            }
        }
        assertTrue(throttled > 0, "a queue of one fills");
        assertEquals(2_000, accepted + throttled);
        assertEquals(throttled, metrics.sum("Monitor", "Dropped", "Signal", "events"));
    }

    @Test
    void theDefaultTelemetryOfALibraryChecksEntriesAndKeepsNothing() {
        PutEventsResult result = dev.monitor.api.Telemetry.noop().events().putEvents(PutEventsEntry.of("lib", "Tick", "{}"),
                PutEventsEntry.of("lib", "Tick", "not json"));
        assertEquals(1, result.failedEntryCount());
        assertNotNull(result.entries().get(0).eventId());
        assertNull(result.entries().get(1).eventId());
        assertFalse(result.entries().get(1).isAccepted());
    }

    /** The API's no-op bus keeps its own copy of the put's checks (monitor-api depends on nothing): it answers as a bus does. */
    @Test
    void theDefaultTelemetryAnswersEveryEntryAsABusDoes() {
        List<PutEventsEntry> mixed = java.util.Arrays.asList(PutEventsEntry.of("shop", "Tick", "{}"), null,
                PutEventsEntry.of("", "Tick", "{}"), PutEventsEntry.of("shop", "Tick", "[1]"),
                PutEventsEntry.of("shop", "x".repeat(129), "{}"), PutEventsEntry.of("shop", "Tick", "{\"a\": \"" + "b".repeat(256 * 1024) + "\"}"));
        List<PutEventsEntry> eleven = Collections.nCopies(11, PutEventsEntry.of("shop", "Tick", "{}"));
        try (Monitor monitor = quiet(dir, new ManualClock(T0), new MetricCapture()).build()) {
            for (List<PutEventsEntry> entries : List.of(mixed, eleven, List.<PutEventsEntry>of())) {
                PutEventsResult bus = monitor.events().putEvents(entries);
                PutEventsResult noop = dev.monitor.api.Telemetry.noop().events().putEvents(entries);
                assertEquals(withoutIds(bus), withoutIds(noop));
                assertEquals(bus.failedEntryCount(), noop.failedEntryCount());
            }
            assertEquals(1, monitor.events().putEvents(mixed).entries().stream().filter(PutEventsResultEntry::isAccepted).count());
        }
    }

    private static List<String> withoutIds(PutEventsResult result) {
        return result.entries().stream()
                .map(answer -> answer.isAccepted() ? "accepted " + answer.eventId().length() : answer.errorCode() + ": " + answer.errorMessage())
                .toList();
    }

    /** The entry size rule: https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-putevent-size.html. */
    @Test
    void theEntrySizeIsCountedAsEventBridgeCountsIt() {
        PutEventsEntry entry = PutEventsEntry.of("src", "type", "{\"é\":1}").withResources(List.of("r1", "r22"));
        assertEquals(3 + 4 + 8 + 2 + 3, entry.size(), "UTF-8 bytes of source, detail type, detail and each resource");
        assertEquals(entry.size() + 14, entry.withTime(T0).size(), "a time counts 14 bytes");
        String exactly = "{\"a\":\"" + "x".repeat(PutEventsEntry.MAX_SIZE - 8 - 2) + "\"}";
        PutEventsEntry atLimit = PutEventsEntry.of("s", "t", exactly.substring(0, exactly.length()));
        assertEquals(PutEventsEntry.MAX_SIZE, atLimit.size());
        assertTrue(atLimit.problem().isEmpty(), "256 KB is allowed");
        PutEventsEntry over = PutEventsEntry.of("s", "tt", exactly);
        assertEquals("InvalidArgument", over.problem().orElseThrow().errorCode(), "one byte more is not");
    }

    /** "PutEvents will only process nested JSON up to 1000 levels deep" (the PutEvents API reference). */
    @Test
    void aDetailNestedDeeperThanAThousandLevelsIsMalformed() {
        String deepest = "{\"a\":".repeat(999) + "{}" + "}".repeat(999);
        assertTrue(PutEventsEntry.of("s", "t", deepest).problem().isEmpty(), "1000 levels");
        String deeper = "{\"a\":".repeat(1000) + "{}" + "}".repeat(1000);
        assertEquals("MalformedDetail", PutEventsEntry.of("s", "t", deeper).problem().orElseThrow().errorCode(), "1001 levels");
        // Objects and arrays mixed past the first 64 levels: each closer must match its own opener.
        String mixed = "{\"a\":[".repeat(100) + "1" + "]}".repeat(100);
        assertTrue(PutEventsEntry.of("s", "t", mixed).problem().isEmpty(), "200 levels of objects and arrays");
        String crossed = "{\"a\":[".repeat(100) + "1" + "]}".repeat(30) + "}]" + "]}".repeat(69);
        assertEquals("MalformedDetail", PutEventsEntry.of("s", "t", crossed).problem().orElseThrow().errorCode(),
                "an object closed with ']' at level 140");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
