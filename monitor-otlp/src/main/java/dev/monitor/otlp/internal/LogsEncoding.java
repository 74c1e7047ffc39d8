package dev.monitor.otlp.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monitor.core.export.LogEvent;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Monitor's log events as an {@code ExportLogsServiceRequest} (logs.proto). Each event's JSON line
 * becomes one {@code LogRecord}: {@code timestamp} its time (and observed time), {@code level} its
 * severity text and number (TRACE 1, DEBUG 5, INFO 9, WARN 13, ERROR 17, FATAL 21: the first number
 * of each range, https://opentelemetry.io/docs/specs/otel/logs/data-model/#field-severitynumber),
 * {@code message} its body, {@code traceId} and {@code segmentId} (X-Ray's) its trace and span ids,
 * {@code thread} {@code thread.name}, {@code exception} the semantic conventions' {@code exception.*}
 * attributes, and every other field an attribute of the same name (a nested value as its JSON
 * text). The logger is the instrumentation scope, as OpenTelemetry's own log appenders make it;
 * the group and stream are {@code aws.log.group.names} and {@code aws.log.stream.names}. A line
 * that is not a JSON object is the body as it is.
 */
final class LogsEncoding {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Map<String, ?> resource;

    LogsEncoding(Map<String, ?> resource) {
        this.resource = resource;
    }

    /** One event, read from its line, before it is written. */
    private record Record(long nanos, int severity, String severityText, Object body, Map<String, Object> attributes,
                          byte[] traceId, byte[] spanId) {
    }

    /** Writes {@code batch} as one request; returns the records written. */
    int encode(List<LogEvent> batch, Encoder out) {
        Map<String, List<Record>> byLogger = new LinkedHashMap<>();
        for (LogEvent event : batch) {
            String[] logger = new String[1];
            Record record = record(event, logger);
            byLogger.computeIfAbsent(logger[0], k -> new ArrayList<>()).add(record);
        }
        out.beginList(1, "resourceLogs");
        out.item();
        Attributes.resource(out, resource);
        out.beginList(2, "scopeLogs");
        for (Map.Entry<String, List<Record>> scope : byLogger.entrySet()) {
            out.item();
            Attributes.scope(out, scope.getKey(), null);
            out.beginList(2, "logRecords");
            for (Record record : scope.getValue()) {
                out.item();
                out.fixed64(1, "timeUnixNano", record.nanos);
                out.fixed64(11, "observedTimeUnixNano", record.nanos);
                if (record.severity > 0) {
                    out.uint32(2, "severityNumber", record.severity);
                    out.string(3, "severityText", record.severityText);
                }
                out.begin(5, "body");
                Attributes.value(out, record.body);
                out.end();
                Attributes.write(out, 6, record.attributes);
                if (record.traceId != null) {
                    out.id(9, "traceId", record.traceId);
                }
                if (record.spanId != null) {
                    out.id(10, "spanId", record.spanId);
                }
                out.end();
            }
            out.endList();
            out.end();
        }
        out.endList();
        out.end();
        out.endList();
        return batch.size();
    }

    private static Record record(LogEvent event, String[] logger) {
        long nanos = event.epochMicros() * 1_000L;
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("aws.log.group.names", List.of(event.group()));
        attributes.put("aws.log.stream.names", List.of(event.stream()));
        JsonNode line = parse(event);
        logger[0] = "";
        if (line == null || !line.isObject()) {
            return new Record(nanos, 0, null, event.message(), attributes, null, null);
        }
        String level = text(line, "level");
        logger[0] = text(line, "logger") == null ? "" : text(line, "logger");
        String message = text(line, "message");
        byte[] traceId = null;
        byte[] spanId = null;
        String xrayTrace = text(line, "traceId");
        String segment = text(line, "segmentId");
        if (xrayTrace != null) {
            traceId = Ids.traceId(xrayTrace);
            spanId = segment == null ? null : Ids.spanId(segment);
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = line.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            switch (field.getKey()) {
                case "timestamp", "level", "logger", "message", "traceId", "segmentId" -> { }
                case "thread" -> attributes.put("thread.name", field.getValue().asText());
                case "exception" -> exception(field.getValue(), attributes);
                default -> attributes.put(field.getKey(), value(field.getValue()));
            }
        }
        int severity = severity(level);
        return new Record(nanos, severity, level, message == null ? "" : message, attributes, traceId, spanId);
    }

    private static void exception(JsonNode exception, Map<String, Object> attributes) {
        if (exception.hasNonNull("type")) {
            attributes.put("exception.type", exception.get("type").asText());
        }
        if (exception.hasNonNull("message")) {
            attributes.put("exception.message", exception.get("message").asText());
        }
        if (exception.has("stack")) {
            StringBuilder trace = new StringBuilder();
            trace.append(exception.path("type").asText());
            if (exception.hasNonNull("message")) {
                trace.append(": ").append(exception.get("message").asText());
            }
            for (JsonNode frame : exception.get("stack")) {
                trace.append("\n\tat ").append(frame.asText());
            }
            attributes.put("exception.stacktrace", trace.toString());
        }
    }

    /** TRACE 1, DEBUG 5, INFO 9, WARN 13, ERROR 17, FATAL 21; 0 (unspecified) for anything else. */
    static int severity(String level) {
        if (level == null) {
            return 0;
        }
        return switch (level.toUpperCase(Locale.ROOT)) {
            case "TRACE" -> 1;
            case "DEBUG" -> 5;
            case "INFO" -> 9;
            case "WARN", "WARNING" -> 13;
            case "ERROR" -> 17;
            case "FATAL" -> 21;
            default -> 0;
        };
    }

    private static Object value(JsonNode node) {
        if (node.isTextual()) {
            return node.asText();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return node.longValue();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        return node.toString();
    }

    private static String text(JsonNode line, String field) {
        JsonNode value = line.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    /** The event's line as a tree, read from its bytes in place (no String of the whole line); null when it is not JSON. */
    private static JsonNode parse(LogEvent event) {
        JsonNode[] tree = new JsonNode[1];
        try {
            event.writeMessage((utf8, offset, length) -> tree[0] = JSON.readTree(utf8, offset, length));
        } catch (IOException e) {
            return null;
        }
        return tree[0];
    }
}
