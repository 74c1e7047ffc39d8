package dev.monitor.aws.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monitor.core.export.ExporterContext;
import dev.monitor.core.export.SegmentDocument;
import dev.monitor.core.export.StderrCapture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the xray exporter sends, decoded from the SDK's REST-JSON requests ({@code POST /TraceSegments},
 * https://docs.aws.amazon.com/xray/latest/api/API_PutTraceSegments.html), against X-Ray's segment
 * document quota of 64 KB (https://docs.aws.amazon.com/general/latest/gr/xray.html), and how it
 * handles UnprocessedTraceSegments, throttling (ThrottledException, 429), 5xx and an outage.
 */
class XRayExporterTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TRACE = "1-5759e988-bd862e3fe1be46a994272793";
    private Fixture fixture;
    private Loopback xray;

    @BeforeEach
    void start() throws Exception {
        fixture = new Fixture();
        xray = new Loopback((request, i) -> ok());
    }

    @AfterEach
    void stop() {
        xray.close();
        fixture.close();
    }

    private static Loopback.Response ok() {
        return Loopback.Response.of(200, "application/json", "{\"UnprocessedTraceSegments\":[]}");
    }

    private static Loopback.Response unprocessed(String... ids) {
        StringBuilder list = new StringBuilder();
        for (String id : ids) {
            list.append(list.isEmpty() ? "" : ",").append("{\"Id\":\"").append(id)
                    .append("\",\"ErrorCode\":\"InternalFailure\",\"Message\":\"try again\"}");
        }
        return Loopback.Response.of(200, "application/json", "{\"UnprocessedTraceSegments\":[" + list + "]}");
    }

    private static Loopback.Response error(int status, String code) {
        return new Loopback.Response(status, Map.of("Content-Type", "application/json", "x-amzn-ErrorType", code),
                ("{\"message\":\"" + code + "\"}").getBytes());
    }

    private XRayExporter exporter(long buffer) {
        ExporterContext context = fixture.context("xray");
        return new XRayExporter(AwsClients.open(fixture.settings().withEndpoint(xray.endpoint()), context), context, buffer);
    }

    /** A segment document of exactly {@code bytes} UTF-8 bytes, padded with {@code pad}. */
    static SegmentDocument segment(int n, int bytes, String pad) {
        String id = String.format("%016x", n);
        String head = "{\"name\":\"shop\",\"id\":\"" + id + "\",\"trace_id\":\"" + TRACE
                + "\",\"start_time\":1.7649e9,\"end_time\":1.76490001e9,\"annotations\":{\"pad\":\"";
        String tail = "\"}}";
        int room = bytes - head.length() - tail.length();
        int padBytes = pad.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        String document = head + pad.repeat(room / padBytes) + "x".repeat(room % padBytes) + tail;
        assertEquals(bytes, Utf8.length(document));
        return new SegmentDocument(TRACE, id, document);
    }

    static SegmentDocument segment(int n) {
        return segment(n, 200, "x");
    }

    /** The documents of every PutTraceSegments request, decoded, in request order. */
    private List<List<String>> sent() throws Exception {
        List<List<String>> requests = new ArrayList<>();
        for (Loopback.Request r : xray.requests) {
            assertEquals("POST", r.method());
            assertEquals("/TraceSegments", r.path());
            JsonNode body = JSON.readTree(r.body());
            List<String> ids = new ArrayList<>();
            for (JsonNode document : body.get("TraceSegmentDocuments")) {
                ids.add(JSON.readTree(document.asText()).get("id").asText());
            }
            requests.add(ids);
        }
        return requests;
    }

    private static String id(int n) {
        return String.format("%016x", n);
    }

    @Test
    void documentsGoAsPutTraceSegmentsRestJsonAndAreCountedAsCalls() throws Exception {
        try (XRayExporter exporter = exporter(1 << 20)) {
            exporter.export(List.of(segment(1), segment(2)));
        }
        assertEquals(List.of(List.of(id(1), id(2))), sent());
        Loopback.Request put = xray.requests.get(0);
        assertTrue(put.header("Content-Type").startsWith("application/json"), put.header("Content-Type"));
        assertTrue(put.header("Authorization").contains("/us-east-1/xray/aws4_request"), put.header("Authorization"));
        JsonNode document = JSON.readTree(JSON.readTree(put.body()).get("TraceSegmentDocuments").get(0).asText());
        assertEquals(TRACE, document.get("trace_id").asText(), "the document is sent as it is, a JSON string");
        assertEquals(1.0, fixture.self.sum("CallCount", "Service", "X-Ray", "Type", "API", "Resource", "PutTraceSegments",
                "Class", "None"));
        assertEquals(1.0, fixture.metered.get("AWSXRay XRay-TracesStored"), "two segments of one trace: one trace recorded");
    }

    @Test
    void fiftyDocumentsAreOneRequestAndFiftyOneAreTwo() throws Exception {
        try (XRayExporter exporter = exporter(64 << 20)) {
            exporter.export(IntStream.range(0, 50).mapToObj(XRayExporterTest::segment).toList());
            assertEquals(1, xray.requests.size());
            exporter.export(IntStream.range(0, 51).mapToObj(XRayExporterTest::segment).toList());
        }
        assertEquals(List.of(50, 50, 1), sent().stream().map(List::size).toList());
    }

    @Test
    void aDocumentOfSixtyFourKilobytesGoesAndOneByteMoreIsSetAsideAndCounted() throws Exception {
        try (XRayExporter exporter = exporter(64 << 20)) {
            exporter.export(List.of(segment(1, 65_536, "x"), segment(2, 65_537, "x"), segment(3, 65_537, "é"),
                    segment(4, 65_535, "€")));
        }
        assertEquals(List.of(List.of(id(1), id(4))), sent(), "UTF-8 bytes count, not characters");
        assertEquals(65_536, JSON.readTree(xray.requests.get(0).body()).get("TraceSegmentDocuments").get(0).asText()
                .getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
        assertEquals(2.0, fixture.self.sum("Dropped", "Signal", "traces", "Exporter", "xray", "Reason", "TooLarge"));
    }

    @Test
    void unprocessedSegmentsAreSentAgainInALaterRequest() throws Exception {
        xray.responder = (request, i) -> i == 0 ? unprocessed(id(2)) : ok();
        try (StderrCapture stderr = new StderrCapture(); XRayExporter exporter = exporter(1 << 20)) {
            exporter.export(List.of(segment(1), segment(2), segment(3)));
            assertTrue(stderr.text().contains("left segment " + id(2) + " unprocessed (InternalFailure: try again)"), stderr.text());
        }
        assertEquals(List.of(List.of(id(1), id(2), id(3)), List.of(id(2))), sent());
        assertEquals(0.0, fixture.self.sum("Dropped", "Signal", "traces", "Exporter", "xray"));
    }

    @Test
    void aSegmentLeftUnprocessedThreeTimesIsDroppedAndCounted() throws Exception {
        xray.responder = (request, i) -> unprocessed(id(7));
        try (StderrCapture stderr = new StderrCapture(); XRayExporter exporter = exporter(1 << 20)) {
            exporter.export(List.of(segment(7), segment(8)));
            exporter.flush();
            assertTrue(stderr.text().contains("left segment " + id(7) + " unprocessed"), stderr.text());
        }
        assertEquals(List.of(List.of(id(7), id(8)), List.of(id(7)), List.of(id(7))), sent());
        assertEquals(1.0, fixture.self.sum("Dropped", "Signal", "traces", "Exporter", "xray", "Reason", "Unprocessed"));
    }

    @Test
    void throttlingIsRetriedByTheSdkAndCountedAsThrottles() throws Exception {
        xray.responder = (request, i) -> i < 2 ? error(429, "ThrottledException") : ok();
        try (XRayExporter exporter = exporter(1 << 20)) {
            exporter.export(List.of(segment(1)));
        }
        assertEquals(3, xray.requests.size());
        String[] usage = {"Service", "X-Ray", "Type", "API", "Resource", "PutTraceSegments", "Class", "None"};
        assertEquals(3.0, fixture.self.sum("CallCount", usage));
        assertEquals(2.0, fixture.self.sum("ThrottleCount", usage), fixture.self.seen("ThrottleCount"));
        assertEquals(0.0, fixture.self.sum("ExporterErrors", "Signal", "traces", "Exporter", "xray"));
    }

    @Test
    void serverErrorsAreRetried() throws Exception {
        xray.responder = (request, i) -> i == 0 ? error(500, "InternalFailure") : i == 1 ? error(503, "ServiceUnavailable") : ok();
        try (XRayExporter exporter = exporter(1 << 20)) {
            exporter.export(List.of(segment(1)));
        }
        assertEquals(List.of(List.of(id(1)), List.of(id(1)), List.of(id(1))), sent());
    }

    @Test
    void anOutageLosesNothingTheBufferHoldsAndARejectedRequestIsCounted() throws Exception {
        AtomicBoolean down = new AtomicBoolean(true);
        xray.responder = (request, i) -> down.get() ? error(503, "ServiceUnavailable") : ok();
        try (StderrCapture stderr = new StderrCapture(); XRayExporter exporter = exporter(1 << 20)) {
            for (int second = 0; second < 60; second++) {
                exporter.export(List.of(segment(second)));
                fixture.clock.advance(Duration.ofSeconds(1));
            }
            assertEquals(60, exporter.backlog().items());
            down.set(false);
            fixture.clock.advance(Duration.ofMinutes(1));
            exporter.export(List.of(segment(60)));
            assertEquals(0, exporter.backlog().items());
            assertTrue(stderr.text().contains("xray exporter 'xray' cannot send to X-Ray"), stderr.text());
            xray.responder = (request, i) -> error(400, "InvalidRequestException");
            exporter.export(List.of(segment(61)));
        }
        List<List<String>> sent = sent();
        List<String> delivered = sent.subList(sent.size() - 62, sent.size() - 1).stream().flatMap(List::stream).toList();
        assertEquals(IntStream.rangeClosed(0, 60).mapToObj(XRayExporterTest::id).toList(), delivered, "each once, in order");
        assertEquals(0.0, fixture.self.sum("Dropped", "Signal", "traces", "Exporter", "xray", "Reason", "BufferFull"));
        assertEquals(1.0, fixture.self.sum("Dropped", "Signal", "traces", "Exporter", "xray", "Reason", "Rejected"));
    }
}
