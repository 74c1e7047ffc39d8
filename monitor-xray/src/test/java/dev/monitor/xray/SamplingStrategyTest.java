package dev.monitor.xray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monitor.api.trace.Segment;
import dev.monitor.core.Monitor;
import dev.monitor.core.config.ConfigException;
import dev.monitor.core.config.ConfigNode;
import dev.monitor.testing.ManualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sampling SPI: {@code traces: {sampling: {type: ...}}} picks a {@link SamplingStrategyProvider}
 * found by ServiceLoader (here a test one, {@code counting}, registered in the test resources); the
 * tracer asks it about each new trace with the segment's name and request, gives it the monitor's
 * background lane and local rules, and closes it with the monitor.
 */
class SamplingStrategyTest {
    private static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");

    /** Records each request; samples those whose path starts with {@code prefix}; polls once on the background lane. */
    public static final class CountingProvider implements SamplingStrategyProvider {
        static final List<SamplingRequest> REQUESTS = new CopyOnWriteArrayList<>();
        static final AtomicBoolean CLOSED = new AtomicBoolean();
        static volatile CountDownLatch polled = new CountDownLatch(1);
        static volatile String pollThread;
        static volatile SamplingStrategy local;

        @Override
        public String type() {
            return "counting";
        }

        @Override
        public Factory read(ConfigNode section) {
            String prefix = section.requiredString("prefix");
            section.rejectUnknownKeys();
            return context -> {
                local = context.local();
                context.background().schedule(() -> {
                    pollThread = Thread.currentThread().getName();
                    polled.countDown();
                }, 0, TimeUnit.MILLISECONDS);
                return new SamplingStrategy() {
                    @Override
                    public boolean sample(SamplingRequest request) {
                        REQUESTS.add(request);
                        return request.urlPath() != null && request.urlPath().startsWith(prefix);
                    }

                    @Override
                    public void close() {
                        CLOSED.set(true);
                    }
                };
            };
        }
    }

    @TempDir
    Path dir;

    @Test
    void theConfiguredTypeDecidesRunsInTheBackgroundAndClosesWithTheMonitor() throws Exception {
        CountingProvider.REQUESTS.clear();
        CountingProvider.CLOSED.set(false);
        CountingProvider.polled = new CountDownLatch(1);
        Path config = Files.writeString(dir.resolve("monitor.yaml"), """
                traces:
                  daemonAddress: "off"
                  sampling: {type: counting, prefix: /orders}
                """);
        try (Monitor monitor = Monitor.builder().config(config).dataDir(dir.resolve("data")).clock(new ManualClock(T0))
                .tickEvery(Duration.ZERO).build()) {
            XRayTracer tracer = (XRayTracer) monitor.tracer();
            try (Segment kept = tracer.beginSegment("shop", null, "shop.example.com", "POST", "/orders/1");
                 Segment dropped = tracer.beginSegment("shop", null, "shop.example.com", "GET", "/health")) {
                assertTrue(kept.sampled());
                assertFalse(dropped.sampled());
            }
            try (Segment upstream = tracer.beginSegment("shop", "Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1", null, null,
                    "/health")) {
                assertTrue(upstream.sampled(), "an upstream decision is honoured without asking");
            }
            assertEquals(List.of(SamplingRequest.of("shop", "shop.example.com", "POST", "/orders/1"),
                    SamplingRequest.of("shop", "shop.example.com", "GET", "/health")), CountingProvider.REQUESTS);
            assertTrue(CountingProvider.polled.await(5, TimeUnit.SECONDS), "the background lane ran the poll");
            assertEquals("monitor-scheduler-io", CountingProvider.pollThread);
            assertNotNull(CountingProvider.local, "the local rules are handed over as the fallback");
            assertFalse(CountingProvider.CLOSED.get());
        }
        assertTrue(CountingProvider.CLOSED.get(), "closed with the monitor");
    }

    @Test
    void anUnknownTypeAndBadSettingsAreConfigurationProblems() throws Exception {
        Path config = Files.writeString(dir.resolve("bad.yaml"), """
                traces:
                  sampling: {type: centralised}
                """);
        String message = assertThrows(ConfigException.class, () -> Monitor.builder().config(config).dataDir(dir).build()).getMessage();
        assertTrue(message.contains("traces.sampling.type: 'centralised' is not a sampling type on the class path; types: "
                + "[counting, local]"), message);
        Path missing = Files.writeString(dir.resolve("missing.yaml"), """
                traces:
                  sampling: {type: counting, colour: blue}
                """);
        message = assertThrows(ConfigException.class, () -> Monitor.builder().config(missing).dataDir(dir).build()).getMessage();
        assertTrue(message.contains("traces.sampling.prefix: required"), message);
        assertTrue(message.contains("traces.sampling.colour: unknown setting"), message);
        Path local = Files.writeString(dir.resolve("local.yaml"), """
                traces:
                  sampling: {type: local, rate: 1}
                """);
        message = assertThrows(ConfigException.class, () -> Monitor.builder().config(local).dataDir(dir).build()).getMessage();
        assertTrue(message.contains("traces.sampling.rate: unknown setting"), message);
    }

    @Test
    void codeChoosesATypeWithItsSettingsAsTheSectionWould() {
        XRaySettings settings = XRaySettings.builder().daemonAddress("off").sampling("counting", Map.of("prefix", "/a")).build();
        assertEquals("counting", settings.samplingType());
        assertEquals("local", XRaySettings.builder().daemonAddress("off").build().samplingType());
        String message = assertThrows(IllegalArgumentException.class,
                () -> XRaySettings.builder().sampling("counting", Map.of("prefix", "/a", "colour", "blue"))).getMessage();
        assertTrue(message.contains("sampling.colour: unknown setting"), message);
        message = assertThrows(IllegalArgumentException.class, () -> XRaySettings.builder().sampling("centralized", Map.of()))
                .getMessage();
        assertTrue(message.contains("'centralized' is not a sampling type on the class path") && message.contains("monitor-aws"),
                message);
    }
}
