package dev.monitor.xray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.monitor.api.context.Context;
import dev.monitor.api.metrics.Metrics;
import dev.monitor.api.metrics.Resolution;
import dev.monitor.api.trace.Segment;
import dev.monitor.api.trace.Subsegment;
import dev.monitor.api.trace.TraceEntity;
import dev.monitor.core.export.Exporter;
import dev.monitor.core.export.ExporterContext;
import dev.monitor.core.export.SegmentDocument;
import dev.monitor.core.files.DataLayout;
import dev.monitor.core.metrics.Datapoint;
import dev.monitor.core.metrics.internal.MetricRegistry;
import dev.monitor.testing.ManualClock;
import dev.monitor.xray.internal.DaemonExporter;
import dev.monitor.xray.internal.TraceEngine;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Segments recorded, streamed and sent as X-Ray documents, checked as a user (or the daemon) would. */
public class XRayTracerTest {
    public static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));
    private static final Pattern TRACE_ID = Pattern.compile("1-[0-9a-f]{8}-[0-9a-f]{24}");
    private static final Pattern ENTITY_ID = Pattern.compile("[0-9a-f]{16}");
    private static final Pattern TIME = Pattern.compile("\\d{10}\\.\\d{6}");

    private final List<String> sent = new CopyOnWriteArrayList<>();
    private final ManualClock clock = ManualClock.at("2026-11-22T10:00:00.123456Z");
    private TraceEngine tracer;

    private TraceEngine tracer(XRayTracer.MissingContext missing) {
        tracer = TraceEngine.builder().clock(clock).sampler(Sampler.fromJson(
                "{\"version\": 2, \"rules\": [], \"default\": {\"fixed_target\": 1000000, \"rate\": 1}}", clock))
                .exporter("test", into(sent)).missingContext(missing).build();
        return tracer;
    }

    /** An exporter that keeps each document's text in {@code documents}. */
    public static Exporter<SegmentDocument> into(List<String> documents) {
        return batch -> batch.forEach(document -> documents.add(document.document()));
    }

    /**
     * A metadata value whose serialisation, on the emitter thread, runs {@code action}: how a test
     * makes that thread slow, stuck or fail, now that exporters run on threads of their own.
     */
    public static final class OnWrite {
        private final Runnable action;

        OnWrite(Runnable action) {
            this.action = action;
        }

        public String getValue() {
            action.run();
            return "written";
        }
    }

    @AfterEach
    void close() {
        if (tracer != null) {
            tracer.close();
        }
    }

    /** The segment document schema's rules for an entity and, recursively, its subsegments. */
    public static void assertValid(JsonNode node, boolean top) {
        assertTrue(node.get("name").isTextual() && !node.get("name").asText().isEmpty(), node.toString());
        assertTrue(ENTITY_ID.matcher(node.get("id").asText()).matches(), node.toString());
        assertTrue(TIME.matcher(node.get("start_time").toString()).matches(), "epoch seconds with microseconds: " + node);
        assertTrue(node.has("end_time") != node.has("in_progress"), "end_time or in_progress: " + node);
        if (node.has("end_time")) {
            assertTrue(TIME.matcher(node.get("end_time").toString()).matches(), node.toString());
            assertTrue(node.get("end_time").asDouble() >= node.get("start_time").asDouble());
        }
        if (top) {
            assertTrue(TRACE_ID.matcher(node.get("trace_id").asText()).matches(), node.toString());
        }
        if ("subsegment".equals(node.path("type").asText())) {
            assertTrue(ENTITY_ID.matcher(node.get("parent_id").asText()).matches());
        }
        node.path("annotations").fields().forEachRemaining(e -> {
            assertTrue(e.getKey().matches("[a-zA-Z0-9_]{1,500}"));
            assertTrue(e.getValue().isTextual() || e.getValue().isNumber() || e.getValue().isBoolean());
        });
        for (JsonNode child : node.path("subsegments")) {
            assertValid(child, false);
        }
    }

    private JsonNode only() throws Exception {
        assertTrue(tracer.flush(Duration.ofSeconds(5)));
        assertEquals(1, sent.size(), sent.toString());
        return JSON.readTree(sent.get(0));
    }

    @Test
    void aSegmentWithSubsegmentsIsOneValidDocument() throws Exception {
        tracer(XRayTracer.MissingContext.THROW);
        try (Segment segment = tracer.beginSegment("orders")) {
            segment.setUser("ann").setServiceVersion("1.2").putHttpRequest("method", "POST").putHttpRequest("url", "/orders")
                    .setHttpResponse(429, 12).putAnnotation("orderId", "o-1").putAnnotation("items", 3)
                    .putAnnotation("bad key!", "dropped").putMetadata("debug", "cart", List.of("a", "b"));
            clock.advance(Duration.ofMillis(5));
            Subsegment query;
            try (Subsegment db = tracer.beginSubsegment("db")) {
                query = db;
                db.putSql("sanitized_query", "SELECT * FROM orders WHERE id = ?").putSql("database_type", "PostgreSQL");
                clock.advance(Duration.ofMillis(3));
                try (Subsegment nested = tracer.beginSubsegment("pool")) {
                    nested.addException(new IllegalStateException("exhausted", new RuntimeException("root cause")));
                }
            }
            try (Subsegment payments = tracer.beginSubsegment("payments")) {
                payments.setNamespace("remote").addPrecursor(query).setHttpResponse(503, 0);
            }
            clock.advance(Duration.ofMillis(2));
        }
        JsonNode doc = only();
        assertValid(doc, true);
        assertEquals("orders", doc.get("name").asText());
        assertEquals("1795341600.123456", doc.get("start_time").toString());
        assertEquals("1795341600.133456", doc.get("end_time").toString());
        assertEquals("ann", doc.get("user").asText());
        assertEquals("1.2", doc.at("/service/version").asText());
        assertEquals(429, doc.at("/http/response/status").asInt());
        assertTrue(doc.get("error").asBoolean() && doc.get("throttle").asBoolean(), "429 is an error and a throttle");
        assertFalse(doc.has("fault"));
        assertEquals("o-1", doc.at("/annotations/orderId").asText());
        assertFalse(doc.at("/annotations").has("bad key!"));
        assertEquals("b", doc.at("/metadata/debug/cart/1").asText());
        JsonNode db = doc.at("/subsegments/0");
        assertEquals("PostgreSQL", db.at("/sql/database_type").asText());
        JsonNode pool = db.at("/subsegments/0");
        assertTrue(pool.get("fault").asBoolean());
        JsonNode exceptions = pool.at("/cause/exceptions");
        assertEquals("java.lang.IllegalStateException", exceptions.get(0).get("type").asText());
        assertEquals(exceptions.get(1).get("id").asText(), exceptions.get(0).get("cause").asText(), "the cause chain links by id");
        assertEquals("XRayTracerTest.java", exceptions.get(0).at("/stack/0/path").asText());
        assertTrue(exceptions.get(0).at("/stack/0/line").asInt() > 0);
        JsonNode payments = doc.at("/subsegments/1");
        assertEquals("remote", payments.get("namespace").asText());
        assertTrue(payments.get("fault").asBoolean());
        assertEquals(db.get("id").asText(), payments.at("/precursor_ids/0").asText(), "payments ran after the query");
        assertNull(tracer.current(), "every scope was restored");
    }

    @Test
    void aMissingContextIsIgnoredByDefaultAndThrownOnlyWhenAsked() {
        tracer(XRayTracer.MissingContext.IGNORE);
        try (Subsegment orphan = tracer.beginSubsegment("orphan")) {
            orphan.putAnnotation("a", 1);
            assertFalse(orphan.sampled());
        }
        tracer.close();
        tracer(XRayTracer.MissingContext.THROW);
        assertThrows(IllegalStateException.class, () -> tracer.beginSubsegment("orphan"));
    }

    @Test
    void endingTwiceOrWritingAfterTheSegmentWasSentIsHarmless() throws Exception {
        tracer(XRayTracer.MissingContext.THROW);
        Segment segment = tracer.beginSegment("s");
        Subsegment sub = tracer.beginSubsegment("sub");
        sub.close();
        sub.close();
        segment.close();
        segment.close();
        segment.putAnnotation("late", true);
        sub.putMetadata(null, "late", 1);
        JsonNode doc = only();
        assertFalse(doc.has("annotations"));
        assertEquals(1, doc.get("subsegments").size());
    }

    @Test
    void aCycleOfCausesIsWrittenOnceAroundAndEnds() throws Exception {
        tracer(XRayTracer.MissingContext.THROW);
        RuntimeException first = new RuntimeException("first");
        RuntimeException second = new RuntimeException("second");
        first.initCause(second);
        second.initCause(first); // allowed by Throwable: only a cause of itself is refused
        try (Segment segment = tracer.beginSegment("s")) {
            segment.addException(first);
        }
        JsonNode exceptions = only().at("/cause/exceptions");
        assertEquals(List.of("first", "second"), List.of(exceptions.get(0).get("message").asText(), exceptions.get(1).get("message").asText()));
        assertEquals(2, exceptions.size());
        assertEquals(exceptions.get(1).get("id").asText(), exceptions.get(0).get("cause").asText());
        assertFalse(exceptions.get(1).has("cause"), "the chain ends where it would repeat");
    }

    @Test
    void theContextFollowsWorkAcrossPoolsAndFutures() throws Exception {
        tracer(XRayTracer.MissingContext.THROW);
        ExecutorService pool = Context.wrap(Executors.newFixedThreadPool(2));
        ScheduledExecutorService scheduler = Context.wrap(Executors.newSingleThreadScheduledExecutor());
        try (Segment segment = tracer.beginSegment("gateway")) {
            CompletableFuture<Void> chain = CompletableFuture.runAsync(() -> tracer.beginSubsegment("a").close(), pool)
                    .thenRunAsync(() -> tracer.beginSubsegment("b").close(), pool);
            pool.submit(() -> tracer.beginSubsegment("c").close()).get();
            chain.get();
            scheduler.schedule(() -> tracer.beginSubsegment("e").close(), 5, TimeUnit.MILLISECONDS).get();
            TraceEntity handle = tracer.current();
            Thread explicit = new Thread(() -> tracer.beginSubsegment(handle, "d").close());
            explicit.start();
            explicit.join();
            assertEquals(segment.id(), tracer.current().id());
        }
        pool.shutdown();
        scheduler.shutdown();
        JsonNode doc = only();
        Set<String> names = new HashSet<>();
        doc.get("subsegments").forEach(s -> names.add(s.get("name").asText()));
        assertEquals(Set.of("a", "b", "c", "d", "e"), names, "every subsegment joined the segment");
    }

    @Test
    void anIncomingHeaderContinuesTheTraceAndItsSamplingDecision() throws Exception {
        tracer(XRayTracer.MissingContext.THROW);
        try (Segment segment = tracer.beginSegment("orders", "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1")) {
            assertEquals("1-5759e988-bd862e3fe1be46a994272793", segment.traceId());
            assertTrue(segment.traceHeader().startsWith("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=" + segment.id()));
        }
        JsonNode doc = only();
        assertEquals("53995c3f42cd8ad8", doc.get("parent_id").asText());
        try (Segment unsampled = tracer.beginSegment("orders", "Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=0")) {
            assertFalse(unsampled.sampled());
        }
        assertTrue(tracer.flush(Duration.ofSeconds(5)));
        assertEquals(1, sent.size(), "an upstream Sampled=0 is honoured: nothing is sent");
        try (Segment fresh = tracer.beginSegment("orders", "garbage")) {
            assertTrue(TRACE_ID.matcher(fresh.traceId()).matches(), "a malformed header starts a new trace");
        }
    }

    @Test
    void aRealDaemonSocketGetsWellFormedDatagramsEvenForAThousandSubsegments() throws Exception {
        try (DatagramSocket daemon = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            daemon.setSoTimeout(3000);
            daemon.setReceiveBufferSize(8 << 20);
            tracer = TraceEngine.builder().clock(clock).sampler(Sampler.fromJson(
                    "{\"version\": 2, \"default\": {\"fixed_target\": 100, \"rate\": 1}}", clock))
                    .exporter("xray-daemon", new DaemonExporter((InetSocketAddress) daemon.getLocalSocketAddress(),
                            new ExporterContext("xray-daemon", DataLayout.defaults(), clock, Metrics.noop()))).build();
            Set<String> ids = new HashSet<>();
            String segmentId;
            try (Segment segment = tracer.beginSegment("batch")) {
                segmentId = segment.id();
                for (int i = 0; i < 1000; i++) {
                    try (Subsegment item = tracer.beginSubsegment("item-" + i)) {
                        item.putMetadata("payload", "blob", "x".repeat(200));
                        ids.add(item.id());
                    }
                }
            }
            assertTrue(tracer.flush(Duration.ofSeconds(10)));
            Set<String> received = new HashSet<>();
            boolean segmentReceived = false;
            byte[] buffer = new byte[70_000];
            while (received.size() < 1000 || !segmentReceived) {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                try {
                    daemon.receive(packet);
                } catch (SocketTimeoutException e) {
                    break;
                }
                assertTrue(packet.getLength() <= DaemonExporter.MAX_DATAGRAM, "datagram of " + packet.getLength() + " bytes");
                String text = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
                assertTrue(text.startsWith("{\"format\": \"json\", \"version\": 1}\n"), text.substring(0, Math.min(60, text.length())));
                JsonNode doc = JSON.readTree(text.substring(text.indexOf('\n') + 1));
                assertValid(doc, true);
                if (doc.get("id").asText().equals(segmentId)) {
                    segmentReceived = true;
                    doc.path("subsegments").forEach(s -> assertTrue(received.add(s.get("id").asText()), "sent once"));
                } else {
                    assertEquals("subsegment", doc.get("type").asText());
                    assertEquals(segmentId, doc.get("parent_id").asText());
                    assertTrue(received.add(doc.get("id").asText()), "sent once");
                }
            }
            assertTrue(segmentReceived);
            assertEquals(ids, received, "every subsegment arrived exactly once");
        }
    }

    @Test
    void anOversizedDocumentLosesItsMetadataAndSaysSo() throws Exception {
        tracer(XRayTracer.MissingContext.THROW);
        try (Segment segment = tracer.beginSegment("big")) {
            segment.putMetadata("dump", "body", "y".repeat(100_000)).putAnnotation("kept", true);
        }
        JsonNode doc = only();
        assertTrue(doc.at("/metadata/monitor/truncated").asBoolean());
        assertTrue(doc.at("/annotations/kept").asBoolean());
        assertTrue(sent.get(0).length() < DaemonExporter.MAX_DATAGRAM);
    }

    @Test
    void aSegmentThatFindsTheQueueFullIsDroppedAndCountedWithoutWaiting() throws Exception {
        MetricRegistry registry = new MetricRegistry("Shop", clock, Resolution.STANDARD, 100);
        CountDownLatch writerBack = new CountDownLatch(1);
        tracer = TraceEngine.builder().clock(clock).queueCapacity(2).selfMetrics(registry.forNamespace("Monitor")).sampler(Sampler.fromJson(
                "{\"version\": 2, \"rules\": [], \"default\": {\"fixed_target\": 1000000, \"rate\": 1}}", clock))
                .exporter("test", into(sent)).build();
        // The first segment's metadata holds up the emitter thread: nothing more leaves the queue.
        OnWrite stuck = new OnWrite(() -> {
            try {
                writerBack.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        for (int i = 0; i < 5; i++) {
            try (Segment segment = tracer.beginSegment("request-" + i)) { // returns at once though the emitter is stuck
                if (i == 0) {
                    segment.putMetadata("test", "stuck", stuck);
                }
            }
        }
        double dropped = registry.collect(Resolution.STANDARD, clock.instant()).stream()
                .filter(d -> d.metric().name().equals("SegmentsDropped")).mapToDouble(Datapoint::sum).sum();
        assertEquals(3, dropped, "two fit the queue; the other three are dropped and counted");
        writerBack.countDown();
        assertTrue(tracer.flush(Duration.ofSeconds(10)));
        assertEquals(List.of("request-0", "request-1"), sent.stream().map(d -> {
            try {
                return JSON.readTree(d).get("name").asText();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }).toList());
        assertEquals("queueCapacity 0 must be at least 1",
                assertThrows(IllegalArgumentException.class, () -> TraceEngine.builder().queueCapacity(0)).getMessage());
        assertEquals("streamingThreshold 0 must be at least 1",
                assertThrows(IllegalArgumentException.class, () -> TraceEngine.builder().streamingThreshold(0)).getMessage());
    }

    @Test
    void segmentNamesPastTheLimitAreCountedNotMeasured() {
        MetricRegistry registry = new MetricRegistry("Shop", clock, Resolution.STANDARD, 100_000);
        tracer = TraceEngine.builder().clock(clock).selfMetrics(registry.forNamespace("Monitor")).metrics(registry).build();
        for (int i = 0; i < TraceEngine.MAX_SERVICES + 2; i++) {
            tracer.beginSegment("service-" + i).close();
        }
        tracer.beginSegment("service-0").close(); // measured: its name came first
        List<Datapoint> points = registry.collect(Resolution.STANDARD, clock.instant());
        assertEquals(2.0, points.stream().filter(d -> d.metric().name().equals("SegmentsUnmeasured")).mapToDouble(Datapoint::sum).sum());
        assertEquals(TraceEngine.MAX_SERVICES + 1, points.stream().filter(d -> d.metric().name().equals("SegmentLatency"))
                .mapToLong(Datapoint::sampleCount).sum(), "every measured segment has its latency");
    }

    @Test
    void theEmitterRestsToStayWithinItsShareOfACore() throws Exception {
        List<long[]> sends = new CopyOnWriteArrayList<>(); // {start, end} of each document's slow part, in nanoseconds
        tracer = TraceEngine.builder().clock(clock).emitterShare(0.25).sampler(Sampler.fromJson(
                "{\"version\": 2, \"rules\": [], \"default\": {\"fixed_target\": 1000000, \"rate\": 1}}", clock))
                .exporter("test", into(sent)).build();
        OnWrite slow = new OnWrite(() -> {
            long start = System.nanoTime();
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(20).toNanos()); // a document slow to write
            sends.add(new long[] {start, System.nanoTime()});
        });
        for (int i = 0; i < 3; i++) {
            try (Segment segment = tracer.beginSegment("request-" + i)) {
                segment.putMetadata("test", "slow", slow);
            }
        }
        assertTrue(tracer.flush(Duration.ofSeconds(10)));
        assertEquals(3, sends.size(), "everything is still sent");
        for (int i = 1; i < sends.size(); i++) {
            long worked = sends.get(i - 1)[1] - sends.get(i - 1)[0];
            long rested = sends.get(i)[0] - sends.get(i - 1)[1];
            assertTrue(rested >= 3 * worked * 0.95, "a quarter of a core: rests three times its work, " + rested + " after " + worked);
        }
        assertThrows(IllegalArgumentException.class, () -> TraceEngine.builder().emitterShare(0));
        assertEquals("emitterShare 1.5 must be above 0 and at most 1",
                assertThrows(IllegalArgumentException.class, () -> TraceEngine.builder().emitterShare(1.5)).getMessage());
    }

    @Test
    void daemonAddressesAsTheSdkReadsThem() {
        assertEquals(new InetSocketAddress("127.0.0.1", 2000), DaemonExporter.daemonAddress(null));
        assertEquals(new InetSocketAddress("10.0.0.5", 3000), DaemonExporter.daemonAddress("10.0.0.5:3000"));
        assertEquals(new InetSocketAddress("10.0.0.6", 2001), DaemonExporter.daemonAddress("tcp:10.0.0.5:3000 udp:10.0.0.6:2001"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DaemonExporter.daemonAddress("nowhere"))
                .getMessage().contains("'nowhere'"));
    }

    @Test
    void missingAndOverlongNamesAreMendedNotThrown() throws Exception {
        tracer(XRayTracer.MissingContext.THROW);
        try (Segment segment = tracer.beginSegment(null)) {
            tracer.beginSubsegment("n".repeat(300)).close();
        }
        JsonNode doc = only();
        assertValid(doc, true);
        assertEquals("unnamed", doc.get("name").asText());
        assertEquals(200, doc.at("/subsegments/0/name").asText().length());
    }
}
