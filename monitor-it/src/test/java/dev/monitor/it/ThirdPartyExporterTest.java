package dev.monitor.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monitor.api.logs.Logger;
import dev.monitor.api.metrics.Timer;
import dev.monitor.api.trace.Segment;
import dev.monitor.api.trace.Subsegment;
import dev.monitor.api.trace.Tracer;
import dev.monitor.core.Monitor;
import dev.monitor.core.audit.AuditEvent;
import dev.monitor.core.audit.AuditTrail;
import dev.monitor.core.audit.UserIdentity;
import dev.monitor.core.export.EmfReader;
import dev.monitor.core.export.Exporter;
import dev.monitor.core.export.ExporterProvider;
import dev.monitor.core.export.LogEvent;
import dev.monitor.core.export.SegmentDocument;
import dev.monitor.core.export.Signal;
import dev.monitor.core.files.DataLayout;
import dev.monitor.core.files.JsonLinesReader;
import dev.monitor.core.metrics.Datapoint;
import dev.monitor.core.metrics.MetricId;
import dev.monitor.core.metrics.Values;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A third-party exporter type ({@code recording}, this module's own, found through its
 * {@code META-INF/services}) configured for every signal next to the built-in files receives
 * exactly what the files receive. One monitor runs once; each signal is checked by its own method.
 *
 * <p>Logs, traces and audit reach exporters once their capabilities hand their items to the signal
 * pipelines (their default file exporters {@code log-files}, {@code segment-files} and
 * {@code cloudtrail-files} are then exporter types): until then those methods are skipped, never
 * passed vacuously.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ThirdPartyExporterTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private Path data;
    private RecordedLines.Recorded recorded;

    @BeforeAll
    void runAMonitorWithTheRecordingExporterForEverySignal() throws Exception {
        data = dir.resolve("data");
        Path sampling = dir.resolve("sampling.json");
        Files.writeString(sampling, "{\"version\": 2, \"rules\": [], \"default\": {\"fixed_target\": 1000000, \"rate\": 1}}");
        Path config = dir.resolve("monitor.yaml");
        Files.writeString(config, """
                namespace: Shop
                dataDir: "%s"
                exporters:
                  - type: emf
                  - type: recording
                    signals: [metrics, logs, traces, audit]
                    file: recorded.jsonl
                traces:
                  daemonAddress: "off"
                  samplingRules: "%s"
                audit: {}
                """.formatted(data, sampling));
        try (Monitor monitor = Monitor.builder().config(config).tickEvery(Duration.ZERO).build()) {
            Timer latency = monitor.metrics().timerBuilder("Latency").dimension("Operation", "buy").register();
            for (int i = 1; i <= 150; i++) { // more than one EMF array of 100 values
                latency.record(i, TimeUnit.MILLISECONDS);
            }
            monitor.metrics().counter("Orders", "Region", "eu").increment(3);
            monitor.metrics().distributionBuilder("OrderAmount").register().record(42.5);

            Logger log = monitor.logs().logger("shop.Checkout");
            for (int i = 0; i < 20; i++) {
                log.atInfo().field("orderId", "o-" + i).message("order placed");
            }
            log.atWarn().message("card declined");

            Tracer tracer = monitor.tracer();
            for (int i = 0; i < 5; i++) {
                try (Segment segment = tracer.beginSegment("orders", null)) {
                    segment.putAnnotation("orderId", "o-" + i);
                    try (Subsegment db = tracer.beginSubsegment("orders-db")) {
                        db.setNamespace("remote");
                    }
                }
            }

            AuditTrail audit = monitor.audit();
            for (int i = 0; i < 3; i++) {
                audit.call("DeleteOrder").source("shop.example").by(UserIdentity.user("ann")).write().run(() -> { });
            }
            audit.record(AuditEvent.builder("RotateKeys").by(UserIdentity.user("ops")).build());
        }
        recorded = RecordedLines.read(data.resolve("recorded.jsonl"));
    }

    private static Set<String> exporterTypes() {
        Set<String> types = new TreeSet<>();
        ServiceLoader.load(ExporterProvider.class).forEach(provider -> types.add(provider.type()));
        return types;
    }

    /** The files compared against are written by the signal's default exporter, so it must be a registered type. */
    private static void assertFlowsThroughThePipeline(String defaultType, Signal<?> signal) {
        assertTrue(exporterTypes().contains(defaultType), signal + " reaches its files through the '" + defaultType
                + "' exporter type, which ServiceLoader must find; found " + exporterTypes());
    }

    /** Each metric and period's values, merged over the lines (or items) that carried them. */
    private static Map<String, Values> byMetricAndTime(List<Datapoint> datapoints) {
        Map<String, List<Values>> parts = new TreeMap<>();
        for (Datapoint datapoint : datapoints) {
            MetricId id = datapoint.metric();
            String key = id.namespace() + "/" + id.name() + id.dimensions() + " " + id.unit() + " " + id.resolution() + " @ "
                    + datapoint.timestamp();
            parts.computeIfAbsent(key, k -> new ArrayList<>()).add(datapoint.values());
        }
        Map<String, Values> merged = new TreeMap<>();
        parts.forEach((key, values) -> merged.put(key, Values.merge(values)));
        return merged;
    }

    @Test
    void theRecordingExporterIsAThirdPartyTypeFoundThroughServiceLoader() {
        assertTrue(exporterTypes().contains("recording"), exporterTypes().toString());
    }

    @Test
    void metricsEveryEmfDatapointByMetricTimestampAndValues() {
        EmfReader.Result emf = EmfReader.read(DataLayout.read(data), (namespace, name) -> true);
        assertEquals(List.of(), emf.problems());
        Map<String, Values> files = byMetricAndTime(emf.datapoints());
        // EMF carries a datapoint by its samples: one without samples (an idle timer) has no line to carry it
        Map<String, Values> received = byMetricAndTime(recorded.metrics().stream().filter(d -> d.sampleCount() > 0).toList());
        assertFalse(files.isEmpty());
        assertEquals(files.keySet(), received.keySet());
        assertEquals(files, received);
        assertTrue(files.keySet().stream().anyMatch(key -> key.startsWith("Shop/Latency[Dimension[name=Operation, value=buy]]")),
                files.keySet().toString());
        assertEquals(150, received.entrySet().stream().filter(e -> e.getKey().startsWith("Shop/Latency"))
                .mapToLong(e -> e.getValue().sampleCount()).sum());
    }

    @Test
    void logsEveryLineOfTheLogFilesWithTheSameText() throws IOException {
        assertFlowsThroughThePipeline("log-files", Signal.LOGS);
        List<String> lines = linesOf(new DataLayout(data).logs());
        List<String> received = recorded.logs().stream().map(LogEvent::message).collect(Collectors.toCollection(ArrayList::new));
        Collections.sort(lines);
        Collections.sort(received);
        assertEquals(21, lines.stream().filter(line -> line.contains("order placed") || line.contains("card declined")).count());
        assertEquals(lines, received);
    }

    @Test
    void tracesEverySegmentDocumentOfTheSegmentFiles() throws IOException {
        assertFlowsThroughThePipeline("segment-files", Signal.TRACES);
        List<String> documents = linesOf(new DataLayout(data).traces());
        List<String> received = recorded.traces().stream().map(SegmentDocument::document)
                .collect(Collectors.toCollection(ArrayList::new));
        Collections.sort(documents);
        Collections.sort(received);
        assertTrue(documents.size() >= 5, documents.toString());
        assertEquals(documents, received);
    }

    @Test
    void auditEveryCloudTrailRecordOfTheTrailFilesByEventId() throws IOException {
        assertFlowsThroughThePipeline("cloudtrail-files", Signal.AUDIT);
        Set<String> inFiles = new TreeSet<>();
        Path trail = new DataLayout(data).audit().resolve(DataLayout.AWS_LOGS);
        try (Stream<Path> files = Files.walk(trail)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                boolean records = trail.relativize(file).toString().contains("/" + DataLayout.TrailKind.RECORDS.folder() + "/");
                if (records && file.getFileName().toString().endsWith(".json.gz")) {
                    try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
                        JSON.readTree(in).path("Records").forEach(record -> inFiles.add(record.path("eventID").asText()));
                    }
                }
            }
        }
        Set<String> received = recorded.audit().stream().map(record -> record.eventId()).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(4, inFiles.size(), inFiles.toString());
        assertEquals(inFiles, received);
        for (var record : recorded.audit()) {
            JsonNode parsed = JSON.readTree(record.record());
            assertEquals(record.eventId(), parsed.path("eventID").asText());
        }
    }

    @Test
    void anExporterGivenInCodeReceivesWhatTheFilesReceive() throws Exception {
        Path codeData = dir.resolve("code");
        List<LogEvent> logs = Collections.synchronizedList(new ArrayList<>());
        List<Datapoint> metrics = Collections.synchronizedList(new ArrayList<>());
        Exporter<LogEvent> mine = logs::addAll;
        try (Monitor monitor = Monitor.builder().namespace("Shop").dataDir(codeData).tickEvery(Duration.ZERO)
                .exporterOfType("emf", Map.of("signals", List.of("metrics")))
                .exporter(Signal.LOGS, "mine", mine)
                .exporter(Signal.METRICS, "mine", metrics::addAll)
                .build()) {
            monitor.metrics().counter("Orders").increment();
            Logger log = monitor.logs().logger("shop.Checkout");
            for (int i = 0; i < 10; i++) {
                log.atInfo().field("orderId", "o-" + i).message("order placed");
            }
            assertTrue(monitor.flush(Duration.ofSeconds(10)));
        }
        EmfReader.Result emf = EmfReader.read(DataLayout.read(codeData), (namespace, name) -> true);
        assertEquals(byMetricAndTime(emf.datapoints()), byMetricAndTime(metrics.stream().filter(d -> d.sampleCount() > 0).toList()));

        assertFlowsThroughThePipeline("log-files", Signal.LOGS);
        List<String> lines = linesOf(new DataLayout(codeData).logs());
        List<String> received = logs.stream().map(LogEvent::message).collect(Collectors.toCollection(ArrayList::new));
        Collections.sort(lines);
        Collections.sort(received);
        assertEquals(10, lines.size());
        assertEquals(lines, received);
    }

    /** Every line of every JSON-lines file below {@code folder}, gzipped or not, read strictly. */
    private static List<String> linesOf(Path folder) throws IOException {
        List<String> lines = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        JsonLinesReader reader = new JsonLinesReader();
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                reader.read(file, file.toString(), (number, text) -> lines.add(text), problems::add);
            }
        }
        assertEquals(List.of(), problems);
        return lines;
    }

}
