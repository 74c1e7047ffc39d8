package dev.monitor.otlp.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monitor.core.export.SegmentDocument;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * X-Ray segment documents as an {@code ExportTraceServiceRequest} (trace.proto); the mapping is
 * described in the package's documentation ({@code dev.monitor.otlp}). Each segment and each of
 * its subsegments, at any depth, is one span; the segment's name (X-Ray's service) is the
 * resource's {@code service.name}. A document still in progress is left out whole: X-Ray sends the
 * segment again, complete, when it ends. A document that is not a segment (bad JSON, ids that are
 * not X-Ray's) is counted in {@link #invalid()}. Not thread-safe: the exporter's thread owns it.
 */
final class SpansEncoding {
    static final String SCOPE = "dev.monitor.xray";
    static final int KIND_INTERNAL = 1;
    static final int KIND_SERVER = 2;
    static final int KIND_CLIENT = 3;
    static final int STATUS_UNSET = 0;
    static final int STATUS_ERROR = 2;
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final Map<String, String> DB_SYSTEMS = Map.of("postgresql", "postgresql", "mysql", "mysql",
            "oracle", "oracle", "microsoft sql server", "mssql", "sql server", "mssql", "h2", "h2", "mariadb", "mariadb",
            "hsqldb", "hsqldb", "derby", "derby", "sqlite", "sqlite");

    private final Map<String, ?> resource;
    private final String defaultService;
    private long invalid;

    /** An exception as a span event. */
    record Event(long nanos, String name, Map<String, Object> attributes) {
    }

    /** One span, read from its segment or subsegment. */
    record Span(String service, byte[] traceId, byte[] spanId, byte[] parentId, String name, int kind, long start, long end,
                Map<String, Object> attributes, List<Event> events, int status, String statusMessage) {
    }

    /**
     * @param resource       the resource attributes every span has ({@code service.name} is replaced by the segment's name)
     * @param defaultService the service of a subsegment sent on its own, whose segment's name the document does not give
     */
    SpansEncoding(Map<String, ?> resource, String defaultService) {
        this.resource = resource;
        this.defaultService = defaultService;
    }

    /** How many documents so far were not segments; the caller counts them as dropped. */
    long invalid() {
        return invalid;
    }

    /** The spans of {@code batch}, in document order, each parent before its children. */
    List<Span> spans(List<SegmentDocument> batch) {
        List<Span> spans = new ArrayList<>();
        for (SegmentDocument document : batch) {
            JsonNode root;
            try {
                root = JSON.readTree(document.document());
            } catch (Exception e) {
                invalid++;
                continue;
            }
            if (root == null || !root.isObject() || root.path("in_progress").asBoolean(false)) {
                invalid += root != null && root.isObject() ? 0 : 1;
                continue;
            }
            boolean standalone = "subsegment".equals(root.path("type").asText());
            byte[] traceId = Ids.traceId(root.hasNonNull("trace_id") ? root.get("trace_id").asText() : document.traceId());
            if (traceId == null) {
                invalid++;
                continue;
            }
            String service = standalone ? defaultService : root.path("name").asText(defaultService);
            byte[] parent = root.hasNonNull("parent_id") ? Ids.spanId(root.get("parent_id").asText()) : null;
            int before = spans.size();
            if (!add(root, service, traceId, parent, !standalone, spans)) {
                while (spans.size() > before) {
                    spans.remove(spans.size() - 1);
                }
                invalid++;
            }
        }
        return spans;
    }

    /** Adds the span of {@code node} and of its subsegments; false when an id or a time is missing. */
    private static boolean add(JsonNode node, String service, byte[] traceId, byte[] parent, boolean segment, List<Span> spans) {
        byte[] spanId = Ids.spanId(node.path("id").asText(null));
        if (spanId == null || !node.hasNonNull("start_time")) {
            return false;
        }
        if (node.path("in_progress").asBoolean(false) || !node.hasNonNull("end_time")) {
            return true; // an open subsegment: it comes again, ended, with its segment
        }
        String namespace = node.path("namespace").asText("");
        int kind = segment ? KIND_SERVER : namespace.equals("aws") || namespace.equals("remote") ? KIND_CLIENT : KIND_INTERNAL;
        Map<String, Object> attributes = new LinkedHashMap<>();
        http(node.path("http"), attributes);
        sql(node.path("sql"), attributes);
        if (namespace.equals("aws") || node.has("aws") && !segment) {
            aws(node.path("aws"), node.path("name").asText(), attributes);
        }
        if (node.hasNonNull("user")) {
            attributes.put("enduser.id", node.get("user").asText());
        }
        boolean fault = node.path("fault").asBoolean(false);
        boolean error = node.path("error").asBoolean(false);
        boolean throttle = node.path("throttle").asBoolean(false);
        long end = nanos(node.get("end_time"));
        List<Event> events = exceptions(node.path("cause"), end);
        if (fault) {
            attributes.put("aws.xray.fault", true);
        }
        if (error) {
            attributes.put("aws.xray.error", true);
        }
        if (throttle) {
            attributes.put("aws.xray.throttle", true);
        }
        Object status = attributes.get("http.response.status_code");
        if (status instanceof Long code && code >= 400 && (fault || error)) {
            attributes.put("error.type", Long.toString(code));
        } else if ((fault || error) && !events.isEmpty()) {
            attributes.put("error.type", events.get(0).attributes().get("exception.type"));
        }
        annotations(node.path("annotations"), attributes);
        metadata(node.path("metadata"), attributes);
        // A 4xx is the client's error: a server span leaves its status unset, a client span is an error
        // (https://opentelemetry.io/docs/specs/semconv/http/http-spans/#status).
        boolean failed = fault || (error && kind != KIND_SERVER);
        String message = failed && !events.isEmpty() ? (String) events.get(0).attributes().get("exception.message") : null;
        spans.add(new Span(service, traceId, spanId, parent, node.path("name").asText(""), kind, nanos(node.get("start_time")), end,
                attributes, events, failed ? STATUS_ERROR : STATUS_UNSET, message));
        for (JsonNode child : node.path("subsegments")) {
            if (!add(child, service, traceId, spanId, false, spans)) {
                return false;
            }
        }
        return true;
    }

    private static void http(JsonNode http, Map<String, Object> attributes) {
        JsonNode request = http.path("request");
        putText(attributes, "http.request.method", request.get("method"));
        putText(attributes, "url.full", request.get("url"));
        putText(attributes, "client.address", request.get("client_ip"));
        putText(attributes, "user_agent.original", request.get("user_agent"));
        JsonNode response = http.path("response");
        if (response.path("status").canConvertToLong() && response.path("status").isNumber()) {
            attributes.put("http.response.status_code", response.get("status").longValue());
        }
        if (response.path("content_length").isNumber()) {
            attributes.put("http.response.body.size", response.get("content_length").longValue());
        }
    }

    private static void sql(JsonNode sql, Map<String, Object> attributes) {
        if (!sql.isObject()) {
            return;
        }
        if (sql.hasNonNull("database_type")) {
            String type = sql.get("database_type").asText();
            attributes.put("db.system", DB_SYSTEMS.getOrDefault(type.toLowerCase(Locale.ROOT), "other_sql"));
        } else {
            attributes.put("db.system", "other_sql");
        }
        putText(attributes, "db.query.text", sql.get("sanitized_query"));
        if (sql.hasNonNull("url")) {
            String url = sql.get("url").asText();
            try {
                URI uri = URI.create(url.startsWith("jdbc:") ? url.substring(5) : url);
                if (uri.getHost() != null) {
                    attributes.put("server.address", uri.getHost());
                    if (uri.getPort() > 0) {
                        attributes.put("server.port", (long) uri.getPort());
                    }
                }
            } catch (IllegalArgumentException notAUri) {
                // a JDBC URL of another shape: its server is not told
            }
        }
    }

    /** An AWS SDK call: X-Ray names the subsegment after the service. */
    private static void aws(JsonNode aws, String service, Map<String, Object> attributes) {
        attributes.put("rpc.system", "aws-api");
        attributes.put("rpc.service", service);
        putText(attributes, "rpc.method", aws.get("operation"));
        putText(attributes, "cloud.region", aws.get("region"));
        putText(attributes, "aws.request_id", aws.get("request_id"));
        putText(attributes, "cloud.account.id", aws.get("account_id"));
        if (aws.hasNonNull("table_name")) {
            attributes.put("aws.dynamodb.table_names", List.of(aws.get("table_name").asText()));
        }
        putText(attributes, "aws.sqs.queue.url", aws.get("queue_url"));
    }

    private static void annotations(JsonNode annotations, Map<String, Object> attributes) {
        for (Iterator<Map.Entry<String, JsonNode>> it = annotations.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> annotation = it.next();
            attributes.put(annotation.getKey(), scalar(annotation.getValue()));
        }
    }

    /** Metadata is namespaced objects of any JSON: {@code aws.xray.metadata.<namespace>.<key>}, a string or the JSON text. */
    private static void metadata(JsonNode metadata, Map<String, Object> attributes) {
        for (Iterator<Map.Entry<String, JsonNode>> namespaces = metadata.fields(); namespaces.hasNext(); ) {
            Map.Entry<String, JsonNode> namespace = namespaces.next();
            if (!namespace.getValue().isObject()) {
                attributes.put("aws.xray.metadata." + namespace.getKey(), text(namespace.getValue()));
                continue;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = namespace.getValue().fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                attributes.put("aws.xray.metadata." + namespace.getKey() + "." + entry.getKey(), text(entry.getValue()));
            }
        }
    }

    private static List<Event> exceptions(JsonNode cause, long end) {
        List<Event> events = new ArrayList<>();
        for (JsonNode exception : cause.path("exceptions")) {
            Map<String, Object> attributes = new LinkedHashMap<>();
            attributes.put("exception.type", exception.path("type").asText(""));
            attributes.put("exception.message", exception.path("message").asText(""));
            if (exception.path("stack").size() > 0) {
                StringBuilder trace = new StringBuilder(exception.path("type").asText(""));
                trace.append(": ").append(exception.path("message").asText(""));
                for (JsonNode frame : exception.get("stack")) {
                    trace.append("\n\tat ").append(frame.path("label").asText("?")).append('(')
                            .append(frame.path("path").asText("unknown")).append(':').append(frame.path("line").asInt()).append(')');
                }
                attributes.put("exception.stacktrace", trace.toString());
            }
            events.add(new Event(end, "exception", attributes));
        }
        return events;
    }

    private static Object scalar(JsonNode value) {
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return value.longValue();
        }
        if (value.isNumber()) {
            return value.doubleValue();
        }
        return text(value);
    }

    private static String text(JsonNode value) {
        return value.isTextual() ? value.asText() : value.toString();
    }

    private static void putText(Map<String, Object> attributes, String key, JsonNode value) {
        if (value != null && !value.isNull() && !value.isContainerNode()) {
            attributes.put(key, value.asText());
        }
    }

    /** Epoch seconds with a fraction, read exactly as written (microseconds), as nanoseconds. */
    static long nanos(JsonNode seconds) {
        BigDecimal exact = seconds.isBigDecimal() || seconds.isNumber() ? seconds.decimalValue() : new BigDecimal(seconds.asText());
        return exact.movePointRight(9).setScale(0, RoundingMode.HALF_UP).longValueExact();
    }

    /** Writes {@code spans} as one request, grouped by service. */
    void encode(List<Span> spans, Encoder out) {
        Map<String, List<Span>> byService = new LinkedHashMap<>();
        for (Span span : spans) {
            byService.computeIfAbsent(span.service(), k -> new ArrayList<>()).add(span);
        }
        out.beginList(1, "resourceSpans");
        for (Map.Entry<String, List<Span>> service : byService.entrySet()) {
            out.item();
            Map<String, Object> attributes = new LinkedHashMap<>(resource);
            attributes.put("service.name", service.getKey());
            Attributes.resource(out, attributes);
            out.beginList(2, "scopeSpans");
            out.item();
            Attributes.scope(out, SCOPE, null);
            out.beginList(2, "spans");
            for (Span span : service.getValue()) {
                span(span, out);
            }
            out.endList();
            out.end();
            out.endList();
            out.end();
        }
        out.endList();
    }

    private static void span(Span span, Encoder out) {
        out.item();
        out.id(1, "traceId", span.traceId());
        out.id(2, "spanId", span.spanId());
        if (span.parentId() != null) {
            out.id(4, "parentSpanId", span.parentId());
        }
        out.string(5, "name", span.name());
        out.uint32(6, "kind", span.kind());
        out.fixed64(7, "startTimeUnixNano", span.start());
        out.fixed64(8, "endTimeUnixNano", span.end());
        Attributes.write(out, 9, span.attributes());
        if (!span.events().isEmpty()) {
            out.beginList(11, "events");
            for (Event event : span.events()) {
                out.item();
                out.fixed64(1, "timeUnixNano", event.nanos());
                out.string(2, "name", event.name());
                Attributes.write(out, 3, event.attributes());
                out.end();
            }
            out.endList();
        }
        out.begin(15, "status"); // written when unset too, as the SDK's exporter does: a reader sees UNSET either way
        if (span.statusMessage() != null) {
            out.string(2, "message", span.statusMessage());
        }
        if (span.status() != STATUS_UNSET) {
            out.uint32(3, "code", span.status());
        }
        out.end();
        out.end();
    }
}
