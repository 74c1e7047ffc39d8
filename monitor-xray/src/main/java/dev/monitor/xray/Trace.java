package dev.monitor.xray;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The documents of one trace, flattened into spans: every segment and subsegment with the
 * segment it belongs to. A subsegment sent alone (streamed) is joined to its segment through
 * its {@code parent_id}, whichever order the documents arrived in.
 */
final class Trace {
    /**
     * One segment or subsegment of a trace.
     *
     * @param service the name of the segment it belongs to (its own for a segment)
     */
    record Span(String id, String parentId, String service, boolean isSegment, String name, String namespace,
                double start, double end, boolean inProgress, boolean error, boolean fault, boolean throttle,
                int status, String user, String origin, JsonNode annotations, JsonNode httpRequest) {

        /** Seconds, to the microsecond the documents carry (a double at today's epoch holds no finer). */
        double responseTime() {
            return micros(end - start);
        }
    }

    private final String id;
    private final List<JsonNode> documents = new ArrayList<>();
    /** Documents kept as the text that was sent, read only when the trace is asked about. */
    private final List<String> unread = new ArrayList<>();
    private List<Span> spans;

    Trace(String id) {
        this.id = id;
    }

    String id() {
        return id;
    }

    void add(JsonNode document) {
        documents.add(document);
        spans = null;
    }

    void add(String document) {
        unread.add(document);
        spans = null;
    }

    /** The trace as it is now, to read outside the index's lock while its documents keep arriving. */
    Trace snapshot() {
        Trace copy = new Trace(id);
        copy.spans = List.copyOf(spans());
        return copy;
    }

    int documentCount() {
        return documents.size() + unread.size();
    }

    /** Segments first, then their subsegments; streamed subsegments whose segment is unknown are left out. */
    List<Span> spans() {
        if (spans == null) {
            spans = flatten();
        }
        return spans;
    }

    List<Span> segments() {
        return spans().stream().filter(Span::isSegment).toList();
    }

    /** The segment of the service that received the request: the one without a parent in this trace. */
    Span root() {
        Map<String, Span> byId = byId();
        Span first = null;
        for (Span segment : segments()) {
            if (segment.parentId() == null || !byId.containsKey(segment.parentId())) {
                if (first == null || segment.start() < first.start()) {
                    first = segment;
                }
            }
        }
        return first;
    }

    /**
     * The services of the trace as the service map shows them: its segments, and the remote or
     * AWS calls that no traced service answered (calls to a traced service are that service).
     */
    java.util.Set<String> serviceNames() {
        java.util.Set<String> answered = new java.util.HashSet<>();
        segments().forEach(segment -> answered.add(segment.parentId()));
        java.util.Set<String> names = new java.util.LinkedHashSet<>();
        for (Span span : spans()) {
            if (span.isSegment() || span.namespace() != null && !answered.contains(span.id())) {
                names.add(span.name());
            }
        }
        return names;
    }

    Map<String, Span> byId() {
        Map<String, Span> byId = new HashMap<>();
        for (Span span : spans()) {
            byId.put(span.id(), span);
        }
        return byId;
    }

    double start() {
        return spans().stream().mapToDouble(Span::start).min().orElse(0);
    }

    double end() {
        return spans().stream().mapToDouble(Span::end).max().orElse(0);
    }

    /** Seconds from the first start to the last end, to the microsecond. */
    double duration() {
        return micros(end() - start());
    }

    private static double micros(double seconds) {
        return Math.max(0, Math.round(seconds * 1e6) / 1e6);
    }

    private List<Span> flatten() {
        for (String text : unread) {
            try {
                documents.add(Documents.JSON.readTree(text));
            } catch (java.io.IOException e) {
                // Text this tracer wrote is JSON; a line cut short in a file is skipped.
            }
        }
        unread.clear();
        List<Span> out = new ArrayList<>();
        List<JsonNode> alone = new ArrayList<>();
        for (JsonNode document : documents) {
            if ("subsegment".equals(document.path("type").asText())) {
                alone.add(document);
            } else {
                Span segment = span(document, document.path("parent_id").textValue(), null);
                out.add(segment);
                children(document, segment, segment.service(), out);
            }
        }
        // Streamed subtrees: their parent may itself be streamed, so join until nothing changes.
        Map<String, Span> byId = new HashMap<>();
        out.forEach(span -> byId.put(span.id(), span));
        boolean joined = true;
        while (joined && !alone.isEmpty()) {
            joined = false;
            for (var it = alone.iterator(); it.hasNext(); ) {
                JsonNode document = it.next();
                Span parent = byId.get(document.path("parent_id").asText());
                if (parent != null) {
                    it.remove();
                    joined = true;
                    List<Span> added = new ArrayList<>();
                    Span span = span(document, parent.id(), parent.service());
                    added.add(span);
                    children(document, span, parent.service(), added);
                    added.forEach(s -> byId.put(s.id(), s));
                    out.addAll(added);
                }
            }
        }
        return out;
    }

    private static void children(JsonNode node, Span parent, String service, List<Span> out) {
        for (JsonNode child : node.path("subsegments")) {
            Span span = span(child, parent.id(), service);
            out.add(span);
            children(child, span, service, out);
        }
    }

    /** {@code service} is null for a segment: it is its own service. */
    private static Span span(JsonNode node, String parentId, String service) {
        boolean isSegment = service == null;
        double start = node.path("start_time").asDouble();
        boolean inProgress = node.path("in_progress").asBoolean(false);
        double end = inProgress ? start : node.path("end_time").asDouble(start);
        String name = node.path("name").asText();
        return new Span(node.path("id").asText(), parentId, isSegment ? name : service, isSegment, name,
                node.path("namespace").textValue(), start, end, inProgress, node.path("error").asBoolean(false),
                node.path("fault").asBoolean(false), node.path("throttle").asBoolean(false),
                node.at("/http/response/status").asInt(-1), node.path("user").textValue(), node.path("origin").textValue(),
                node.has("annotations") ? node.get("annotations") : MissingNode.getInstance(),
                node.at("/http/request"));
    }
}
