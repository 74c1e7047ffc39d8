package dev.monitor.xray;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.List;

/**
 * Segment documents as the X-Ray segment document schema (v1.0.0) defines them: {@code name},
 * {@code id}, {@code trace_id}, {@code start_time} and {@code end_time} (epoch seconds with
 * microseconds) or {@code in_progress}, {@code parent_id}, and the optional {@code http},
 * {@code sql}, {@code aws}, {@code user}, {@code service}, {@code origin}, flags,
 * {@code cause}, {@code annotations}, {@code metadata} and {@code subsegments}. A subsegment sent
 * alone has {@code type: subsegment}, {@code trace_id} and {@code parent_id}.
 */
final class Documents {
    static final ObjectMapper JSON = new ObjectMapper().enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
    private static final int MAX_FRAMES = 50;

    private Documents() {
    }

    /** {@code entity} and its subtree; {@code alone} for a subsegment sent on its own. */
    static ObjectNode document(Entity entity, boolean alone, boolean cut) {
        ObjectNode node = JSON.createObjectNode();
        node.put("name", entity.name);
        node.put("id", entity.id);
        boolean segment = entity.parent == null;
        if (segment || alone) {
            node.put("trace_id", entity.traceId);
        }
        if (alone) {
            node.put("type", "subsegment");
            node.put("parent_id", entity.parent.id);
        } else if (segment && entity.upstreamParent != null) {
            node.put("parent_id", entity.upstreamParent);
        }
        node.put("start_time", seconds(entity.startMicros));
        if (entity.endMicros >= 0) {
            node.put("end_time", seconds(entity.endMicros));
        } else {
            node.put("in_progress", true);
        }
        if (entity.namespace != null) {
            node.put("namespace", entity.namespace);
        }
        if (entity.user != null) {
            node.put("user", entity.user);
        }
        if (entity.serviceVersion != null) {
            node.putObject("service").put("version", entity.serviceVersion);
        }
        if (entity.origin != null) {
            node.put("origin", entity.origin);
        }
        if (!entity.httpRequest.isEmpty() || entity.status >= 0) {
            ObjectNode http = node.putObject("http");
            if (!entity.httpRequest.isEmpty()) {
                http.set("request", JSON.valueToTree(entity.httpRequest));
            }
            if (entity.status >= 0) {
                ObjectNode response = http.putObject("response").put("status", entity.status);
                if (entity.contentLength >= 0) {
                    response.put("content_length", entity.contentLength);
                }
            }
        }
        if (!entity.sql.isEmpty()) {
            ObjectNode sql = node.putObject("sql");
            entity.sql.forEach((key, value) -> sql.put(key, cut && value instanceof String s && s.length() > 1000
                    ? s.substring(0, 1000) + "..." : String.valueOf(value)));
        }
        if (!entity.aws.isEmpty()) {
            node.set("aws", JSON.valueToTree(entity.aws));
        }
        if (entity.error) {
            node.put("error", true);
        }
        if (entity.throttle) {
            node.put("throttle", true);
        }
        if (entity.fault) {
            node.put("fault", true);
        }
        if (!entity.exceptions.isEmpty()) {
            cause(node.putObject("cause"), entity.exceptions, "remote".equals(entity.namespace));
        }
        if (!entity.annotations.isEmpty()) {
            node.set("annotations", JSON.valueToTree(entity.annotations));
        }
        if (cut && !entity.metadata.isEmpty()) {
            // Too large for a datagram: the metadata goes, and the document says so.
            node.putObject("metadata").putObject("monitor").put("truncated", true);
        } else if (!entity.metadata.isEmpty()) {
            node.set("metadata", JSON.valueToTree(entity.metadata));
        }
        List<Entity> children;
        synchronized (entity.root) {
            children = List.copyOf(entity.children);
        }
        if (!children.isEmpty()) {
            ArrayNode list = node.putArray("subsegments");
            for (Entity child : children) {
                list.add(document(child, false, cut));
            }
        }
        return node;
    }

    private static void cause(ObjectNode cause, List<Throwable> thrown, boolean remote) {
        cause.put("working_directory", System.getProperty("user.dir"));
        ArrayNode exceptions = cause.putArray("exceptions");
        for (Throwable throwable : thrown) {
            String nextId = null;
            for (Throwable t = throwable; t != null; t = t.getCause()) {
                ObjectNode exception = exceptions.addObject();
                String id = nextId == null ? Ids.entityId() : nextId;
                exception.put("id", id);
                exception.put("message", String.valueOf(t.getMessage()));
                exception.put("type", t.getClass().getName());
                if (remote) {
                    exception.put("remote", true);
                }
                StackTraceElement[] frames = t.getStackTrace();
                ArrayNode stack = exception.putArray("stack");
                for (int i = 0; i < Math.min(frames.length, MAX_FRAMES); i++) {
                    ObjectNode frame = stack.addObject();
                    frame.put("path", frames[i].getFileName() == null ? "unknown" : frames[i].getFileName());
                    frame.put("line", frames[i].getLineNumber());
                    frame.put("label", frames[i].getClassName() + "." + frames[i].getMethodName());
                }
                if (frames.length > MAX_FRAMES) {
                    exception.put("truncated", frames.length - MAX_FRAMES);
                }
                if (t.getCause() != null && t.getCause() != t) {
                    nextId = Ids.entityId();
                    exception.put("cause", nextId);
                } else {
                    break;
                }
            }
        }
    }

    /** Epoch seconds with microseconds, written plainly (1767225600.123456), never in exponent form. */
    static BigDecimal seconds(long micros) {
        return BigDecimal.valueOf(micros, 6);
    }

    static String write(ObjectNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
