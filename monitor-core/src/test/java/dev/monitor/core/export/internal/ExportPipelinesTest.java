package dev.monitor.core.export.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monitor.api.metrics.Resolution;
import dev.monitor.core.Await;
import dev.monitor.core.config.ConfigNode;
import dev.monitor.core.export.AuditRecord;
import dev.monitor.core.export.Exporter;
import dev.monitor.core.export.ExporterContext;
import dev.monitor.core.export.Signal;
import dev.monitor.core.export.StderrCapture;
import dev.monitor.core.export.TestMetricsProvider;
import dev.monitor.core.files.DataLayout;
import dev.monitor.core.metrics.Datapoint;
import dev.monitor.core.metrics.internal.MetricRegistry;
import dev.monitor.testing.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportPipelinesTest {
    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final MetricRegistry registry = new MetricRegistry("Shop", ManualClock.at("2026-11-22T10:00:00Z"),
            Resolution.STANDARD, 100);
    private final List<String> problems = new ArrayList<>();
    /** Lets every stuck exporter go at the end, so that no test leaves a blocked thread behind. */
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void releaseStuckExporters() {
        release.countDown();
        TestMetricsProvider.made.clear();
    }

    /** Blocks in export until the test ends, ignoring interrupts: as stuck as an exporter gets. */
    private Exporter<Datapoint> stuck(CountDownLatch exporting) {
        return batch -> {
            exporting.countDown();
            boolean interrupted = false;
            while (true) {
                try {
                    release.await();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        };
    }

    private List<Datapoint> batch() {
        registry.counter("Orders").increment();
        return registry.collect(Resolution.STANDARD, T0).stream().filter(d -> d.metric().namespace().equals("Shop")).toList();
    }

    private List<ConfigNode> entries(String yamlishJson) throws Exception {
        return ConfigNode.root(JSON.readValue(yamlishJson, new com.fasterxml.jackson.core.type.TypeReference<java.util.Map<String, Object>>() { }),
                problems).list("exporters");
    }

    private ExporterContext context(String name) {
        return new ExporterContext(name, new DataLayout(dir), ManualClock.at("2026-11-22T10:00:00Z"), registry.forNamespace("Monitor"));
    }

    @Test
    void aStuckExporterStallsNoOtherAndCloseReturnsWithinItsBoundNamingWhatItAbandoned() throws Exception {
        CountDownLatch exporting = new CountDownLatch(1);
        List<Datapoint> received = Collections.synchronizedList(new ArrayList<>());
        ExportPipelines pipelines = new ExportPipelines.Builder()
                .add(Signal.METRICS, "stuck", stuck(exporting))
                .add(Signal.METRICS, "good", received::addAll)
                .start(registry.forNamespace("Monitor"), 1, Duration.ofMillis(1));
        List<Datapoint> batch = batch();
        for (int i = 0; i < 3; i++) {
            pipelines.of(Signal.METRICS).submit(batch);
        }
        assertTrue(exporting.await(10, TimeUnit.SECONDS), "the stuck exporter took its first batch");
        Await.until(Duration.ofSeconds(10), () -> received.size() >= 3 * batch.size(),
                () -> "the good exporter exported every batch while the other was stuck: " + received.size());
        try (StderrCapture stderr = new StderrCapture()) {
            long start = System.nanoTime();
            assertFalse(pipelines.close(Duration.ofMillis(300)));
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(tookMillis < 3_000, "close returned after " + tookMillis + " ms");
            String log = stderr.text();
            assertEquals(1, log.split("WARN", -1).length - 1, "one warning: " + log);
            assertTrue(log.contains("closing the monitor gave up after 300ms on exporters that did not finish: "
                    + "metrics exporter 'stuck' (stuck in export, 3 batches, " + 3 * batch.size() + " items not exported)"), log);
            assertFalse(log.contains("'good'"), log);
        }
        assertEquals(3 * batch.size(), received.size());
        double dropped = registry.collect(Resolution.STANDARD, T0).stream()
                .filter(d -> d.metric().name().equals("Dropped") && d.metric().dimensions().toString().contains("value=stuck"))
                .mapToDouble(Datapoint::sum).sum();
        assertEquals(3.0 * batch.size(), dropped, "what close abandoned is counted in Monitor/Dropped");
    }

    @Test
    void aStuckAuditExporterCannotHoldUpClose() throws Exception {
        Exporter<Datapoint> stuck = stuck(new CountDownLatch(1));
        Exporter<AuditRecord> stuckInClose = new Exporter<>() {
            @Override
            public void export(List<AuditRecord> batch) {
            }

            @Override
            public void close() throws java.io.IOException {
                stuck.export(List.of());
            }
        };
        ExportPipelines pipelines = new ExportPipelines.Builder().add(Signal.AUDIT, "trail", stuckInClose)
                .start(registry.forNamespace("Monitor"), 1, Duration.ofMillis(1));
        try (StderrCapture stderr = new StderrCapture()) {
            long start = System.nanoTime();
            assertFalse(pipelines.close(Duration.ofMillis(200)));
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(3));
            assertTrue(stderr.text().contains("audit exporter 'trail' (stuck in close, 0 batches, 0 items not exported)"), stderr.text());
        }
    }

    @Test
    void entriesChooseTheirSignalsAndEveryWrongOneIsReportedWithItsPath() throws Exception {
        List<ConfigNode> entries = entries("""
                {"exporters": [
                  {"type": "test-metrics", "name": "a", "signals": ["metrics"]},
                  {"type": "test-metrics", "name": "b", "signals": ["metrics", "spans"]},
                  {"type": "emf", "signals": ["logs"]},
                  {"type": "test-metrics", "name": "a"},
                  {"type": "test-metrics", "name": "c", "signals": ["METRICS"], "label": "upper"}
                ]}""");
        ExportPipelines pipelines = new ExportPipelines.Builder().configure(entries, this::context)
                .start(registry.forNamespace("Monitor"), 1, Duration.ofMillis(1));
        try {
            assertEquals(List.of(
                    "exporters[1].signals: 'spans' is not a signal; signals are [metrics, logs, traces, audit, events, profiles]",
                    "exporters[2].signals: exporter type 'emf' cannot export logs; it exports [metrics]",
                    "exporters[3].name: exporter name 'a' is used twice for metrics; give each exporter a unique name"), problems);
            assertEquals(List.of("a", "b", "c"), TestMetricsProvider.made.stream().map(TestMetricsProvider.Made::name).toList(),
                    "an entry's valid signals still export; the duplicate and the emf entry that took no signal make nothing");
            assertEquals("upper", TestMetricsProvider.made.get(2).label());
            assertFalse(pipelines.of(Signal.LOGS).hasExporters());
        } finally {
            pipelines.close();
        }
    }

    @Test
    void aConfiguredEntryOfADefaultsTypeReplacesTheDefaultWithItsSettings() throws Exception {
        List<ConfigNode> entries = entries("""
                {"exporters": [{"type": "test-metrics", "label": "from the file"}]}""");
        boolean[] defaultMade = {false};
        ExportPipelines pipelines = new ExportPipelines.Builder().configure(entries, this::context)
                .addDefault(Signal.METRICS, "test-metrics", () -> {
                    defaultMade[0] = true;
                    return batch -> {
                    };
                })
                .addDefault(Signal.LOGS, "test-metrics", () -> batch -> {
                })
                .start(registry.forNamespace("Monitor"), 1, Duration.ofMillis(1));
        try {
            assertEquals(List.of(), problems);
            assertFalse(defaultMade[0], "the configured entry took the default's place");
            assertTrue(pipelines.of(Signal.LOGS).hasExporters(), "a default of a signal the entry does not take stays");
            List<Datapoint> batch = batch();
            pipelines.of(Signal.METRICS).submit(batch);
            assertTrue(pipelines.flush(Duration.ofSeconds(5)));
            assertEquals(1, TestMetricsProvider.made.size());
            assertEquals("from the file", TestMetricsProvider.made.get(0).label());
            assertEquals(batch, TestMetricsProvider.made.get(0).received());
        } finally {
            pipelines.close();
        }
    }

    @Test
    void aDefaultStaysWhenNoEntryOfItsTypeIsConfigured() {
        List<Datapoint> received = Collections.synchronizedList(new ArrayList<>());
        ExportPipelines pipelines = new ExportPipelines.Builder().configure(List.of(), this::context)
                .addDefault(Signal.METRICS, "test-metrics", () -> received::addAll)
                .start(registry.forNamespace("Monitor"), 1, Duration.ofMillis(1));
        try {
            List<Datapoint> batch = batch();
            pipelines.of(Signal.METRICS).submit(batch);
            assertTrue(pipelines.flush(Duration.ofSeconds(5)));
            assertEquals(batch, received);
        } finally {
            pipelines.close();
        }
    }
}
