package dev.monitor.otel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monitor.api.trace.Segment;
import dev.monitor.core.Monitor;
import dev.monitor.testing.ManualClock;
import dev.monitor.xray.TraceIndex;
import dev.monitor.xray.XRayTracer;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Code instrumented with the OpenTelemetry API, run over Monitor: its spans arrive as X-Ray segment
 * documents with the fields the segment document page defines
 * (https://docs.aws.amazon.com/xray/latest/devguide/xray-api-segmentdocuments.html).
 */
class OpenTelemetryTracesTest {

    private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(T0);
    private Monitor monitor;
    private XRayTracer xray;
    private Tracer tracer;
    private OpenTelemetry openTelemetry;

    @BeforeEach
    void start() throws Exception {
        Path rules = Files.writeString(dir.resolve("sampling.json"),
                "{\"version\": 2, \"default\": {\"fixed_target\": 1000, \"rate\": 1}}");
        Path config = Files.writeString(dir.resolve("monitor.yaml"), """
                namespace: Shop
                dataDir: %s
                metrics:
                  builtin: {memory: false, gc: false, threads: false, classes: false, process: false, system: false}
                traces:
                  daemonAddress: "tcp:127.0.0.1:1 udp:127.0.0.1:1"
                  samplingRules: %s
                """.formatted(dir.resolve("data"), rules));
        monitor = Monitor.builder().config(config).clock(clock).tickEvery(Duration.ZERO).build();
        xray = (XRayTracer) monitor.tracer();
        openTelemetry = MonitorOpenTelemetry.create(monitor.metrics(), monitor.tracer())
                .withAnnotatedAttributes(Set.of("order.tier"));
        tracer = openTelemetry.getTracer("shop-instrumentation", "1.0");
    }

    @AfterEach
    void stop() {
        monitor.close();
    }

    @Test
    void aServerSpanWithAClientAndADatabaseSpanIsASegmentWithTwoSubsegments() throws Exception {
        Span server = tracer.spanBuilder("GET /orders").setSpanKind(SpanKind.SERVER)
                .setAttribute("http.request.method", "GET").setAttribute("url.scheme", "https")
                .setAttribute("server.address", "shop.example.com").setAttribute("url.path", "/orders")
                .setAttribute("user_agent.original", "curl/8.5").startSpan();
        String traceId;
        try (Scope ignored = server.makeCurrent()) {
            traceId = server.getSpanContext().getTraceId();
            Span call = tracer.spanBuilder("GET").setSpanKind(SpanKind.CLIENT)
                    .setAttribute("http.request.method", "GET").setAttribute("url.full", "http://fraud:8080/check")
                    .startSpan();
            clock.advance(Duration.ofMillis(30));
            call.setAttribute("http.response.status_code", 503L);
            call.end();
            Span query = tracer.spanBuilder("SELECT orders").setSpanKind(SpanKind.CLIENT)
                    .setAttribute("db.system", "postgresql").setAttribute("db.namespace", "shop")
                    .setAttribute("server.address", "db.internal").setAttribute("db.query.text", "SELECT * FROM orders WHERE id = ?")
                    .startSpan();
            query.end();
            server.setAttribute("order.tier", "gold");
            server.setAttribute("http.response.status_code", 200L);
        } finally {
            server.end();
        }

        JsonNode segment = onlySegment(traceId);
        assertEquals("GET /orders", segment.get("name").asText());
        assertEquals("GET", segment.at("/http/request/method").asText());
        assertEquals("https://shop.example.com/orders", segment.at("/http/request/url").asText());
        assertEquals("curl/8.5", segment.at("/http/request/user_agent").asText());
        assertEquals(200, segment.at("/http/response/status").asInt());
        assertEquals("gold", segment.at("/annotations/order_tier").asText(), "an annotated attribute, its dot made an underscore");
        JsonNode call = segment.at("/subsegments/0");
        assertEquals("remote", call.get("namespace").asText());
        assertEquals(503, call.at("/http/response/status").asInt());
        assertTrue(call.get("fault").asBoolean(), "5xx is a fault");
        JsonNode query = segment.at("/subsegments/1");
        assertEquals("remote", query.get("namespace").asText());
        assertEquals("postgresql", query.at("/sql/database_type").asText());
        assertEquals("db.internal/shop", query.at("/sql/url").asText());
        assertEquals("SELECT * FROM orders WHERE id = ?", query.at("/sql/sanitized_query").asText());
    }

    @Test
    void theW3cTraceIdIsTheXRayTraceIdAndARemoteParentIsContinued() throws Exception {
        String incoming = "00-5759e988bd862e3fe1be46a994272793-53995c3f42cd8ad8-01";
        Map<String, String> headers = Map.of("traceparent", incoming);
        Context remote = openTelemetry.getPropagators().getTextMapPropagator().extract(Context.root(), headers, GETTER);
        Span server = tracer.spanBuilder("orders").setParent(remote).setSpanKind(SpanKind.SERVER).startSpan();
        assertEquals("5759e988bd862e3fe1be46a994272793", server.getSpanContext().getTraceId());
        Map<String, String> outgoing = new HashMap<>();
        try (Scope ignored = server.makeCurrent()) {
            openTelemetry.getPropagators().getTextMapPropagator().inject(Context.current(), outgoing, Map::put);
        }
        server.end();

        JsonNode segment = onlySegment("5759e988bd862e3fe1be46a994272793");
        assertEquals("1-5759e988-bd862e3fe1be46a994272793", segment.get("trace_id").asText());
        assertEquals("53995c3f42cd8ad8", segment.get("parent_id").asText(), "the caller's span id is X-Ray's Parent");
        assertEquals("00-5759e988bd862e3fe1be46a994272793-" + segment.get("id").asText() + "-01", outgoing.get("traceparent"));
    }

    /** A library using the OpenTelemetry API inside a request Monitor's own instrumentation traces. */
    @Test
    void aSpanWithoutAParentJoinsTheSegmentMonitorMadeCurrent() throws Exception {
        String traceId;
        try (Segment segment = xray.beginSegment("checkout")) {
            traceId = segment.traceId();
            Span cacheLookup = tracer.spanBuilder("cache.get").startSpan();
            cacheLookup.recordException(new IllegalStateException("cache down"));
            cacheLookup.setStatus(StatusCode.ERROR, "cache down");
            cacheLookup.end();
        }
        JsonNode segment = onlySegment(traceId.substring(2, 10) + traceId.substring(11));
        JsonNode subsegment = segment.at("/subsegments/0");
        assertEquals("cache.get", subsegment.get("name").asText());
        assertTrue(subsegment.get("fault").asBoolean());
        assertEquals("cache down", subsegment.at("/cause/exceptions/0/message").asText());
    }

    @Test
    void anAwsSdkSpanIsAnAwsSubsegmentNamedAfterItsService() throws Exception {
        Span server = tracer.spanBuilder("orders").setSpanKind(SpanKind.SERVER).startSpan();
        try (Scope ignored = server.makeCurrent()) {
            Span put = tracer.spanBuilder("DynamoDB.PutItem").setSpanKind(SpanKind.CLIENT)
                    .setAttribute("rpc.system", "aws-api").setAttribute("rpc.service", "DynamoDB")
                    .setAttribute("rpc.method", "PutItem").setAttribute("cloud.region", "eu-west-1")
                    .setAttribute("aws.request_id", "REQ123").startSpan();
            put.setAttribute("http.response.status_code", 429L);
            put.end();
        } finally {
            server.end();
        }
        JsonNode call = onlySegment(server.getSpanContext().getTraceId()).at("/subsegments/0");
        assertEquals("DynamoDB", call.get("name").asText());
        assertEquals("aws", call.get("namespace").asText());
        assertEquals("PutItem", call.at("/aws/operation").asText());
        assertEquals("eu-west-1", call.at("/aws/region").asText());
        assertEquals("REQ123", call.at("/aws/request_id").asText());
        assertTrue(call.get("throttle").asBoolean(), "429 is a throttle");
        assertTrue(call.get("error").asBoolean(), "and an error");
    }

    @Test
    void otherAttributesAreMetadataAndAnEndedSpanIgnoresLaterCalls() throws Exception {
        Span span = tracer.spanBuilder("job").setSpanKind(SpanKind.SERVER).setAttribute("job.items", 42L).startSpan();
        span.setAttribute("job.kind", "nightly");
        assertTrue(span.isRecording());
        span.end();
        span.setAttribute("job.late", "ignored");
        span.end();
        assertFalse(span.isRecording());

        JsonNode segment = onlySegment(span.getSpanContext().getTraceId());
        assertEquals(42, segment.at("/metadata/default/job.items").asInt());
        assertEquals("nightly", segment.at("/metadata/default/job.kind").asText());
        assertTrue(segment.at("/metadata/default/job.late").isMissingNode());
    }

    private JsonNode onlySegment(String w3cTraceId) throws Exception {
        assertTrue(xray.flush(Duration.ofSeconds(10)));
        String xrayId = "1-" + w3cTraceId.substring(0, 8) + "-" + w3cTraceId.substring(8);
        JsonNode answer = JSON.readTree(xray.traces().batchGetTraces(List.of(xrayId)));
        JsonNode segments = answer.at("/Traces/0/Segments");
        assertEquals(1, segments.size(), answer.toString());
        return JSON.readTree(segments.get(0).get("Document").asText());
    }

    private static final TextMapGetter<Map<String, String>> GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier.get(key);
        }
    };
}
