package dev.monitor.slf4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monitor.api.subscription.Subscription;
import dev.monitor.core.Monitor;
import dev.monitor.core.metrics.BuiltinMetrics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** SLF4J writes to the monitor installed for it, and to no other monitor of the JVM. */
class MonitorSlf4jBindingTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** The monitor the provider built from monitor.yaml for the other tests of this JVM: bound again after each test. */
    private Optional<Monitor> before;
    private final List<Monitor> made = new ArrayList<>();

    @BeforeEach
    void remember() {
        before = MonitorSlf4j.installed();
    }

    @AfterEach
    void restore() {
        made.forEach(Monitor::close);
        before.ifPresent(MonitorSlf4j::install);
    }

    private Monitor monitor(String name) {
        Monitor.Builder builder = Monitor.builder().namespace(name).dataDir(dir.resolve(name));
        for (BuiltinMetrics.Group group : BuiltinMetrics.Group.values()) {
            builder.builtin(group, false);
        }
        Monitor monitor = builder.build();
        made.add(monitor);
        return monitor;
    }

    /** The messages of {@code logger}'s events in a monitor's log files. */
    private static List<JsonNode> events(Monitor monitor, String logger) throws Exception {
        assertTrue(monitor.logs().flush(Duration.ofSeconds(5)));
        List<JsonNode> events = new ArrayList<>();
        Path logs = monitor.logs().directory();
        if (!Files.isDirectory(logs)) {
            return events;
        }
        try (Stream<Path> files = Files.walk(logs)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                try (var in = dev.monitor.core.files.RollingFile.open(file)) {
                    for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                        JsonNode event = line.isBlank() ? null : JSON.readTree(line);
                        if (event != null && event.get("logger").asText().equals(logger)) {
                            events.add(event);
                        }
                    }
                }
            }
        }
        return events;
    }

    private static List<String> messages(List<JsonNode> events) {
        return events.stream().map(e -> e.get("message").asText()).toList();
    }

    @Test
    void onlyTheInstalledMonitorReceivesSlf4jEvents() throws Exception {
        Monitor shop = monitor("Shop");
        Monitor billing = monitor("Billing");
        String name = "com.acme.Orders" + System.nanoTime();
        Logger log = LoggerFactory.getLogger(name);

        Subscription installed = MonitorSlf4j.install(shop);
        assertSame(shop, MonitorSlf4j.installed().orElseThrow());
        log.info("order {} placed", "o-1");
        assertEquals(List.of("order o-1 placed"), messages(events(shop, name)));
        assertEquals(List.of(), messages(events(billing, name)), "a monitor built later does not take SLF4J's events over");

        installed.close();
        installed.close(); // twice is harmless
        assertTrue(MonitorSlf4j.installed().isEmpty(), "nothing is bound after the handle is closed");
        Instant loggedAt = Instant.now();
        log.info("order {} shipped", "o-1");
        assertEquals(List.of("order o-1 placed"), messages(events(shop, name)), "kept while nothing is bound");

        MonitorSlf4j.install(billing);
        List<JsonNode> billed = events(billing, name);
        assertEquals(List.of("order o-1 shipped"), messages(billed), "the kept event goes to the next monitor installed");
        Instant written = Instant.parse(billed.get(0).get("timestamp").asText());
        assertTrue(!written.isBefore(loggedAt.minusSeconds(1)) && !written.isAfter(loggedAt.plusSeconds(1)),
                "with the time it was logged: " + written);
        assertEquals(List.of("order o-1 placed"), messages(events(shop, name)));
    }

    @Test
    void eventsLoggedWhileNothingIsBoundAreKeptUpToTheLimitAndTheRestCounted() throws Exception {
        Monitor shop = monitor("Shop");
        MonitorSlf4j.install(shop).close(); // nothing bound from here
        String name = "com.acme.Startup" + System.nanoTime();
        Logger log = LoggerFactory.getLogger(name);
        for (int i = 0; i < EarlyEvents.CAPACITY + 5; i++) {
            log.info("starting step {}", i);
        }
        MonitorSlf4j.install(shop);
        List<JsonNode> kept = events(shop, name);
        assertEquals(EarlyEvents.CAPACITY, kept.size());
        assertEquals("starting step 0", kept.get(0).get("message").asText(), "the oldest are kept");
        List<JsonNode> warning = events(shop, "dev.monitor.slf4j");
        assertEquals(1, warning.size(), warning.toString());
        assertEquals(5, warning.get(0).get("dropped").asLong());
    }

    @Test
    void aClosedMonitorTakesNoMoreEventsAndAnotherMonitorStaysUntouched() throws Exception {
        Monitor shop = monitor("Shop");
        Monitor billing = monitor("Billing");
        String name = "com.acme.Late" + System.nanoTime();
        Logger log = LoggerFactory.getLogger(name);
        MonitorSlf4j.install(shop);
        shop.close();
        log.error("after the monitor closed"); // neither throws nor blocks
        assertEquals(List.of(), messages(events(billing, name)));
    }
}
