package dev.monitor.xray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.monitor.api.context.Context;
import dev.monitor.api.metrics.Dimension;
import dev.monitor.api.metrics.Resolution;
import dev.monitor.api.trace.Segment;
import dev.monitor.api.trace.Subsegment;
import dev.monitor.core.Monitor;
import dev.monitor.core.export.ExporterContext;
import dev.monitor.core.export.SegmentDocument;
import dev.monitor.core.files.DataLayout;
import dev.monitor.core.metrics.Datapoint;
import dev.monitor.core.metrics.internal.MetricRegistry;
import dev.monitor.testing.ManualClock;
import dev.monitor.xray.internal.DaemonExporter;
import dev.monitor.xray.internal.TraceEngine;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the tracer does when things go wrong: a failing emitter thread, work that outlives its segment, a daemon that does not resolve. */
class XRayReliabilityTest {
    private static final String ALL = "{\"version\": 2, \"rules\": [], \"default\": {\"fixed_target\": 1000000, \"rate\": 1}}";
    private final ManualClock clock = ManualClock.at("2026-11-22T10:00:00Z");
    private final List<String> sent = new CopyOnWriteArrayList<>();
    private TraceEngine tracer;

    @TempDir
    Path dir;

    @AfterEach
    void close() {
        if (tracer != null) {
            tracer.close();
        }
    }

    private TraceEngine tracer() {
        tracer = TraceEngine.builder().clock(clock).sampler(Sampler.fromJson(ALL, clock)).exporter("test", XRayTracerTest.into(sent)).build();
        return tracer;
    }

    private List<JsonNode> sent() throws Exception {
        assertTrue(tracer.flush(Duration.ofSeconds(10)));
        List<JsonNode> documents = new java.util.ArrayList<>();
        for (String document : sent) {
            documents.add(XRayTracerTest.JSON.readTree(document));
        }
        return documents;
    }

    private static double sum(MetricRegistry registry, ManualClock clock, String name) {
        return registry.collect(Resolution.STANDARD, clock.instant()).stream().filter(d -> d.metric().name().equals(name))
                .mapToDouble(Datapoint::sum).sum();
    }

    @Test
    void theEmitterThreadSurvivesAnErrorLogsItOnceAndCountsEach() throws Exception {
        MetricRegistry registry = new MetricRegistry("Shop", clock, Resolution.STANDARD, 100);
        AtomicInteger failures = new AtomicInteger(2);
        int logged = RecordedLogs.containing("emitter thread failed").size();
        tracer = TraceEngine.builder().clock(clock).sampler(Sampler.fromJson(ALL, clock)).selfMetrics(registry.forNamespace("Monitor"))
                .exporter("test", XRayTracerTest.into(sent)).build();
        // Writing a segment's metadata, on the emitter thread, fails twice with an Error.
        XRayTracerTest.OnWrite failing = new XRayTracerTest.OnWrite(() -> {
            if (failures.getAndDecrement() > 0) {
                throw new OutOfMemoryError("Java heap space (thrown by the test)");
            }
        });
        for (String name : List.of("first", "second", "third")) {
            try (Segment segment = tracer.beginSegment(name)) {
                segment.putMetadata("test", "failing", failing);
            }
            assertTrue(tracer.flush(Duration.ofSeconds(10)), "the emitter thread is still alive after " + name);
        }
        assertEquals(List.of("third"), sent().stream().map(d -> d.get("name").asText()).toList());
        List<Datapoint> points = registry.collect(Resolution.STANDARD, clock.instant());
        // The tracer's own exporter pipeline registers its lane's counter too: the one that counted is the emitter's.
        Datapoint errors = points.stream().filter(d -> d.metric().name().equals("InternalErrors") && d.sum() > 0).findFirst()
                .orElseThrow();
        assertEquals(2.0, errors.sum());
        assertEquals(List.of(new Dimension("Thread", "monitor-xray-emitter")), errors.metric().dimensions());
        List<String> lines = RecordedLogs.containing("emitter thread failed");
        assertEquals(logged + 1, lines.size(), "logged once, not per failure: " + lines);
        assertTrue(lines.get(lines.size() - 1).startsWith("ERROR dev.monitor.xray.XRayTracer") && lines.get(lines.size() - 1)
                .endsWith("[java.lang.OutOfMemoryError]"), lines.toString());
    }

    /** The README's async example: the task begins its subsegment after the request's segment was sent. */
    @Test
    void aSubsegmentBegunAfterItsSegmentEndedIsSentAloneNotLost() throws Exception {
        tracer();
        Runnable task;
        String segmentId;
        String traceId;
        try (Segment segment = tracer.beginSegment("orders")) {
            segmentId = segment.id();
            traceId = segment.traceId();
            task = Context.current().wrap(() -> {
                try (Subsegment async = tracer.beginSubsegment("async")) {
                    async.putAnnotation("late", true);
                    try (Subsegment nested = tracer.beginSubsegment("nested")) {
                        clock.advance(Duration.ofMillis(3));
                    }
                }
            });
        }
        assertEquals(1, sent().size(), "the segment went out when it ended");
        Thread worker = new Thread(task);
        worker.start();
        worker.join();
        List<JsonNode> documents = sent();
        assertEquals(2, documents.size(), sent.toString());
        JsonNode async = documents.get(1);
        XRayTracerTest.assertValid(async, true);
        assertEquals("subsegment", async.get("type").asText());
        assertEquals(segmentId, async.get("parent_id").asText());
        assertEquals(traceId, async.get("trace_id").asText());
        assertEquals("nested", async.at("/subsegments/0/name").asText());
        // The index joins it to its segment: the trace knows both.
        assertEquals(1, tracer.traces().traceSummariesTree("service(\"orders\") AND annotation.late = true",
                clock.instant().minusSeconds(60), clock.instant().plusSeconds(60)).get("TraceSummaries").size());
    }

    @Test
    void anInFlightSubsegmentKeepsItsSegmentOpenUntilItEnds() throws Exception {
        tracer();
        Subsegment[] inFlight = new Subsegment[1];
        try (Segment segment = tracer.beginSegment("orders")) {
            Thread starter = new Thread(() -> inFlight[0] = tracer.beginSubsegment(segment, "async"));
            starter.start();
            starter.join();
        }
        assertEquals(List.of(), sent(), "the segment waits for its subsegment");
        clock.advance(Duration.ofMillis(20));
        inFlight[0].close();
        JsonNode document = sent().get(0);
        XRayTracerTest.assertValid(document, true);
        assertEquals("async", document.at("/subsegments/0/name").asText());
        assertTrue(document.at("/subsegments/0/end_time").asDouble() > document.get("end_time").asDouble(),
                "the subsegment ended after its segment");
    }

    @Test
    void aSegmentStillWaitingWhenTheTracerClosesIsSentWithItsSubsegmentInProgress() throws Exception {
        tracer();
        try (Segment segment = tracer.beginSegment("orders")) {
            Thread starter = new Thread(() -> tracer.beginSubsegment(segment, "never-ends"));
            starter.start();
            starter.join();
        }
        tracer.close();
        assertEquals(1, sent.size(), "nothing is lost at close");
        JsonNode document = XRayTracerTest.JSON.readTree(sent.get(0));
        XRayTracerTest.assertValid(document, true);
        assertTrue(document.at("/subsegments/0/in_progress").asBoolean(), document.toString());
        assertFalse(document.at("/subsegments/0").has("end_time"));
    }

    @Test
    void aDaemonAddressThatDoesNotResolveIsAWarningAtStartUp() throws Exception {
        int before = RecordedLogs.containing("does not resolve").size();
        Path config = Files.writeString(dir.resolve("monitor.yaml"), """
                dataDir: %s
                metrics:
                  builtin: {memory: false, gc: false, threads: false, classes: false, process: false, system: false}
                traces:
                  daemonAddress: "no-such-daemon.invalid:2000"
                """.formatted(dir.resolve("data")));
        try (Monitor monitor = Monitor.builder().config(config).clock(clock).tickEvery(Duration.ZERO).build()) {
            List<String> warnings = RecordedLogs.containing("does not resolve");
            assertEquals(before + 1, warnings.size(), warnings.toString());
            assertTrue(warnings.get(warnings.size() - 1).startsWith("WARN dev.monitor.xray.internal.DaemonExporter: the X-Ray daemon address"
                    + " no-such-daemon.invalid:2000 does not resolve"), warnings.toString());
            for (int i = 0; i < 3; i++) {
                monitor.tracer().beginSegment("orders").close();
            }
            assertTrue(((XRayTracer) monitor.tracer()).flush(Duration.ofSeconds(10)));
            assertEquals(before + 1, RecordedLogs.containing("does not resolve").size(), "warned once, not per segment");
        }
        // What is sent to it meanwhile is dropped and counted, as the pipeline counts its drops.
        MetricRegistry registry = new MetricRegistry("Shop", clock, Resolution.STANDARD, 100);
        DaemonExporter exporter = new DaemonExporter(InetSocketAddress.createUnresolved("no-such-daemon.invalid", 2000),
                new ExporterContext("xray-daemon", new DataLayout(dir), clock, registry.forNamespace("Monitor")));
        try {
            exporter.export(List.of(new SegmentDocument("1-5759e988-bd862e3fe1be46a994272793", "53995c3f42cd8ad8", "{}")));
            Datapoint dropped = registry.collect(Resolution.STANDARD, clock.instant()).stream()
                    .filter(d -> d.metric().name().equals("Dropped")).findFirst().orElseThrow();
            assertEquals(1.0, dropped.sum());
            assertEquals(List.of(new Dimension("Exporter", "xray-daemon"), new Dimension("Signal", "traces")),
                    dropped.metric().dimensions().stream().sorted(java.util.Comparator.comparing(Dimension::name)).toList());
        } finally {
            exporter.close();
        }
    }

    /** Memory stays bounded: past MAX_HELD waiting segments, X-Ray's in-progress rule (sent now, sent again whole, same id). */
    @Test
    void pastTheLimitOfWaitingSegmentsOneIsSentInProgressThenWhole() throws Exception {
        tracer = TraceEngine.builder().clock(clock).sampler(Sampler.fromJson(ALL, clock)).queueCapacity(4 * TraceEngine.MAX_HELD)
                .exporter("test", XRayTracerTest.into(sent)).build();
        List<Subsegment> waiting = new java.util.ArrayList<>();
        for (int i = 0; i < TraceEngine.MAX_HELD; i++) {
            try (Segment segment = tracer.beginSegment("held")) {
                waiting.add(tracer.beginDetached(segment, "async"));
            }
        }
        assertEquals(List.of(), sent(), "every one waits for its subsegment");
        Subsegment last;
        String id;
        try (Segment segment = tracer.beginSegment("over")) {
            id = segment.id();
            last = tracer.beginDetached(segment, "async");
        }
        JsonNode inProgress = sent().get(0);
        assertEquals(id, inProgress.get("id").asText());
        assertTrue(inProgress.at("/subsegments/0/in_progress").asBoolean(), inProgress.toString());
        last.close();
        List<JsonNode> documents = sent();
        assertEquals(2, documents.size());
        assertEquals(id, documents.get(1).get("id").asText(), "the same segment again, whole");
        assertTrue(documents.get(1).at("/subsegments/0/end_time").isNumber());
        JsonNode summaries = tracer.traces().traceSummariesTree("service(\"over\")", clock.instant().minusSeconds(60),
                clock.instant().plusSeconds(60)).get("TraceSummaries");
        assertEquals(1, summaries.size());
        assertFalse(summaries.get(0).get("IsPartial").asBoolean(), "the whole document replaced the one in progress");
        waiting.forEach(Subsegment::close);
        assertEquals(2 + TraceEngine.MAX_HELD, sent().size(), "the waiting ones went out as their subsegments ended");
    }

    private List<JsonNode> awaitSent(int count) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (sent.size() < count && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
        return sent();
    }

    /** A subsegment that never ends keeps its segment out of the files and the daemon for two seconds at most. */
    @Test
    void aSegmentWaitingLongerThanTwoSecondsIsSentInProgressThenWhole() throws Exception {
        tracer();
        Subsegment never;
        String id;
        try (Segment segment = tracer.beginSegment("first")) {
            id = segment.id();
            never = tracer.beginDetached(segment, "async");
        }
        clock.advance(Duration.ofMillis(1000));
        Subsegment later;
        try (Segment segment = tracer.beginSegment("second")) {
            later = tracer.beginDetached(segment, "async");
        }
        assertEquals(List.of(), sent(), "both wait for their subsegments");
        clock.advance(Duration.ofMillis(TraceEngine.MAX_HOLD_MILLIS - 1000));
        List<JsonNode> documents = awaitSent(1);
        assertEquals(1, documents.size(), "only the one held for " + TraceEngine.MAX_HOLD_MILLIS + " ms: " + documents);
        JsonNode inProgress = documents.get(0);
        XRayTracerTest.assertValid(inProgress, true);
        assertEquals(id, inProgress.get("id").asText());
        assertTrue(inProgress.has("end_time"), "the segment itself has ended: " + inProgress);
        assertTrue(inProgress.at("/subsegments/0/in_progress").asBoolean(), inProgress.toString());
        never.close();
        documents = sent();
        assertEquals(2, documents.size(), documents.toString());
        assertEquals(id, documents.get(1).get("id").asText(), "the same segment again, whole");
        assertTrue(documents.get(1).at("/subsegments/0/end_time").isNumber(), documents.get(1).toString());
        later.close();
        assertEquals("second", sent().get(2).get("name").asText(), "the other was sent once, whole, when its subsegment ended");
    }

    /**
     * A segment sent in progress that is too large for one datagram is split from a copy of its
     * tree: its open subsegments stay in it and are in the whole document sent when they end.
     */
    @Test
    void anOversizedSegmentSentInProgressKeepsItsSubsegmentsForTheWholeDocument() throws Exception {
        tracer();
        Subsegment open;
        String id;
        String big = "x".repeat(30_000);
        try (Segment segment = tracer.beginSegment("big")) {
            id = segment.id();
            open = tracer.beginDetached(segment, "async");
            for (int i = 0; i < 3; i++) {
                try (Subsegment step = tracer.beginSubsegment("step" + i)) {
                    step.putAnnotation("blob", big);
                }
            }
        }
        clock.advance(Duration.ofMillis(TraceEngine.MAX_HOLD_MILLIS));
        List<JsonNode> inProgress = awaitSent(5);
        assertEquals(5, inProgress.size(), "three steps, the open subsegment and the segment, each alone: " + inProgress.size());
        String asyncId = open.id();
        assertTrue(inProgress.stream().anyMatch(d -> d.get("id").asText().equals(asyncId) && d.path("in_progress").asBoolean()));
        open.close();
        List<JsonNode> whole = sent().subList(5, sent.size());
        assertEquals(5, whole.size(), "split again when whole");
        for (JsonNode document : whole) {
            XRayTracerTest.assertValid(document, true);
            assertTrue(document.has("end_time"), document.get("name") + " ended: " + document.get("in_progress"));
        }
        assertTrue(whole.stream().anyMatch(d -> d.get("id").asText().equals(asyncId)), "the subsegment's end was sent");
        assertEquals(id, whole.get(4).get("id").asText());
        assertFalse(whole.get(4).has("subsegments"), "the segment without them: they went on their own");
    }

    /**
     * While an oversized segment goes out in progress, another thread keeps adding subsegments under
     * its open one: nothing is dropped, and the whole documents sent when it ends hold every one.
     */
    @Test
    void subsegmentsAddedWhileAnOversizedSegmentIsSentInProgressAreAllSent() throws Exception {
        MetricRegistry registry = new MetricRegistry("Shop", clock, Resolution.STANDARD, 100);
        // Tens of thousands of documents: a list that is not copied on each one.
        List<String> written = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        tracer = TraceEngine.builder().clock(clock).sampler(Sampler.fromJson(ALL, clock)).selfMetrics(registry.forNamespace("Monitor"))
                .streamingThreshold(1_000_000).recentDocuments(0).exporter("test", XRayTracerTest.into(written)).build();
        int warnings = RecordedLogs.containing("could not be written").size();
        Subsegment open;
        try (Segment segment = tracer.beginSegment("big")) {
            open = tracer.beginDetached(segment, "async");
            for (int i = 0; i < 3; i++) {
                try (Subsegment step = tracer.beginSubsegment("step" + i)) {
                    step.putAnnotation("blob", "x".repeat(30_000));
                }
            }
        }
        java.util.Set<String> added = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        Thread adder = new Thread(() -> {
            for (int i = 0; i < 20_000 && !stop.get(); i++) {
                Subsegment call = tracer.beginDetached(open, "n" + i);
                added.add(call.id());
                call.close();
            }
        });
        adder.start();
        while (added.size() < 1000) {
            java.util.concurrent.locks.LockSupport.parkNanos(100_000);
        }
        clock.advance(Duration.ofMillis(TraceEngine.MAX_HOLD_MILLIS));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (written.isEmpty() && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
        stop.set(true);
        adder.join();
        assertTrue(tracer.flush(Duration.ofSeconds(10)));
        int inProgress = written.size();
        assertTrue(inProgress > 0, "sent in progress, not dropped whole by a write that failed");
        open.close();
        assertTrue(tracer.flush(Duration.ofSeconds(10)));
        java.util.Set<String> sentWhole = new java.util.HashSet<>();
        for (String document : written.subList(inProgress, written.size())) {
            collectIds(XRayTracerTest.JSON.readTree(document), sentWhole);
        }
        assertTrue(sentWhole.containsAll(added), "all " + added.size() + " subsegments are in the whole documents");
        assertEquals(0.0, sum(registry, clock, "SegmentsDropped"));
        assertEquals(warnings, RecordedLogs.containing("could not be written").size(), "nothing failed to be written");
    }

    private static void collectIds(JsonNode document, java.util.Set<String> ids) {
        if (document.has("end_time")) {
            ids.add(document.get("id").asText());
        }
        for (JsonNode child : document.path("subsegments")) {
            collectIds(child, ids);
        }
    }

    /** traces.redact replaces the secret words, as logs.redact does. */
    @Test
    void theConfiguredSecretWordsAreRedacted() throws Exception {
        Path config = Files.writeString(dir.resolve("monitor.yaml"), """
                dataDir: %s
                metrics:
                  builtin: {memory: false, gc: false, threads: false, classes: false, process: false, system: false}
                traces:
                  daemonAddress: "off"
                  redact: [ssn]
                """.formatted(dir.resolve("data")));
        try (Monitor monitor = Monitor.builder().config(config).clock(clock).tickEvery(Duration.ZERO).build()) {
            try (Segment segment = monitor.tracer().beginSegment("orders")) {
                segment.putAnnotation("customerSsn", "123-45-6789").putAnnotation("note", "ssn=123-45-6789").putAnnotation("mode", "fast");
            }
            assertTrue(((XRayTracer) monitor.tracer()).flush(Duration.ofSeconds(10)));
        }
        String written;
        try (java.util.stream.Stream<Path> files = Files.list(dir.resolve("data/traces"))) {
            written = Files.readString(files.findFirst().orElseThrow());
        }
        assertFalse(written.contains("123-45-6789"), written);
        assertTrue(written.contains("\"customerSsn\":\"[REDACTED]\"") && written.contains("\"note\":\"ssn=[REDACTED]\"")
                && written.contains("\"mode\":\"fast\""), written);
    }
}
