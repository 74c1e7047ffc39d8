package dev.monitor.otel;

import dev.monitor.api.trace.Subsegment;
import dev.monitor.api.trace.TraceEntity;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * OpenTelemetry's semantic-convention attributes as X-Ray's segment fields, following the field
 * meanings of the X-Ray segment document
 * (https://docs.aws.amazon.com/xray/latest/devguide/xray-api-segmentdocuments.html). Both the
 * current attribute names and the older ones (before HTTP semantic conventions 1.23) are read.
 */
final class SpanMapping {

    private final Set<String> annotated;

    SpanMapping(Set<String> annotated) {
        this.annotated = annotated;
    }

    /** An AWS SDK call is named after its service in X-Ray (a {@code DynamoDB} node on the map). */
    String entityName(String spanName, Map<String, Object> attributes) {
        Object service = attributes.get("rpc.service");
        return "aws-api".equals(attributes.get("rpc.system")) && service != null ? service.toString() : spanName;
    }

    String host(Map<String, Object> attributes) {
        return text(attributes, "server.address", "http.host");
    }

    String method(Map<String, Object> attributes) {
        return text(attributes, "http.request.method", "http.method");
    }

    String path(Map<String, Object> attributes) {
        return text(attributes, "url.path", "http.target");
    }

    /** A W3C {@code traceparent} for a parent span from elsewhere, which Monitor's tracer continues. */
    static String traceparent(SpanContext parent) {
        return "00-" + parent.getTraceId() + "-" + parent.getSpanId() + "-" + parent.getTraceFlags().asHex();
    }

    /** Writes what the span collected to its entity: the one write, at the span's end. */
    void finish(TraceEntity entity, SpanKind kind, Map<String, Object> attributes, StatusCode status,
            List<Throwable> exceptions) {
        if (!entity.sampled()) {
            return;
        }
        Map<String, Object> rest = new HashMap<>(attributes);
        boolean remote = kind == SpanKind.CLIENT || kind == SpanKind.PRODUCER;
        http(entity, rest);
        if (entity instanceof Subsegment subsegment) {
            if (sql(subsegment, rest) || remote && method(attributes) != null) {
                subsegment.setNamespace("remote");
            }
            if (aws(subsegment, rest)) {
                subsegment.setNamespace("aws");
            }
        }
        Integer httpStatus = integer(take(rest, "http.response.status_code", "http.status_code"));
        if (httpStatus != null) {
            Integer length = integer(take(rest, "http.response.body.size", "http.response_content_length"));
            entity.setHttpResponse(httpStatus, length != null ? length : -1);
        } else if (status == StatusCode.ERROR) {
            entity.setFault(true);
        }
        for (Throwable exception : exceptions) {
            entity.addException(exception);
        }
        rest.forEach((key, value) -> {
            if (annotated.contains(key) && (value instanceof String || value instanceof Number || value instanceof Boolean)) {
                entity.putAnnotation(key.replace('.', '_'), value);
            } else {
                entity.putMetadata("default", key, value);
            }
        });
    }

    private void http(TraceEntity entity, Map<String, Object> rest) {
        String method = text(rest, "http.request.method", "http.method");
        if (method == null) {
            return;
        }
        entity.putHttpRequest("method", method);
        String url = text(rest, "url.full", "http.url");
        if (url == null) {
            String scheme = text(rest, "url.scheme", "http.scheme");
            String host = text(rest, "server.address", "http.host");
            String path = text(rest, "url.path", "http.target");
            if (host != null && path != null) {
                Object port = rest.get("server.port");
                url = (scheme != null ? scheme : "http") + "://" + host + (port != null ? ":" + port : "") + path;
            }
        }
        if (url != null) {
            entity.putHttpRequest("url", url);
        }
        put(entity, "user_agent", text(rest, "user_agent.original", "http.user_agent"));
        put(entity, "client_ip", text(rest, "client.address", "http.client_ip"));
        rest.keySet().removeAll(List.of("http.request.method", "http.method", "url.full", "http.url", "url.scheme",
                "http.scheme", "server.address", "http.host", "server.port", "url.path", "http.target",
                "user_agent.original", "http.user_agent", "client.address", "http.client_ip"));
    }

    private static void put(TraceEntity entity, String key, String value) {
        if (value != null) {
            entity.putHttpRequest(key, value);
        }
    }

    /** Database calls: X-Ray's {@code sql} object. */
    private static boolean sql(Subsegment subsegment, Map<String, Object> rest) {
        String system = text(rest, "db.system", "db.system.name");
        if (system == null) {
            return false;
        }
        subsegment.putSql("database_type", system);
        String query = text(rest, "db.query.text", "db.statement");
        if (query != null) {
            subsegment.putSql("sanitized_query", query);
        }
        String database = text(rest, "db.namespace", "db.name");
        String host = text(rest, "server.address", "net.peer.name");
        if (host != null || database != null) {
            subsegment.putSql("url", (host != null ? host : "") + (database != null ? "/" + database : ""));
        }
        String user = text(rest, "db.user", "db.user");
        if (user != null) {
            subsegment.putSql("user", user);
        }
        rest.keySet().removeAll(List.of("db.system", "db.system.name", "db.query.text", "db.statement",
                "db.namespace", "db.name", "net.peer.name", "db.user"));
        return true;
    }

    /** AWS SDK calls: X-Ray's {@code aws} object. */
    private static boolean aws(Subsegment subsegment, Map<String, Object> rest) {
        if (!"aws-api".equals(rest.get("rpc.system"))) {
            return false;
        }
        String operation = text(rest, "rpc.method", "rpc.method");
        if (operation != null) {
            subsegment.putAws("operation", operation);
        }
        String region = text(rest, "cloud.region", "aws.region");
        if (region != null) {
            subsegment.putAws("region", region);
        }
        String requestId = text(rest, "aws.request_id", "aws.requestId");
        if (requestId != null) {
            subsegment.putAws("request_id", requestId);
        }
        Object tables = rest.remove("aws.dynamodb.table_names");
        if (tables instanceof List<?> names && names.size() == 1) {
            subsegment.putAws("table_name", names.get(0).toString());
        }
        rest.keySet().removeAll(List.of("rpc.system", "rpc.service", "rpc.method", "cloud.region", "aws.region",
                "aws.request_id", "aws.requestId"));
        return true;
    }

    private static String text(Map<String, Object> attributes, String key, String olderKey) {
        Object value = attributes.get(key);
        if (value == null) {
            value = attributes.get(olderKey);
        }
        return value != null ? value.toString() : null;
    }

    private static Object take(Map<String, Object> attributes, String key, String olderKey) {
        Object value = attributes.remove(key);
        Object older = attributes.remove(olderKey);
        return value != null ? value : older;
    }

    private static Integer integer(Object value) {
        if (value instanceof Number number) {
            return number.intValue();
        }
        if (value != null) {
            try {
                return Integer.parseInt(value.toString());
            } catch (NumberFormatException notANumber) {
                return null;
            }
        }
        return null;
    }
}
