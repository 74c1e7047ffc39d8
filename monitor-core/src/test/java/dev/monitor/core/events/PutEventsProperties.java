package dev.monitor.core.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monitor.api.events.PutEventsEntry;
import dev.monitor.api.events.PutEventsResult;
import dev.monitor.api.events.PutEventsResultEntry;
import dev.monitor.core.Monitor;
import dev.monitor.testing.ManualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/** A put never throws, answers every entry, and refuses exactly the entries PutEvents refuses. */
class PutEventsProperties {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Monitor monitor;

    @BeforeContainer
    static void start() throws Exception {
        Path dir = Files.createTempDirectory("put-events-properties");
        monitor = Monitor.builder().dataDir(dir).clock(new ManualClock(Instant.parse("2026-12-02T10:00:00Z")))
                .tickEvery(java.time.Duration.ZERO).events(EventSettings.builder().queueCapacity(1 << 20).bus("orders").build()).build();
    }

    @AfterContainer
    static void stop() {
        monitor.close();
    }

    @Property(tries = 200)
    void aPutNeverThrowsAndAnswersEachEntry(@ForAll("entries") List<PutEventsEntry> entries) {
        PutEventsResult result = monitor.events().putEvents(entries);
        if (entries.size() > 10) {
            assertEquals(entries.size(), result.failedEntryCount());
            return;
        }
        assertEquals(entries.size(), result.entries().size());
        int failed = 0;
        for (int i = 0; i < entries.size(); i++) {
            PutEventsEntry entry = entries.get(i);
            PutEventsResultEntry answer = result.entries().get(i);
            Optional<PutEventsResultEntry> problem = entry == null ? Optional.of(answer) : entry.problem();
            boolean busExists = entry == null || entry.eventBusName() == null || entry.eventBusName().endsWith("orders")
                    || entry.eventBusName().equals("default");
            if (problem.isPresent() || !busExists) {
                failed++;
                assertNull(answer.eventId());
                assertNotNull(answer.errorCode());
                assertNotNull(answer.errorMessage());
                problem.ifPresent(p -> assertEquals(p, answer));
            } else {
                assertEquals(answer.eventId(), UUID.fromString(answer.eventId()).toString(), "an accepted entry gets a UUID");
                assertNull(answer.errorCode());
            }
        }
        assertEquals(failed, result.failedEntryCount());
    }

    /** The put's own check of a detail agrees with a JSON parser on what is one JSON object. */
    @Property(tries = 1000)
    void aDetailIsMalformedExactlyWhenItIsNotOneJsonObject(@ForAll("details") String detail) {
        boolean isObject;
        try {
            JsonNode parsed = JSON.reader().with(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(detail);
            isObject = parsed != null && parsed.isObject();
        } catch (Exception e) {
            isObject = false;
        }
        Optional<PutEventsResultEntry> problem = PutEventsEntry.of("s", "t", detail).problem();
        if (detail.isEmpty()) {
            assertEquals("InvalidArgument", problem.orElseThrow().errorCode());
        } else {
            assertEquals(isObject ? Optional.empty() : Optional.of(PutEventsResultEntry.failed("MalformedDetail", "Detail is malformed.")),
                    problem, detail);
        }
    }

    @Provide
    Arbitrary<List<PutEventsEntry>> entries() {
        Arbitrary<String> text = Arbitraries.oneOf(Arbitraries.just(null), Arbitraries.just(""), Arbitraries.strings().ofMaxLength(140),
                Arbitraries.of("shop", "shop.orders", "Order Placed"));
        Arbitrary<String> buses = Arbitraries.of(null, "default", "orders", "missing", "bad name!", "",
                "arn:aws:events:eu-west-1:123456789012:event-bus/orders");
        Arbitrary<List<String>> resources = Arbitraries.oneOf(Arbitraries.just(null),
                Arbitraries.strings().ofMaxLength(20).injectNull(0.1).list().ofMaxSize(3).map(ArrayList::new));
        Arbitrary<Instant> times = Arbitraries.oneOf(Arbitraries.just(null), Arbitraries.longs().between(0, 4_000_000_000L).map(Instant::ofEpochSecond));
        Arbitrary<PutEventsEntry> entry = Combinators.combine(text, text, details(), resources, times, buses, Arbitraries.of(null, "", "Root=1-x"))
                .as(PutEventsEntry::new);
        return entry.injectNull(0.05).list().ofMaxSize(12);
    }

    @Provide
    Arbitrary<String> details() {
        Arbitrary<String> tokens = Arbitraries.of("{", "}", "[", "]", "\"a\"", "\"é\"", ":", ",", "1", "-0.5e3", "01", "true", "nul", "null",
                " ", "\t", "\"x", "\"\\n\"", "\"\\q\"", "\u0001", "1.", "-", "\"\\u00e9\"", "}{").list().ofMaxSize(14)
                .map(parts -> String.join("", parts));
        Arbitrary<String> objects = Arbitraries.recursive(
                () -> Arbitraries.oneOf(Arbitraries.integers().map(String::valueOf), Arbitraries.strings().ofMaxLength(5).map(PutEventsProperties::quote),
                        Arbitraries.of("true", "false", "null", "1.5e-3")),
                inner -> Arbitraries.oneOf(
                        inner.list().ofMaxSize(3).map(values -> "[" + String.join(", ", values) + "]"),
                        Combinators.combine(Arbitraries.strings().alpha().ofMaxLength(4), inner).as((k, v) -> quote(k) + ": " + v)
                                .list().ofMaxSize(3).map(members -> "{" + String.join(",", members) + "}")),
                0, 4).map(value -> "{\"v\": " + value + "}");
        return Arbitraries.oneOf(tokens, objects, objects.map(o -> " " + o + "\n"), objects.map(o -> o + "x"));
    }

    private static String quote(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
