package dev.monitor.core.profiler.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monitor.core.Monitor;
import dev.monitor.core.config.ConfigException;
import dev.monitor.core.export.BusEvent;
import dev.monitor.core.export.ProfileData;
import dev.monitor.core.export.Signal;
import dev.monitor.core.export.StderrCapture;
import dev.monitor.core.metrics.Datapoint;
import dev.monitor.core.metrics.RecentMetric;
import dev.monitor.core.profiler.Anomaly;
import dev.monitor.core.profiler.CollapsedProfile;
import dev.monitor.core.profiler.ProfileKind;
import dev.monitor.core.profiler.Profiler;
import dev.monitor.core.profiler.ProfilerSettings;
import dev.monitor.testing.ManualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The profiler as a monitor runs it: intervals on the monitor's clock, anomalies as metrics, files and bus events, the config section. */
class ProfilerMonitorTest {
    private static final List<String> HOT = List.of("java.lang.Thread.run", "com.shop.Server.handle", "com.shop.Checkout.formatReceipt");
    private static final List<String> OTHER = List.of("java.lang.Thread.run", "com.shop.Server.handle", "com.shop.Inventory.reserve");
    @TempDir
    Path dir;

    @Test
    void aFunctionDepartingFromItsBaselineIsAnAnomalyInTheFilesTheMetricsAndOnTheBus() throws Exception {
        ManualClock clock = ManualClock.at("2026-12-02T10:00:00Z");
        List<ProfileData> profiles = new CopyOnWriteArrayList<>();
        List<BusEvent> events = new CopyOnWriteArrayList<>();
        try (Monitor monitor = Monitor.builder().namespace("Shop").dataDir(dir).clock(clock).tickEvery(Duration.ZERO)
                .profiler(ProfilerSettings.builder().enabled(true).reportingInterval(Duration.ofSeconds(10)).heapSummaryEvery(null).build())
                .exporter(Signal.PROFILES, "capture", profiles::addAll).exporter(Signal.EVENTS, "bus", events::addAll).build()) {
            ProfilerEngine profiler = (ProfilerEngine) monitor.profiler();
            assertTrue(profiler.running());
            assertEquals("Shop", profiler.profilingGroup(), "the namespace, when no group is set");
            profiler.deliveryWait(Duration.ZERO);
            for (int i = 0; i < 5; i++) {
                profiler.record(ProfileKind.CPU, HOT, 2000);
                profiler.record(ProfileKind.CPU, OTHER, 8000);
                clock.advance(Duration.ofSeconds(10));
                Profiler.IntervalReport steady = profiler.endInterval().orElseThrow();
                assertTrue(steady.anomalies().isEmpty(), steady.anomalies().toString());
            }
            profiler.record(ProfileKind.CPU, HOT, 7000);
            profiler.record(ProfileKind.CPU, OTHER, 3000);
            clock.advance(Duration.ofSeconds(10));
            Profiler.IntervalReport report = profiler.endInterval().orElseThrow();
            assertEquals(Instant.parse("2026-12-02T10:00:50Z"), report.start());
            assertEquals(Instant.parse("2026-12-02T10:01:00Z"), report.end());
            Anomaly hot = report.anomalies().stream().filter(a -> a.function().equals("com.shop.Checkout.formatReceipt")).findFirst()
                    .orElseThrow(() -> new AssertionError(report.anomalies()));
            assertEquals(0.2, hot.expectedShare(), 0.01);
            assertEquals(0.7, hot.observedShare(), 0.01);
            assertEquals(report.anomalies(), profiler.anomalies());

            JsonNode file = new ObjectMapper().readTree(dir.resolve("profiles/Shop/anomalies/20261202T100050Z--20261202T100100Z.json").toFile());
            assertEquals("Shop", file.get("profilingGroup").asText());
            assertTrue(file.toString().contains("\"function\":\"com.shop.Checkout.formatReceipt\""), file.toString());
            assertEquals(6, CollapsedProfile.files(dir.resolve("profiles"), "Shop", "cpu", Instant.EPOCH, Instant.MAX).size());

            assertTrue(monitor.flush(Duration.ofSeconds(5)));
            BusEvent event = events.stream().filter(e -> e.json().contains("\"detail-type\":\"Profiler Anomaly\"")
                    && e.json().contains("formatReceipt")).findFirst().orElseThrow(() -> new AssertionError(events));
            assertTrue(event.json().contains("\"source\":\"monitor.profiler\""), event.json());
            assertEquals(6, profiles.stream().filter(p -> p.kind().equals("cpu")).count(), "each interval reached the profiles exporter");
            assertEquals(Instant.parse("2026-12-02T10:00:00Z"), profiles.get(0).start());
            assertTrue(profiles.get(0).collapsed().contains("com.shop.Checkout.formatReceipt 2000"), profiles.get(0).collapsed());

            double anomalies = monitor.recentMetrics().stream().filter(m -> m.metric().name().equals("ProfilerAnomalies"))
                    .map(RecentMetric::datapoints).flatMap(List::stream).mapToDouble(Datapoint::sum).sum();
            assertEquals(report.anomalies().size(), anomalies, 1e-9);
        }
        assertTrue(Files.isDirectory(dir.resolve("profiles/Shop/summaries")));
    }

    @Test
    void theConfigurationEnablesItOrSwitchesItOffForGood() throws Exception {
        Path on = Files.writeString(dir.resolve("on.yaml"), """
                dataDir: %s
                profiler:
                  enabled: true
                  profilingGroup: checkout
                  reportingInterval: 10s
                  heapSummaries: false
                """.formatted(dir.resolve("data")));
        try (Monitor monitor = Monitor.builder().config(on).tickEvery(Duration.ZERO).build()) {
            assertTrue(monitor.profiler().running());
            assertEquals("checkout", monitor.profiler().profilingGroup());
            assertEquals(Duration.ofSeconds(10), monitor.profiler().settings().reportingInterval());
        }
        Path off = Files.writeString(dir.resolve("off.yaml"), "dataDir: " + dir.resolve("data") + "\nprofiler:\n  enabled: false\n");
        try (StderrCapture stderr = new StderrCapture();
             Monitor monitor = Monitor.builder().config(off).profiler(ProfilerSettings.builder().enabled(true).build())
                     .tickEvery(Duration.ZERO).build()) {
            assertFalse(monitor.profiler().running(), "enabled: false in the file is a kill switch");
            monitor.profiler().start();
            assertFalse(monitor.profiler().running());
            assertTrue(stderr.text().contains("the profiler stays off: the configuration's profiler.enabled is false"), stderr.text());
        }
        try (Monitor monitor = Monitor.builder().dataDir(dir.resolve("data")).tickEvery(Duration.ZERO).build()) {
            assertFalse(monitor.profiler().running(), "off unless enabled");
            assertTrue(monitor.profiler().endInterval().isEmpty());
        }
    }

    @Test
    void badSettingsAreEachNamedWithTheRuleTheyBreak() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.yaml"), """
                profiler:
                  enabled: yes please
                  samplingInterval: 5s
                  reportingInterval: 2s
                  cpuBudget: 2
                  allocationSamplesPerSecond: -1
                  sampleRate: 100
                """);
        ConfigException e = assertThrows(ConfigException.class, () -> Monitor.builder().config(bad).build());
        String message = e.getMessage();
        for (String expected : List.of("profiler.enabled: must be true or false", "profiler.samplingInterval: sampling interval PT5S must be",
                "profiler.reportingInterval: reporting interval PT2S must be PT10S to PT1H",
                "profiler.cpuBudget: cpu budget 2.0 must be above 0 and at most 1", "profiler.allocationSamplesPerSecond: -1 is out of range; allowed 0 to 100000", "profiler.sampleRate")) {
            assertTrue(message.contains(expected), expected + " in\n" + message);
        }
        assertThrows(IllegalArgumentException.class, () -> ProfilerSettings.builder().samplingInterval(Duration.ZERO));
    }
}
