package dev.monitor.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monitor.core.config.ConfigException;
import dev.monitor.core.export.Exporter;
import dev.monitor.core.export.LogEvent;
import dev.monitor.core.export.Signal;
import dev.monitor.core.export.TestMetricsProvider;
import dev.monitor.testing.ManualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exporters list of a configuration file, and exporters given in code, as a user wires them. */
class MonitorExportersTest {
    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    @TempDir
    Path dir;

    @AfterEach
    void forgetMadeExporters() {
        TestMetricsProvider.made.clear();
    }

    private Monitor.Builder quiet() {
        Monitor.Builder builder = QuietMonitor.builder(dir, new ManualClock(T0));
        return builder;
    }

    @Test
    void everyProblemOfTheExportersListIsReportedWithItsPath() throws Exception {
        Path config = dir.resolve("monitor.yaml");
        Files.writeString(config, """
                exporters:
                  - type: emf
                    signals: [metrics, logs]
                  - type: jsonl
                    signals: [spans]
                  - type: test-metrics
                    name: mine
                  - type: test-metrics
                    name: mine
                    signals: metrics
                """);
        ConfigException e = assertThrows(ConfigException.class, () -> quiet().config(config).build());
        assertEquals(List.of(
                "exporters[0].signals: exporter type 'emf' cannot export logs; it exports [metrics]",
                "exporters[1].signals: 'spans' is not a signal; signals are [metrics, logs, traces, audit, events, profiles]",
                "exporters[3].signals: must be a list of text values, not 'metrics'"), e.problems());
    }

    @Test
    void exporterOfTypeTakesSignalsLikeAnEntryOfTheFile() {
        ConfigException e = assertThrows(ConfigException.class, () -> quiet()
                .exporterOfType("emf", Map.of("signals", List.of("metrics", "audit"))).build());
        assertEquals(List.of("exporterOfType(emf).signals: exporter type 'emf' cannot export audit; it exports [metrics]"),
                e.problems());
        Monitor monitor = quiet().exporterOfType("test-metrics", Map.of("signals", List.of("metrics"), "label", "code")).build();
        monitor.metrics().counter("Orders").increment();
        monitor.close(); // ends the period early and exports it
        assertEquals(1, TestMetricsProvider.made.size());
        assertEquals("code", TestMetricsProvider.made.get(0).label());
        assertTrue(TestMetricsProvider.made.get(0).received().stream().anyMatch(d -> d.metric().name().equals("Orders")));
    }

    @Test
    void namesAreUniquePerSignalInCode() {
        Exporter<LogEvent> logs = batch -> { };
        Monitor.Builder builder = quiet().exporter(Signal.LOGS, "mine", logs).exporter("mine", batch -> { });
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> builder.exporter(Signal.LOGS, "mine", logs));
        assertEquals("logs exporter name 'mine' is already used; names must be unique", e.getMessage());
    }
}
