package dev.monitor.core.export.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monitor.api.metrics.Resolution;
import dev.monitor.core.export.Exporter;
import dev.monitor.core.export.Signal;
import dev.monitor.core.export.StderrCapture;
import dev.monitor.core.metrics.Datapoint;
import dev.monitor.core.metrics.internal.MetricRegistry;
import dev.monitor.testing.ManualClock;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ExportPipelineTest {
    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    private final MetricRegistry registry = new MetricRegistry("Shop", ManualClock.at("2026-11-22T10:00:00Z"),
            Resolution.STANDARD, 100);

    private Map<String, Double> selfMetrics() {
        return registry.collect(Resolution.STANDARD, T0).stream()
                .filter(d -> d.metric().namespace().equals("Monitor"))
                .collect(Collectors.toMap(d -> d.metric().name() + d.metric().dimensions(), Datapoint::sum));
    }

    @Test
    void aFailingExporterIsRetriedCountedAndDoesNotStopTheOthers() {
        List<Datapoint> received = new ArrayList<>();
        int[] calls = {0};
        Exporter<Datapoint> failing = batch -> {
            calls[0]++;
            throw new IOException("disk full");
        };
        Exporter<Datapoint> working = received::addAll;
        registry.counter("Orders").increment();
        List<Datapoint> batch = registry.collect(Resolution.STANDARD, T0).stream()
                .filter(d -> d.metric().namespace().equals("Shop")).toList();
        try (StderrCapture stderr = new StderrCapture();
             ExportPipeline<Datapoint> exporters = new ExportPipeline<>(Signal.METRICS, List.of(new ExportPipeline.Named<>("bad", failing),
                new ExportPipeline.Named<>("good", working)), registry.forNamespace("Monitor"), 3, Duration.ofMillis(1))) {
            exporters.submit(batch);
            assertTrue(exporters.flush(Duration.ofSeconds(5)));
            assertTrue(stderr.text().contains("metrics exporter 'bad' failed 3 times; dropped a batch of 1"), stderr.text());
        }
        assertEquals(3, calls[0]);
        assertEquals(batch, received);
        Map<String, Double> self = selfMetrics();
        assertEquals(3.0, self.get("ExporterErrors[Dimension[name=Exporter, value=bad], Dimension[name=Signal, value=metrics]]"));
        assertEquals(1.0, self.get("Dropped[Dimension[name=Exporter, value=bad], Dimension[name=Signal, value=metrics]]"));
        assertEquals(0.0, self.get("Dropped[Dimension[name=Exporter, value=good], Dimension[name=Signal, value=metrics]]"));
    }

    @Test
    void aStalledExporterDropsAndCountsWhatDoesNotFitItsQueue() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Exporter<Datapoint> stalled = batch -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        registry.counter("Orders").increment();
        List<Datapoint> batch = registry.collect(Resolution.STANDARD, T0);
        try (StderrCapture stderr = new StderrCapture();
             ExportPipeline<Datapoint> exporters = new ExportPipeline<>(Signal.METRICS, List.of(new ExportPipeline.Named<>("slow", stalled)),
                registry.forNamespace("Monitor"), 1, Duration.ofMillis(1))) {
            long start = System.nanoTime();
            for (int i = 0; i < ExportPipeline.QUEUE_CAPACITY + 11; i++) {
                exporters.submit(batch);
            }
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5), "submit never waits for the exporter");
            release.countDown();
            assertEquals(1, stderr.text().split("is 100 batches behind", -1).length - 1, "warned once: " + stderr.text());
        }
        double dropped = selfMetrics().get("Dropped[Dimension[name=Exporter, value=slow], Dimension[name=Signal, value=metrics]]");
        assertTrue(dropped >= 10 * batch.size() && dropped <= 11 * batch.size(), "dropped " + dropped);
    }

    @Test
    void anExporterThreadSurvivesAnOutOfMemoryErrorInOneBatchAndCountsIt() {
        List<Datapoint> received = new ArrayList<>();
        int[] calls = {0};
        Exporter<Datapoint> flaky = batch -> {
            if (++calls[0] <= 2) {
                throw new OutOfMemoryError("Java heap space");
            }
            received.addAll(batch);
        };
        registry.counter("Orders").increment();
        List<Datapoint> batch = registry.collect(Resolution.STANDARD, T0).stream()
                .filter(d -> d.metric().namespace().equals("Shop")).toList();
        try (StderrCapture stderr = new StderrCapture()) {
            try (ExportPipeline<Datapoint> exporters = new ExportPipeline<>(Signal.METRICS, List.of(new ExportPipeline.Named<>("flaky", flaky)),
                    registry.forNamespace("Monitor"), 3, Duration.ofMillis(1))) {
                exporters.submit(batch);
                exporters.submit(batch);
                exporters.submit(batch);
                assertTrue(exporters.flush(Duration.ofSeconds(5)), "the thread is still there to flush");
            }
            assertEquals(batch, received, "the third batch, after two errors, was exported");
            String log = stderr.text();
            assertEquals(1, log.split("threw java.lang.OutOfMemoryError", -1).length - 1, "logged once: " + log);
            assertTrue(log.contains("Monitor/InternalErrors (Thread=monitor-export-metrics-flaky)"), log);
            assertTrue(!log.contains("\tat "), "no stack trace: " + log);
        }
        Map<String, Double> self = selfMetrics();
        assertEquals(2.0, self.get("InternalErrors[Dimension[name=Thread, value=monitor-export-metrics-flaky]]"));
        assertEquals(2.0, self.get("Dropped[Dimension[name=Exporter, value=flaky], Dimension[name=Signal, value=metrics]]"));
    }
}
