package dev.monitor.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monitor.api.metrics.Counter;
import dev.monitor.api.metrics.Dimension;
import dev.monitor.api.metrics.Resolution;
import dev.monitor.api.metrics.Timer;
import dev.monitor.core.config.ConfigException;
import dev.monitor.core.export.EmfReader;
import dev.monitor.core.export.Exporter;
import dev.monitor.core.metrics.BuiltinMetrics;
import dev.monitor.core.metrics.Datapoint;
import dev.monitor.core.metrics.MetricStatistics;
import dev.monitor.core.metrics.StatisticsQuery;
import dev.monitor.testing.ManualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MonitorTest {
    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    @TempDir
    Path dir;

    /** Keeps every batch it is given. */
    static final class Capture implements Exporter<Datapoint> {
        final List<Datapoint> datapoints = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void export(List<Datapoint> batch) {
            datapoints.addAll(batch);
        }

        List<Datapoint> named(String name) {
            synchronized (datapoints) {
                return datapoints.stream().filter(d -> d.metric().name().equals(name)).toList();
            }
        }
    }

    private Monitor.Builder quiet(ManualClock clock) {
        Monitor.Builder builder = Monitor.builder().namespace("Shop").dataDir(dir).clock(clock).tickEvery(Duration.ZERO);
        for (BuiltinMetrics.Group group : BuiltinMetrics.Group.values()) {
            builder.builtin(group, false);
        }
        return builder;
    }

    @Test
    void periodsEndOnTheInjectedClock() {
        ManualClock clock = new ManualClock(T0.plusSeconds(30));
        Capture capture = new Capture();
        try (Monitor monitor = quiet(clock).exporter("capture", capture).build()) {
            Counter orders = monitor.metrics().counter("Orders");
            Counter fast = monitor.metrics().counterBuilder("Clicks").resolution(Resolution.HIGH).register();
            orders.increment();
            fast.increment();
            clock.advance(Duration.ofMillis(29_999));
            monitor.flush(Duration.ofSeconds(5));
            assertEquals(List.of(), capture.named("Orders"), "10:00:59.999 is still in the first minute");
            assertEquals(List.of(T0.plusSeconds(30)), capture.named("Clicks").stream().map(Datapoint::timestamp).toList(),
                    "the 1-second period 10:00:30 ended");
            clock.advance(Duration.ofMillis(1));
            monitor.flush(Duration.ofSeconds(5));
            assertEquals(1, capture.named("Orders").size());
            assertEquals(T0, capture.named("Orders").get(0).timestamp());
            assertEquals(1.0, capture.named("Orders").get(0).sum());
            orders.increment(5);
        }
        List<Datapoint> orders = capture.named("Orders");
        assertEquals(2, orders.size(), "close() flushed the unfinished period");
        assertEquals(T0.plusSeconds(60), orders.get(1).timestamp());
        assertEquals(5.0, orders.get(1).sum());
    }

    @Test
    void writesEmfFilesThatReadBackIntoTheSameStatistics() throws Exception {
        Path config = dir.resolve("monitor.yaml");
        Files.writeString(config, """
                namespace: Shop
                dataDir: %s
                metrics:
                  builtin: {memory: false, gc: false, threads: false, classes: false, process: false, system: false}
                exporters:
                  - type: emf
                  - type: jsonl
                """.formatted(dir.resolve("data")));
        ManualClock clock = new ManualClock(T0);
        try (Monitor monitor = Monitor.builder().config(config).clock(clock).tickEvery(Duration.ZERO).build()) {
            Timer latency = monitor.metrics().timerBuilder("Latency").dimension("Operation", "buy").register();
            for (int i = 1; i <= 250; i++) {
                latency.record(i, TimeUnit.MILLISECONDS);
            }
            clock.advance(Duration.ofMinutes(1));
            assertTrue(monitor.flush(Duration.ofSeconds(5)));

            StatisticsQuery query = new StatisticsQuery("Shop", "Latency", List.of(new Dimension("Operation", "buy")),
                    T0, T0.plusSeconds(60), 60, List.of("SampleCount", "Minimum", "Maximum"), List.of("p50", "p99"));
            MetricStatistics inMemory = monitor.getStatistics(query);
            EmfReader.Result files = EmfReader.readDirectory(dir.resolve("data/metrics"));
            assertEquals(List.of(), files.problems());
            MetricStatistics fromFiles = dev.monitor.core.metrics.Statistics.answer(query, files.datapoints());
            MetricStatistics.Point memoryPoint = inMemory.datapoints().get(0);
            MetricStatistics.Point filePoint = fromFiles.datapoints().get(0);
            assertEquals(250.0, filePoint.statistics().get("SampleCount"));
            assertEquals(memoryPoint.statistics().get("SampleCount"), filePoint.statistics().get("SampleCount"));
            assertEquals(memoryPoint.extendedStatistics(), filePoint.extendedStatistics());
            assertEquals(125.0, filePoint.extendedStatistics().get("p50"), 1.25);
            assertEquals(1.0, filePoint.statistics().get("Minimum"), 0.01);
            assertEquals(250.0, filePoint.statistics().get("Maximum"), 2.5);
            try (var listing = Files.list(dir.resolve("data/metrics"))) {
                assertEquals(2, listing.count(), "one EMF and one JSON-lines file");
            }
        }
    }

    /** The README's test example, as written there: a moved clock, flush, and the statistics read back. */
    @Test
    void aTestMovesTheClockFlushesAndReadsTheStatisticsBack() {
        ManualClock clock = ManualClock.at("2026-01-01T00:00:00Z");
        try (Monitor monitor = Monitor.builder().namespace("Shop").dataDir(dir).clock(clock).build()) {
            monitor.metrics().counter("OrdersPlaced", "Region", "eu").increment();
            clock.advance(Duration.ofMinutes(1));
            assertTrue(monitor.flush(Duration.ofSeconds(10)));
            MetricStatistics placed = monitor.getStatistics(new StatisticsQuery("Shop", "OrdersPlaced",
                    List.of(new Dimension("Region", "eu")), clock.instant().minusSeconds(60), clock.instant(), 60,
                    List.of("Sum"), List.of()));
            assertEquals(1, placed.datapoints().size());
            assertEquals(1.0, placed.datapoints().get(0).statistics().get("Sum"));
        }
    }

    /** Users get the API's instruments and end periods with flush; the registry and collect() are the monitor's own. */
    @Test
    void theMonitorsSurfaceIsTheApisMetricsWithoutCollect() throws Exception {
        assertEquals(dev.monitor.api.metrics.Metrics.class, Monitor.class.getMethod("metrics").getReturnType());
        assertFalse(java.lang.reflect.Modifier.isPublic(Monitor.class.getDeclaredMethod("collect").getModifiers()),
                "collect() is not API: flush(timeout) ends the periods that are over");
    }

    @Test
    void theConfigsNameLimitFoldsFurtherNamesIntoTheOverflowMetric() throws Exception {
        Path config = dir.resolve("monitor.yaml");
        Files.writeString(config, """
                namespace: Shop
                dataDir: %s
                metrics:
                  nameLimit: 2
                  builtin: {memory: false, gc: false, threads: false, classes: false, process: false, system: false}
                """.formatted(dir.resolve("data")));
        try (Monitor monitor = Monitor.builder().config(config).clock(new ManualClock(T0)).tickEvery(Duration.ZERO).build();
             dev.monitor.core.export.StderrCapture stderr = new dev.monitor.core.export.StderrCapture()) {
            for (String name : List.of("A", "B", "C", "D")) {
                monitor.metrics().counter(name).increment();
            }
            assertEquals(2, monitor.registry().nameCount(), "C and D folded into MetricNameOverflow");
            assertTrue(stderr.text().contains("holds 2 metric names, its limit"), stderr.text());
        }
        assertThrows(IllegalArgumentException.class, () -> Monitor.builder().metricNameLimit(0));
    }

    @Test
    void everyConfigProblemIsReportedAtOnceWithItsPath() throws Exception {
        Path config = dir.resolve("monitor.yaml");
        Files.writeString(config, """
                namespace: "AWS/Mine"
                metrics:
                  resolution: hourly
                  cardinalityLimit: 0
                  builtin: {memory: maybe}
                exporters:
                  - type: emf
                    rotateEvery: soon
                  - rotateBytes: 10MB
                  - type: cloudwatch
                  - type: jsonl
                    retention: 7d
                    colour: blue
                extra: 1
                """);
        ConfigException e = assertThrows(ConfigException.class, () -> Monitor.fromConfig(config));
        assertEquals(List.of(
                "metrics.resolution: 'hourly' is not one of standard, high",
                "metrics.cardinalityLimit: 0 is out of range; allowed 1 to 1000000",
                "metrics.builtin.memory: must be true or false, not 'maybe'",
                "extra: unknown setting; expected one of namespace, dataDir, metrics, dashboard, exporters, account, region, traces, logs, alarmActions, alarms, compositeAlarms, dashboards, closeTimeout",
                "exporters[0].rotateEvery: 'soon' is not a positive duration such as 500ms, 30s, 5m, 1h or 7d",
                "exporters[1].type: required",
                "exporters[2].type: unknown exporter type 'cloudwatch'; known types: cloudtrail-files, emf, emf-stdout, jsonl, log-files, test-metrics "
                        + "(an artifact such as monitor-aws adds more when it is on the classpath)",
                "exporters[3].colour: unknown setting; expected one of type, name, directory, rotateBytes, rotateEvery, retention",
                "namespace: namespace 'AWS/Mine' starts with 'AWS/', which CloudWatch reserves for AWS services"),
                e.problems());
        assertTrue(e.getMessage().startsWith("invalid configuration in " + config));
    }

    @Test
    void exportersAddedInCodeAreCheckedLikeConfiguredOnes() {
        ConfigException e = assertThrows(ConfigException.class, () -> quiet(new ManualClock(T0))
                .exporterOfType("emf", java.util.Map.of("retention", "forever")).exporterOfType("kafka", java.util.Map.of())
                .build());
        assertEquals(List.of(
                "exporterOfType(emf).retention: 'forever' is not a positive duration such as 500ms, 30s, 5m, 1h or 7d",
                "exporterOfType(kafka).type: unknown exporter type 'kafka'; known types: cloudtrail-files, emf, emf-stdout, jsonl, log-files, test-metrics "
                        + "(an artifact such as monitor-aws adds more when it is on the classpath)"), e.problems());
    }

    @Test
    void malformedFilesNameTheLine() throws Exception {
        Path config = dir.resolve("monitor.yaml");
        Files.writeString(config, "namespace: Shop\nexporters: [\n");
        ConfigException e = assertThrows(ConfigException.class, () -> Monitor.fromConfig(config));
        assertTrue(e.problems().get(0).startsWith("line 2, column 13: not valid YAML"), e.problems().get(0));
        ConfigException missing = assertThrows(ConfigException.class, () -> Monitor.fromConfig(dir.resolve("none.json")));
        assertEquals(List.of("(file): does not exist"), missing.problems());
    }

    @Test
    void builtinMetricsReportTheJvm() {
        ManualClock clock = new ManualClock(T0);
        Capture capture = new Capture();
        try (Monitor monitor = Monitor.builder().clock(clock).dataDir(dir).tickEvery(Duration.ZERO)
                .exporter("capture", capture).build()) {
            clock.advance(Duration.ofMinutes(1));
            monitor.flush(Duration.ofSeconds(5));
            assertTrue(capture.named("JvmHeapUsed").get(0).maximum() > 0);
            assertTrue(capture.named("JvmThreads").get(0).maximum() >= 1);
            assertTrue(capture.named("JvmClassesLoaded").get(0).maximum() > 100);
            assertTrue(capture.named("GCCount").size() >= 1, "one per collector");
            assertTrue(capture.named("OpenFileDescriptors").get(0).maximum() > 0);
            if (Files.isReadable(Path.of("/proc/self/io"))) {
                assertEquals(1, capture.named("DiskReadBytes").size());
                assertEquals(1, capture.named("NetworkIn").size());
            }
            Datapoint queueDepth = capture.named("QueueDepth").get(0);
            assertEquals("Monitor", queueDepth.metric().namespace());
            assertEquals(List.of(new Dimension("Exporter", "capture"), new Dimension("Signal", "metrics")), queueDepth.metric().dimensions());
        }
    }

    @Test
    void theCollectorThreadOutlivesAnErrorInATickAndCountsIt() throws Exception {
        ManualClock clock = new ManualClock(T0);
        Capture capture = new Capture();
        java.util.concurrent.atomic.AtomicBoolean thrown = new java.util.concurrent.atomic.AtomicBoolean();
        java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
        java.io.PrintStream err = System.err;
        System.setErr(new java.io.PrintStream(log, true, java.nio.charset.StandardCharsets.UTF_8));
        try (Monitor monitor = quiet(clock).tickEvery(Duration.ofMillis(20)).exporter("capture", capture).build()) {
            monitor.metrics().gaugeBuilder("Flaky").observe(() -> {
                if (thrown.compareAndSet(false, true)) {
                    throw new OutOfMemoryError("simulated in a gauge");
                }
                return 1;
            });
            clock.advance(Duration.ofMinutes(1));
            List<Dimension> collector = List.of(new Dimension("Thread", "monitor-scheduler"));
            Await.until(Duration.ofSeconds(10),
                    () -> capture.named("InternalErrors").stream().anyMatch(d -> d.metric().dimensions().equals(collector)),
                    () -> "a later tick collected the period");
            Datapoint errors = capture.named("InternalErrors").stream()
                    .filter(d -> d.metric().dimensions().equals(collector)).findFirst().orElseThrow();
            assertEquals(1.0, errors.sum());
            assertEquals(0, capture.named("Flaky").size(), "the failed gauge lost its own datapoint, and only that");
            clock.advance(Duration.ofMinutes(1));
            Await.until(Duration.ofSeconds(10), () -> !capture.named("Flaky").isEmpty(),
                    () -> "the collector went on and collected the next period");
        } finally {
            System.setErr(err);
        }
        String logged = log.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(logged.contains("collecting a metric on thread 'monitor-scheduler' threw"), logged);
        assertTrue(logged.contains("simulated in a gauge"), logged);
    }
}
