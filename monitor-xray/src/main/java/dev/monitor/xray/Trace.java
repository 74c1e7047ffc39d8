package dev.monitor.xray;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

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
     * @param node    the entity's document, for the fields few filters ask about (exceptions, aws)
     */
    record Span(String id, String parentId, String service, boolean isSegment, String name, String namespace,
                double start, double end, boolean inProgress, boolean error, boolean fault, boolean throttle,
                int status, String user, String origin, JsonNode annotations, JsonNode httpRequest, JsonNode node) {

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
    /** Made from {@code spans} when first asked for, and dropped with it. */
    private List<Span> segments;
    private Map<String, String> serviceTypes;
    private Graph graph;
    private Map<String, List<RootCause>> rootCauses;

    /** A node of the trace's service map: a service and its segments, or an inferred one and the calls no traced service answered. */
    record Node(String name, String type, boolean inferred, List<Span> spans) {
    }

    /** A call from one node to another, seen from the caller: {@code call} is its subsegment. */
    record Edge(Node from, Node to, Span call) {
    }

    record Graph(List<Node> nodes, List<Edge> edges) {
    }

    /**
     * One root cause as X-Ray's trace summary gives it: the services from the entry point to the
     * one at fault, the entities on that path (each with keys {@code name}, {@code type},
     * {@code remote}, {@code inferred}, {@code coverage}, {@code message} as the filter keywords
     * read them), and the exceptions of the entity at fault.
     */
    record RootCause(List<Map<String, Object>> services, List<Map<String, Object>> entities, List<Map<String, Object>> exceptions,
                     boolean clientImpacting) {
    }

    Trace(String id) {
        this.id = id;
    }

    String id() {
        return id;
    }

    void add(JsonNode document) {
        documents.add(document);
        forget();
    }

    void add(String document) {
        unread.add(document);
        forget();
    }

    /** The trace as it is now, to read outside the index's lock while its documents keep arriving. */
    private void forget() {
        spans = null;
        segments = null;
        serviceTypes = null;
        graph = null;
        rootCauses = null;
    }

    Trace snapshot() {
        Trace copy = new Trace(id);
        copy.spans = List.copyOf(spans());
        return copy;
    }

    /**
     * The trace's segment documents as BatchGetTraces gives them: the latest of each id, oldest
     * start first, with every subsegment sent alone put back into the entity it belongs to (copies:
     * the documents held stay as they were sent). One whose parent never arrived is left out, as
     * {@link #spans()} leaves it out.
     */
    List<com.fasterxml.jackson.databind.node.ObjectNode> segmentDocuments() {
        spans(); // reads the documents still kept as text
        Map<String, JsonNode> latest = new java.util.LinkedHashMap<>();
        for (JsonNode document : documents) {
            latest.put(document.path("id").asText(), document);
        }
        List<com.fasterxml.jackson.databind.node.ObjectNode> out = new ArrayList<>();
        List<JsonNode> alone = new ArrayList<>();
        Map<String, com.fasterxml.jackson.databind.node.ObjectNode> entities = new HashMap<>();
        for (JsonNode document : latest.values()) {
            if ("subsegment".equals(document.path("type").asText())) {
                alone.add(document);
            } else if (document.isObject()) {
                com.fasterxml.jackson.databind.node.ObjectNode copy = ((com.fasterxml.jackson.databind.node.ObjectNode) document).deepCopy();
                out.add(copy);
                entities(copy, entities);
            }
        }
        boolean joined = true;
        while (joined && !alone.isEmpty()) {
            joined = false;
            for (var it = alone.iterator(); it.hasNext(); ) {
                JsonNode document = it.next();
                com.fasterxml.jackson.databind.node.ObjectNode parent = entities.get(document.path("parent_id").asText());
                if (parent != null && document.isObject()) {
                    it.remove();
                    joined = true;
                    com.fasterxml.jackson.databind.node.ObjectNode copy = ((com.fasterxml.jackson.databind.node.ObjectNode) document).deepCopy();
                    copy.remove(List.of("type", "trace_id", "parent_id")); // as an embedded subsegment is written
                    JsonNode siblings = parent.get("subsegments");
                    (siblings instanceof com.fasterxml.jackson.databind.node.ArrayNode array ? array : parent.putArray("subsegments")).add(copy);
                    entities(copy, entities);
                }
            }
        }
        out.sort(java.util.Comparator.comparingDouble(document -> document.path("start_time").asDouble()));
        return out;
    }

    private static void entities(JsonNode entity, Map<String, com.fasterxml.jackson.databind.node.ObjectNode> out) {
        if (entity instanceof com.fasterxml.jackson.databind.node.ObjectNode object) {
            out.put(object.path("id").asText(), object);
            for (JsonNode child : object.path("subsegments")) {
                entities(child, out);
            }
        }
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
        List<Span> all = spans();
        if (segments == null) {
            segments = all.stream().filter(Span::isSegment).toList();
        }
        return segments;
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

    /** The trace's part of the service map, as {@link ServiceGraph} draws it. */
    Graph graph() {
        if (graph != null) {
            return graph;
        }
        Map<String, Span> byId = byId();
        Map<String, Node> nodes = new java.util.LinkedHashMap<>();
        List<Edge> edges = new ArrayList<>();
        java.util.Set<String> answered = new java.util.HashSet<>();
        List<Span> segments = segments();
        segments.forEach(segment -> answered.add(segment.parentId()));
        for (Span segment : segments) {
            service(nodes, segment.name()).spans().add(segment);
        }
        for (Span segment : segments) {
            Span caller = segment.parentId() == null ? null : byId.get(segment.parentId());
            if (caller != null) {
                edges.add(new Edge(service(nodes, caller.service()), service(nodes, segment.name()), caller));
            }
        }
        for (Span span : spans()) {
            if (!span.isSegment() && span.namespace() != null && !answered.contains(span.id())) {
                Node inferred = nodes.computeIfAbsent(inferredType(span) + "\u0000" + span.name(),
                        k -> new Node(span.name(), inferredType(span), true, new ArrayList<>()));
                inferred.spans().add(span);
                edges.add(new Edge(service(nodes, span.service()), inferred, span));
            }
        }
        graph = new Graph(List.copyOf(nodes.values()), edges);
        return graph;
    }

    private Node service(Map<String, Node> nodes, String name) {
        String type = serviceType(name);
        return nodes.computeIfAbsent(type + "\u0000" + name, k -> new Node(name, type, false, new ArrayList<>()));
    }

    /** A service's node type: the origin its segments give (such as {@code AWS::EC2::Instance}), else {@code service}. */
    String serviceType(String service) {
        if (serviceTypes == null) {
            Map<String, String> types = new HashMap<>();
            for (Span segment : segments()) {
                if (segment.origin() != null) {
                    types.putIfAbsent(segment.name(), segment.origin());
                }
            }
            serviceTypes = types;
        }
        return serviceTypes.getOrDefault(service, "service");
    }

    static String inferredType(Span call) {
        return "aws".equals(call.namespace()) ? "AWS::" + call.name() : "remote";
    }

    /**
     * The root causes of one kind ({@code fault}, {@code error} or {@code responsetime}), as X-Ray
     * finds them: for faults and errors, every entity so flagged none of whose callees is; for
     * response time, the path that took the longest at each step from the entry point.
     */
    List<RootCause> rootCauses(String kind) {
        if (rootCauses == null) {
            rootCauses = new HashMap<>();
        }
        return rootCauses.computeIfAbsent(kind, this::findRootCauses);
    }

    private List<RootCause> findRootCauses(String kind) {
        Span root = root();
        if (root == null) {
            return List.of();
        }
        Map<String, List<Span>> children = new HashMap<>();
        for (Span span : spans()) {
            if (span.parentId() != null) {
                children.computeIfAbsent(span.parentId(), k -> new ArrayList<>()).add(span);
            }
        }
        List<RootCause> out = new ArrayList<>();
        if (kind.equals("responsetime")) {
            List<Span> path = new ArrayList<>();
            for (Span at = root; at != null; ) {
                path.add(at);
                Span slowest = null;
                for (Span child : children.getOrDefault(at.id(), List.of())) {
                    if (slowest == null || child.responseTime() > slowest.responseTime()) {
                        slowest = child;
                    }
                }
                at = path.contains(slowest) ? null : slowest;
            }
            out.add(rootCause(path, root, true, true));
            return out;
        }
        Predicate<Span> flagged = kind.equals("fault") ? Span::fault : span -> span.error() && !span.fault();
        Map<String, Span> byId = byId();
        for (Span span : spans()) {
            if (flagged.test(span) && !anyBelow(span, children, flagged, new java.util.HashSet<>())) {
                List<Span> path = new ArrayList<>();
                for (Span at = span; at != null && !path.contains(at); at = at.parentId() == null ? null : byId.get(at.parentId())) {
                    path.add(0, at);
                }
                out.add(rootCause(path, root, false, flagged.test(root)));
            }
        }
        return out;
    }

    private static boolean anyBelow(Span span, Map<String, List<Span>> children, Predicate<Span> flagged, java.util.Set<String> seen) {
        for (Span child : children.getOrDefault(span.id(), List.of())) {
            if (seen.add(child.id()) && (flagged.test(child) || anyBelow(child, children, flagged, seen))) {
                return true;
            }
        }
        return false;
    }

    private RootCause rootCause(List<Span> path, Span root, boolean coverage, boolean clientImpacting) {
        java.util.Set<String> answered = new java.util.HashSet<>();
        segments().forEach(segment -> answered.add(segment.parentId()));
        List<Map<String, Object>> services = new ArrayList<>();
        List<Map<String, Object>> entities = new ArrayList<>();
        String lastService = null;
        for (Span span : path) {
            boolean inferred = !span.isSegment() && span.namespace() != null && !answered.contains(span.id());
            String service = span.service();
            if (!service.equals(lastService)) {
                services.add(element("name", service, "type", serviceType(service), "inferred", false, "remote", false));
                lastService = service;
            }
            Map<String, Object> entity = element("name", span.name(), "remote", span.namespace() != null, "inferred", inferred,
                    "service", services.size() - 1);
            if (coverage) {
                entity.put("coverage", root.responseTime() == 0 ? 0.0 : span.responseTime() / root.responseTime());
            }
            entities.add(entity);
            if (inferred) {
                services.add(element("name", span.name(), "type", inferredType(span), "inferred", true, "remote", true));
                entities.add(element("name", span.name(), "remote", true, "inferred", true, "service", services.size() - 1));
                lastService = null;
            }
        }
        List<Map<String, Object>> exceptions = new ArrayList<>();
        for (JsonNode exception : path.get(path.size() - 1).node().at("/cause/exceptions")) {
            exceptions.add(element("name", exception.path("type").asText(""), "message", exception.path("message").asText(""),
                    "remote", exception.path("remote").asBoolean(false)));
        }
        number(services);
        number(entities);
        number(exceptions);
        return new RootCause(services, entities, exceptions, clientImpacting);
    }

    private static Map<String, Object> element(Object... pairs) {
        Map<String, Object> element = new java.util.LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            element.put((String) pairs[i], pairs[i + 1]);
        }
        return element;
    }

    /** The enumerated list's {@code index}, {@code first} and {@code last}. */
    private static void number(List<Map<String, Object>> list) {
        for (int i = 0; i < list.size(); i++) {
            list.get(i).put("index", (double) i);
            list.get(i).put("first", i == 0);
            list.get(i).put("last", i == list.size() - 1);
        }
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
                documents.add(TraceIndex.JSON.readTree(text));
            } catch (java.io.IOException e) {
                // Text this tracer wrote is JSON; a line cut short in a file is skipped.
            }
        }
        unread.clear();
        List<Span> out = new ArrayList<>();
        List<JsonNode> alone = new ArrayList<>();
        // A document sent again with the same id replaces the earlier one (X-Ray's in-progress rule).
        Map<String, JsonNode> latest = new java.util.LinkedHashMap<>();
        for (JsonNode document : documents) {
            latest.put(document.path("id").asText(), document);
        }
        for (JsonNode document : latest.values()) {
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
                node.at("/http/request"), node);
    }
}
