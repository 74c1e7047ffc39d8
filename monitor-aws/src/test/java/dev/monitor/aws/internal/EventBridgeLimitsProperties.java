package dev.monitor.aws.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;

/** PutEvents requests keep every entry, in order, within 10 entries and 262,144 bytes of EventBridge's entry sizes. */
class EventBridgeLimitsProperties {
    @Property(tries = 50)
    void requestsStayWithinTheLimits(@ForAll @Size(max = 40) List<@IntRange(min = 0, max = 140_000) Integer> paddings) {
        List<EventBridgeExporter.Entry> entries = paddings.stream()
                .map(p -> {
                    PutEventsRequestEntry e = EventBridgeExporter.entry(EventBridgeExporterTest.event(p).json()).build();
                    return new EventBridgeExporter.Entry(e, EventBridgeExporter.size(e), 0);
                }).toList();
        List<List<EventBridgeExporter.Entry>> requests = Batches.split(entries, new Batches.Limits(EventBridgeExporter.MAX_ENTRIES, EventBridgeExporter.MAX_BYTES, 0),
                EventBridgeExporter.Entry::bytes);
        assertEquals(entries, requests.stream().flatMap(List::stream).toList());
        for (List<EventBridgeExporter.Entry> request : requests) {
            assertTrue(request.size() <= 10);
            assertTrue(request.stream().mapToLong(EventBridgeExporter.Entry::bytes).sum() <= 262_144);
        }
    }
}
