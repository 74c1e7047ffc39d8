package dev.monitor.otlp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monitor.core.export.Exporter;
import dev.monitor.core.export.SegmentDocument;
import dev.monitor.core.export.Signal;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.IdGenerator;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * X-Ray segment documents (https://docs.aws.amazon.com/xray/latest/devguide/xray-api-segmentdocuments.html)
 * as OTLP spans, decoded by the official definitions; and the same spans made with the
 * OpenTelemetry SDK and sent by its own OTLP exporter to the same receiver, which must decode to
 * the same spans: ids, parents, kinds, times, semantic-convention attributes
 * (https://opentelemetry.io/docs/specs/semconv/http/http-spans/, .../database/database-spans/,
 * .../cloud-providers/aws-sdk/), events and status.
 */
class TracesExportTest {
    static final String TRACE = "1-5759e988-bd862e3fe1be46a994272793";
    static final String ROOT = "53995c3f42cd8ad8";
    static final String UPSTREAM = "0102030405060708";
    static final String DYNAMO = "6fa1b2c3d4e5f607";
    static final String MARSHAL = "7a1b2c3d4e5f6071";
    static final String DB = "8b1c2d3e4f506172";
    static final String ALONE = "9c1d2e3f40516273";
    static final long T = 1_767_261_600L;

    static final String SEGMENT = """
            {"name":"shop","id":"%s","trace_id":"%s","parent_id":"%s","start_time":%d.100000,"end_time":%d.400000,
             "http":{"request":{"method":"GET","url":"https://shop.example.com/orders/42","client_ip":"10.0.0.1","user_agent":"curl/8.5"},
                     "response":{"status":500,"content_length":12}},
             "fault":true,
             "cause":{"working_directory":"/app","exceptions":[{"id":"a1b2c3d4e5f60718","message":"boom","type":"java.lang.IllegalStateException",
                      "stack":[{"path":"Shop.java","line":10,"label":"dev.Shop.get"}]}]},
             "annotations":{"customer":"c-7","items":3,"vip":true},
             "metadata":{"debug":{"cart":{"size":3}}},
             "subsegments":[
               {"name":"DynamoDB","id":"%s","start_time":%d.150000,"end_time":%d.200000,"namespace":"aws",
                "aws":{"operation":"GetItem","region":"eu-west-1","request_id":"ABC","table_name":"orders"},
                "http":{"response":{"status":200}},
                "subsegments":[{"name":"marshal","id":"%s","start_time":%d.151000,"end_time":%d.152000}]},
               {"name":"orders-db","id":"%s","start_time":%d.250000,"end_time":%d.300000,"namespace":"remote",
                "sql":{"url":"jdbc:postgresql://db.internal:5432/shop","sanitized_query":"SELECT * FROM orders WHERE id = ?","database_type":"PostgreSQL"},
                "http":{"response":{"status":429}},"error":true,"throttle":true}
             ]}""".formatted(ROOT, TRACE, UPSTREAM, T, T, DYNAMO, T, T, MARSHAL, T, T, DB, T, T).replace("\n", "");
    static final String STANDALONE = """
            {"name":"render","id":"%s","trace_id":"%s","type":"subsegment","parent_id":"%s","start_time":%d.310000,"end_time":%d.320000}"""
            .formatted(ALONE, TRACE, ROOT, T, T);
    static final String IN_PROGRESS = """
            {"name":"shop","id":"1111111111111111","trace_id":"%s","start_time":%d.5,"in_progress":true}""".formatted(TRACE, T);

    private final Fixture fixture = new Fixture();

    TracesExportTest() throws java.io.IOException {
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    private static List<SegmentDocument> documents() {
        return List.of(new SegmentDocument(TRACE, ROOT, SEGMENT), new SegmentDocument(TRACE, ALONE, STANDALONE),
                new SegmentDocument(TRACE, "1111111111111111", IN_PROGRESS));
    }

    private static Map<String, Span> byId(ExportTraceServiceRequest request) {
        Map<String, Span> spans = new TreeMap<>();
        for (ResourceSpans resource : request.getResourceSpansList()) {
            for (ScopeSpans scope : resource.getScopeSpansList()) {
                for (Span span : scope.getSpansList()) {
                    spans.put(HexFormat.of().formatHex(span.getSpanId().toByteArray()), span);
                }
            }
        }
        return spans;
    }

    private static Map<String, Object> attributes(List<KeyValue> attributes) {
        Map<String, Object> map = new TreeMap<>();
        for (KeyValue kv : attributes) {
            var value = kv.getValue();
            map.put(kv.getKey(), switch (value.getValueCase()) {
                case STRING_VALUE -> value.getStringValue();
                case INT_VALUE -> value.getIntValue();
                case BOOL_VALUE -> value.getBoolValue();
                case DOUBLE_VALUE -> value.getDoubleValue();
                case ARRAY_VALUE -> value.getArrayValue().getValuesList().stream().map(v -> v.getStringValue()).toList();
                default -> value.toString();
            });
        }
        return map;
    }

    @Test
    void eachSegmentAndSubsegmentIsASpanWithItsParentKindTimesAndConventions() throws Exception {
        Exporter<SegmentDocument> exporter = fixture.exporter(Signal.TRACES, "service-name", "shop");
        exporter.export(documents());
        ExportTraceServiceRequest request = fixture.receiver.received("/v1/traces").get(0).traces();
        Map<String, Span> spans = byId(request);
        assertEquals(List.of(DYNAMO, ROOT, MARSHAL, DB, ALONE).stream().sorted().toList(), List.copyOf(spans.keySet()),
                "the in-progress segment is left out until it ends");
        Span root = spans.get(ROOT);
        assertEquals("5759e988bd862e3fe1be46a994272793", HexFormat.of().formatHex(root.getTraceId().toByteArray()));
        assertEquals(UPSTREAM, HexFormat.of().formatHex(root.getParentSpanId().toByteArray()));
        assertEquals(Span.SpanKind.SPAN_KIND_SERVER, root.getKind());
        assertEquals(T * 1_000_000_000L + 100_000_000L, root.getStartTimeUnixNano());
        assertEquals(T * 1_000_000_000L + 400_000_000L, root.getEndTimeUnixNano());
        Map<String, Object> rootAttributes = attributes(root.getAttributesList());
        assertEquals("GET", rootAttributes.get("http.request.method"));
        assertEquals("https://shop.example.com/orders/42", rootAttributes.get("url.full"));
        assertEquals(500L, rootAttributes.get("http.response.status_code"));
        assertEquals("c-7", rootAttributes.get("customer"));
        assertEquals(3L, rootAttributes.get("items"));
        assertEquals(true, rootAttributes.get("vip"));
        assertEquals("{\"size\":3}", rootAttributes.get("aws.xray.metadata.debug.cart"));
        assertEquals(Status.StatusCode.STATUS_CODE_ERROR, root.getStatus().getCode());
        assertEquals("boom", root.getStatus().getMessage());
        assertEquals("exception", root.getEvents(0).getName());

        Span dynamo = spans.get(DYNAMO);
        assertEquals(ROOT, HexFormat.of().formatHex(dynamo.getParentSpanId().toByteArray()));
        assertEquals(Span.SpanKind.SPAN_KIND_CLIENT, dynamo.getKind());
        Map<String, Object> aws = attributes(dynamo.getAttributesList());
        assertEquals("aws-api", aws.get("rpc.system"));
        assertEquals("DynamoDB", aws.get("rpc.service"));
        assertEquals("GetItem", aws.get("rpc.method"));
        assertEquals("eu-west-1", aws.get("cloud.region"));
        assertEquals(List.of("orders"), aws.get("aws.dynamodb.table_names"));
        assertEquals(Status.StatusCode.STATUS_CODE_UNSET, dynamo.getStatus().getCode());

        Span marshal = spans.get(MARSHAL);
        assertEquals(DYNAMO, HexFormat.of().formatHex(marshal.getParentSpanId().toByteArray()), "a subsegment's child");
        assertEquals(Span.SpanKind.SPAN_KIND_INTERNAL, marshal.getKind());

        Span db = spans.get(DB);
        Map<String, Object> sql = attributes(db.getAttributesList());
        assertEquals("postgresql", sql.get("db.system"));
        assertEquals("SELECT * FROM orders WHERE id = ?", sql.get("db.query.text"));
        assertEquals("db.internal", sql.get("server.address"));
        assertEquals(true, sql.get("aws.xray.throttle"));
        assertEquals(Status.StatusCode.STATUS_CODE_ERROR, db.getStatus().getCode(), "an error (4xx) of a client span");

        Span alone = spans.get(ALONE);
        assertEquals(ROOT, HexFormat.of().formatHex(alone.getParentSpanId().toByteArray()));
        for (ResourceSpans resource : request.getResourceSpansList()) {
            assertEquals("shop", attributes(resource.getResource().getAttributesList()).get("service.name"));
            assertEquals("dev.monitor.xray", resource.getScopeSpans(0).getScope().getName());
        }
    }

    @Test
    void jsonCarriesTheSameSpansAsProtobuf() throws Exception {
        fixture.exporter(Signal.TRACES, "service-name", "shop").export(documents());
        fixture.exporter(Signal.TRACES, "service-name", "shop", "protocol", "http/json").export(documents());
        List<OtlpReceiver.Received> requests = fixture.receiver.received("/v1/traces");
        assertTrue(requests.get(1).json());
        assertEquals(requests.get(0).traces(), requests.get(1).traces());
    }

    @Test
    void aDocumentThatIsNotASegmentIsDroppedAndCountedAndTheOthersGoOut() throws Exception {
        Exporter<SegmentDocument> exporter = fixture.exporter(Signal.TRACES);
        exporter.export(List.of(new SegmentDocument(TRACE, "x", "{not json"), new SegmentDocument(TRACE, ALONE, STANDALONE),
                new SegmentDocument("nope", "y", "{\"name\":\"a\",\"id\":\"2222222222222222\",\"start_time\":1,\"end_time\":2}")));
        assertEquals(1, byId(fixture.receiver.received("/v1/traces").get(0).traces()).size());
        assertEquals(2.0, fixture.dropped(Signal.TRACES, "Invalid"));
    }

    /** The SDK's span ids, in the order the test starts its spans, and the trace's id. */
    private static final class FixedIds implements IdGenerator {
        private final Deque<String> spanIds = new ArrayDeque<>();

        FixedIds(String... ids) {
            spanIds.addAll(List.of(ids));
        }

        @Override
        public String generateSpanId() {
            return spanIds.removeFirst();
        }

        @Override
        public String generateTraceId() {
            return "5759e988bd862e3fe1be46a994272793";
        }
    }

    private static long nanos(long seconds, long micros) {
        return seconds * 1_000_000_000L + micros * 1_000L;
    }

    /** The same spans, made through the OpenTelemetry API and exported by the SDK's own OTLP/HTTP exporter. */
    private void sendWithTheSdk() {
        OtlpHttpSpanExporter otlp = OtlpHttpSpanExporter.builder().setEndpoint(fixture.receiver.url() + "/v1/sdk-traces").build();
        try (SdkTracerProvider provider = SdkTracerProvider.builder()
                .setResource(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "shop")))
                .setIdGenerator(new FixedIds(ROOT, DYNAMO, MARSHAL, DB, ALONE))
                .addSpanProcessor(SimpleSpanProcessor.create(otlp)).build()) {
            Tracer tracer = provider.get("dev.monitor.xray");
            Context upstream = Context.root().with(io.opentelemetry.api.trace.Span.wrap(SpanContext.createFromRemoteParent(
                    "5759e988bd862e3fe1be46a994272793", UPSTREAM, TraceFlags.getSampled(), TraceState.getDefault())));
            io.opentelemetry.api.trace.Span root = tracer.spanBuilder("shop").setParent(upstream).setSpanKind(SpanKind.SERVER)
                    .setStartTimestamp(nanos(T, 100_000), TimeUnit.NANOSECONDS).startSpan();
            root.setAttribute("http.request.method", "GET");
            root.setAttribute("url.full", "https://shop.example.com/orders/42");
            root.setAttribute("client.address", "10.0.0.1");
            root.setAttribute("user_agent.original", "curl/8.5");
            root.setAttribute(AttributeKey.longKey("http.response.status_code"), 500L);
            root.setAttribute(AttributeKey.longKey("http.response.body.size"), 12L);
            root.setAttribute("aws.xray.fault", true);
            root.setAttribute("error.type", "500");
            root.setAttribute("customer", "c-7");
            root.setAttribute(AttributeKey.longKey("items"), 3L);
            root.setAttribute("vip", true);
            root.setAttribute("aws.xray.metadata.debug.cart", "{\"size\":3}");
            root.addEvent("exception", Attributes.of(AttributeKey.stringKey("exception.type"), "java.lang.IllegalStateException",
                    AttributeKey.stringKey("exception.message"), "boom",
                    AttributeKey.stringKey("exception.stacktrace"), "java.lang.IllegalStateException: boom\n\tat dev.Shop.get(Shop.java:10)"),
                    nanos(T, 400_000), TimeUnit.NANOSECONDS);
            root.setStatus(StatusCode.ERROR, "boom");
            Context inRoot = Context.root().with(root);
            io.opentelemetry.api.trace.Span dynamo = tracer.spanBuilder("DynamoDB").setParent(inRoot).setSpanKind(SpanKind.CLIENT)
                    .setStartTimestamp(nanos(T, 150_000), TimeUnit.NANOSECONDS).startSpan();
            dynamo.setAttribute(AttributeKey.longKey("http.response.status_code"), 200L);
            dynamo.setAttribute("rpc.system", "aws-api");
            dynamo.setAttribute("rpc.service", "DynamoDB");
            dynamo.setAttribute("rpc.method", "GetItem");
            dynamo.setAttribute("cloud.region", "eu-west-1");
            dynamo.setAttribute("aws.request_id", "ABC");
            dynamo.setAttribute(AttributeKey.stringArrayKey("aws.dynamodb.table_names"), List.of("orders"));
            io.opentelemetry.api.trace.Span marshal = tracer.spanBuilder("marshal").setParent(Context.root().with(dynamo))
                    .setSpanKind(SpanKind.INTERNAL).setStartTimestamp(nanos(T, 151_000), TimeUnit.NANOSECONDS).startSpan();
            marshal.end(nanos(T, 152_000), TimeUnit.NANOSECONDS);
            dynamo.end(nanos(T, 200_000), TimeUnit.NANOSECONDS);
            io.opentelemetry.api.trace.Span db = tracer.spanBuilder("orders-db").setParent(inRoot).setSpanKind(SpanKind.CLIENT)
                    .setStartTimestamp(nanos(T, 250_000), TimeUnit.NANOSECONDS).startSpan();
            db.setAttribute(AttributeKey.longKey("http.response.status_code"), 429L);
            db.setAttribute("db.system", "postgresql");
            db.setAttribute("db.query.text", "SELECT * FROM orders WHERE id = ?");
            db.setAttribute("server.address", "db.internal");
            db.setAttribute(AttributeKey.longKey("server.port"), 5432L);
            db.setAttribute("aws.xray.error", true);
            db.setAttribute("aws.xray.throttle", true);
            db.setAttribute("error.type", "429");
            db.setStatus(StatusCode.ERROR);
            db.end(nanos(T, 300_000), TimeUnit.NANOSECONDS);
            io.opentelemetry.api.trace.Span alone = tracer.spanBuilder("render").setParent(inRoot).setSpanKind(SpanKind.INTERNAL)
                    .setStartTimestamp(nanos(T, 310_000), TimeUnit.NANOSECONDS).startSpan();
            alone.end(nanos(T, 320_000), TimeUnit.NANOSECONDS);
            root.end(nanos(T, 400_000), TimeUnit.NANOSECONDS);
            provider.forceFlush().join(10, TimeUnit.SECONDS);
        }
    }

    /** What a span means, without what only says who encoded it: flags, and the order of attributes. */
    private static Span meaning(Span span) {
        Span.Builder builder = span.toBuilder().clearFlags().clearAttributes().addAllAttributes(sorted(span.getAttributesList()))
                .clearEvents();
        for (Span.Event event : span.getEventsList()) {
            builder.addEvents(event.toBuilder().clearAttributes().addAllAttributes(sorted(event.getAttributesList())));
        }
        return builder.build();
    }

    private static List<KeyValue> sorted(List<KeyValue> attributes) {
        return attributes.stream().sorted(Comparator.comparing(KeyValue::getKey)).toList();
    }

    @Test
    void theSdksOwnOtlpExporterSendsTheSameSpansForTheSameTrace() throws Exception {
        fixture.exporter(Signal.TRACES, "service-name", "shop").export(documents());
        sendWithTheSdk();
        Map<String, Span> ours = byId(fixture.receiver.received("/v1/traces").get(0).traces());
        Map<String, Span> sdks = new TreeMap<>();
        for (OtlpReceiver.Received request : fixture.receiver.received("/v1/sdk-traces")) {
            ExportTraceServiceRequest decoded = request.traces();
            for (ResourceSpans resource : decoded.getResourceSpansList()) {
                assertEquals("shop", attributes(resource.getResource().getAttributesList()).get("service.name"));
                assertEquals("dev.monitor.xray", resource.getScopeSpans(0).getScope().getName());
            }
            sdks.putAll(byId(decoded));
        }
        assertEquals(sdks.keySet(), ours.keySet());
        for (String id : ours.keySet()) {
            assertEquals(meaning(sdks.get(id)), meaning(ours.get(id)), "span " + id);
        }
        assertFalse(ours.isEmpty());
    }
}
