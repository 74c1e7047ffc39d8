package dev.monitor.console.traces;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One trace as the timeline shows it, from its BatchGetTraces entry: every segment and subsegment
 * with its times (also as milliseconds from the trace's start), http, annotations, metadata, flags
 * and exceptions, as a tree. A segment hangs under the subsegment that called it (its
 * {@code parent_id}), so a call and the work it caused line up; one whose caller is not in the
 * trace is a root. Children come in the order they started.
 */
final class TraceTree {
    /** Frames kept per exception: enough to find the cause, bounded for a deep stack. */
    static final int MAX_FRAMES = 50;

    private TraceTree() {
    }

    record Answer(String id, Instant start, Instant end, double duration, int segments, int entities, List<Entity> roots) {
    }

    /**
     * A segment ({@code kind} segment) or subsegment; {@code offset} and {@code duration} in
     * milliseconds, {@code offset} from the trace's first start; {@code service} is the segment it belongs to.
     */
    record Entity(String id, String name, String kind, String service, String namespace, String origin, Instant start,
                  Instant end, double offset, double duration, boolean inProgress, boolean fault, boolean error,
                  boolean throttle, Integer status, JsonNode http, JsonNode annotations, JsonNode metadata, JsonNode sql,
                  JsonNode aws, String user, List<ExceptionView> exceptions, List<Entity> children) {
    }

    /** An exception from a {@code cause}: its frames as {@code label (path:line)}. */
    record ExceptionView(String id, String type, String message, boolean remote, List<String> stack, int skipped) {
    }

    /** An entity of the documents before it is placed in the tree; equal only to itself. */
    private static final class Found {
        final JsonNode node;
        final String kind;
        final String service;
        final String parentId;
        final List<Found> children = new ArrayList<>();

        Found(JsonNode node, String kind, String service, String parentId) {
            this.node = node;
            this.kind = kind;
            this.service = service;
            this.parentId = parentId;
        }

        double start() {
            return node.path("start_time").asDouble();
        }
    }

    static Answer of(JsonNode trace) throws IOException {
        Map<String, Found> byId = new LinkedHashMap<>();
        List<Found> segments = new ArrayList<>();
        for (JsonNode segment : trace.path("Segments")) {
            JsonNode document = TracesPage.JSON.readTree(segment.path("Document").asText());
            Found found = new Found(document, "segment", document.path("name").asText(), document.path("parent_id").textValue());
            segments.add(found);
            collect(found, byId);
        }
        Map<String, ExceptionView> exceptions = new HashMap<>();
        double first = Double.MAX_VALUE;
        double last = -Double.MAX_VALUE;
        for (Found found : byId.values()) {
            for (JsonNode exception : found.node.at("/cause/exceptions")) {
                ExceptionView view = exception(exception);
                if (view.id() != null) {
                    exceptions.putIfAbsent(view.id(), view);
                }
            }
            first = Math.min(first, found.start());
            last = Math.max(last, end(found.node));
        }
        List<Found> roots = new ArrayList<>();
        for (Found segment : segments) {
            Found caller = segment.parentId == null ? null : byId.get(segment.parentId);
            if (caller != null && caller != segment) {
                caller.children.add(segment);
            } else {
                roots.add(segment);
            }
        }
        double start = first == Double.MAX_VALUE ? 0 : first;
        Set<Found> placed = new HashSet<>();
        List<Entity> tree = new ArrayList<>(entities(roots, start, exceptions, placed));
        for (Found segment : segments) {
            if (!placed.contains(segment)) { // segments whose parent_ids make a loop: shown from the first
                tree.addAll(entities(List.of(segment), start, exceptions, placed));
            }
        }
        tree.sort(Comparator.comparing(Entity::start));
        return new Answer(trace.path("Id").asText(), instant(start), instant(Math.max(start, last)),
                trace.path("Duration").asDouble(), segments.size(), placed.size(), tree);
    }

    private static void collect(Found found, Map<String, Found> byId) {
        byId.putIfAbsent(found.node.path("id").asText(), found);
        for (JsonNode child : found.node.path("subsegments")) {
            Found sub = new Found(child, "subsegment", found.service, found.node.path("id").asText());
            found.children.add(sub);
            collect(sub, byId);
        }
    }

    private static List<Entity> entities(List<Found> found, double traceStart, Map<String, ExceptionView> exceptions,
                                         Set<Found> placed) {
        List<Found> ordered = new ArrayList<>(found);
        ordered.sort(Comparator.comparingDouble(Found::start));
        List<Entity> out = new ArrayList<>();
        for (Found one : ordered) {
            if (!placed.add(one)) {
                continue; // a parent_id loop: each entity once
            }
            JsonNode node = one.node;
            double start = one.start();
            double end = end(node);
            List<ExceptionView> thrown = new ArrayList<>();
            JsonNode cause = node.path("cause");
            if (cause.isTextual() && exceptions.containsKey(cause.asText())) {
                thrown.add(exceptions.get(cause.asText())); // the SDKs' reference to an exception a subsegment recorded
            }
            cause.path("exceptions").forEach(exception -> thrown.add(exception(exception)));
            JsonNode status = node.at("/http/response/status");
            out.add(new Entity(node.path("id").asText(), node.path("name").asText(), one.kind, one.service,
                    node.path("namespace").textValue(), node.path("origin").textValue(), instant(start), instant(end),
                    millis(start - traceStart), millis(end - start), node.path("in_progress").asBoolean(false),
                    node.path("fault").asBoolean(false), node.path("error").asBoolean(false), node.path("throttle").asBoolean(false),
                    status.isNumber() ? status.asInt() : null, node.get("http"), node.get("annotations"), node.get("metadata"),
                    node.get("sql"), node.get("aws"), node.path("user").textValue(), thrown,
                    entities(one.children, traceStart, exceptions, placed)));
        }
        return out;
    }

    private static ExceptionView exception(JsonNode exception) {
        List<String> stack = new ArrayList<>();
        for (JsonNode frame : exception.path("stack")) {
            if (stack.size() == MAX_FRAMES) {
                break;
            }
            String where = frame.path("path").asText("") + (frame.has("line") ? ":" + frame.path("line").asText() : "");
            stack.add(frame.path("label").asText("") + (where.isEmpty() ? "" : " (" + where + ")"));
        }
        int frames = exception.path("stack").size();
        return new ExceptionView(exception.path("id").textValue(), exception.path("type").textValue(),
                exception.path("message").textValue(), exception.path("remote").asBoolean(false), stack,
                exception.path("skipped").asInt(0) + Math.max(0, frames - stack.size()));
    }

    /** An entity in progress has no end yet: it ends where it started. */
    private static double end(JsonNode node) {
        double start = node.path("start_time").asDouble();
        return node.path("in_progress").asBoolean(false) ? start : node.path("end_time").asDouble(start);
    }

    private static double millis(double seconds) {
        return Math.max(0, Math.round(seconds * 1e6) / 1e3);
    }

    private static Instant instant(double epochSeconds) {
        long seconds = (long) Math.floor(epochSeconds);
        long micros = Math.round((epochSeconds - seconds) * 1e6);
        return Instant.ofEpochSecond(seconds, micros * 1000);
    }
}
