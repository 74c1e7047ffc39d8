package dev.monitor.xray;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.monitor.core.files.RollingFile;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finished segment documents grouped by trace, and what X-Ray answers about them: the service
 * map ({@link #serviceGraph}), traces matching a filter expression ({@link #traceSummaries}) and
 * a latency SLA per service ({@link #slaCheck}). The tracer keeps one of recent traces
 * ({@code XRayTracer.traces()}); {@link #read(Path)} makes one from the segment files.
 * Bounded: past {@code maxDocuments} the oldest traces are forgotten. Thread-safe.
 */
public final class TraceIndex {
    private static final Pattern SEGMENT_FILE = Pattern.compile("segments-\\d{8}T\\d{6}Z-\\d+\\.jsonl(\\.gz)?");

    private final int maxDocuments;
    private final LinkedHashMap<String, Trace> traces = new LinkedHashMap<>();
    private int documents;

    /** The result of {@link #slaCheck}: whether {@code percentile} of the service's response times stayed under the limit. */
    public record SlaResult(String service, double percentile, Duration limit, Duration observed, long requests, boolean met) {
    }

    public TraceIndex(int maxDocuments) {
        if (maxDocuments < 1) {
            throw new IllegalArgumentException("maxDocuments must be at least 1, not " + maxDocuments);
        }
        this.maxDocuments = maxDocuments;
    }

    /**
     * The documents in the segment files under {@code tracesDirectory} ({@code <data-dir>/traces}),
     * gzipped or not; lines that are not segment documents are skipped.
     */
    public static TraceIndex read(Path tracesDirectory) throws IOException {
        TraceIndex index = new TraceIndex(Integer.MAX_VALUE);
        if (!Files.isDirectory(tracesDirectory)) {
            return index;
        }
        List<Path> files;
        try (Stream<Path> listing = Files.list(tracesDirectory)) {
            files = RollingFile.withoutCompressedTwins(
                    listing.filter(p -> SEGMENT_FILE.matcher(p.getFileName().toString()).matches()).sorted().toList());
        }
        for (Path file : files) {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(RollingFile.open(file), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    try {
                        index.add(Documents.JSON.readTree(line));
                    } catch (IOException e) {
                        // A line cut short by a crash: the other lines still count.
                    }
                }
            }
        }
        return index;
    }

    /** Adds one segment document (or a subsegment sent alone); documents without a trace id are ignored. */
    public synchronized void add(JsonNode document) {
        String traceId = document == null ? null : document.path("trace_id").textValue();
        if (traceId == null || !document.has("id")) {
            return;
        }
        traces.computeIfAbsent(traceId, Trace::new).add(document);
        documents++;
        evict();
    }

    /** Adds a document this tracer sent, as text: it is read only if its trace is asked about. */
    synchronized void add(String traceId, String document) {
        traces.computeIfAbsent(traceId, Trace::new).add(document);
        documents++;
        evict();
    }

    private void evict() {
        for (Iterator<Trace> oldest = traces.values().iterator(); documents > maxDocuments && oldest.hasNext(); ) {
            documents -= oldest.next().documentCount();
            oldest.remove();
        }
    }

    /** Traces with a segment that started in {@code [start, end)}, as they are now: the answer is built without the lock. */
    private synchronized List<Trace> between(Instant start, Instant end) {
        double from = seconds(start);
        double to = seconds(end);
        List<Trace> out = new ArrayList<>();
        for (Trace trace : traces.values()) {
            double began = trace.start();
            if (!trace.spans().isEmpty() && began >= from && began < to) {
                out.add(trace.snapshot());
            }
        }
        return out;
    }

    /** The service map of the traces that started in {@code [start, end)}, in the layout of {@code aws xray get-service-graph}. */
    public ObjectNode serviceGraph(Instant start, Instant end) {
        return new ServiceGraph(between(start, end)).toJson(start, end);
    }

    /**
     * The traces that started in {@code [start, end)} and match {@code filterExpression}, newest
     * first, in the layout of {@code aws xray get-trace-summaries}.
     *
     * @throws IllegalArgumentException when the expression is malformed, naming the position
     */
    public ObjectNode traceSummaries(String filterExpression, Instant start, Instant end) {
        Predicate<Trace> filter = FilterExpression.parse(filterExpression);
        List<Trace> candidates = between(start, end);
        ObjectNode out = Documents.JSON.createObjectNode();
        ArrayNode summaries = out.putArray("TraceSummaries");
        List<Trace> matching = candidates.stream().filter(filter).sorted((a, b) -> Double.compare(b.start(), a.start())).toList();
        matching.forEach(trace -> summary(trace, summaries.addObject()));
        // As X-Ray's: the time of the newest trace in the answer.
        out.put("ApproximateTime", matching.isEmpty() ? end.toString() : summaries.get(0).get("StartTime").asText());
        out.put("TracesProcessedCount", candidates.size());
        return out;
    }

    /**
     * Whether {@code percentile} (such as 99) of {@code service}'s response times over
     * {@code [start, end)} stayed under {@code limit}: "p99 under 300 ms over the last 5
     * minutes". A service with no requests meets it.
     */
    public SlaResult slaCheck(String service, double percentile, Duration limit, Instant start, Instant end) {
        ServiceGraph.Statistics statistics = new ServiceGraph(between(start, end)).service(service);
        if (statistics == null || statistics.total == 0) {
            return new SlaResult(service, percentile, limit, Duration.ZERO, 0, true);
        }
        Duration observed = Duration.ofNanos(Math.round(statistics.percentile(percentile) * 1e9));
        return new SlaResult(service, percentile, limit, observed, statistics.total, observed.compareTo(limit) < 0);
    }

    private static void summary(Trace trace, ObjectNode out) {
        Trace.Span root = trace.root();
        out.put("Id", trace.id());
        out.put("StartTime", Instant.ofEpochMilli(Math.round(trace.start() * 1000)).toString());
        out.put("Duration", trace.duration());
        out.put("ResponseTime", root == null ? 0 : root.responseTime());
        List<Trace.Span> segments = trace.segments();
        out.put("HasFault", segments.stream().anyMatch(Trace.Span::fault));
        out.put("HasError", segments.stream().anyMatch(Trace.Span::error));
        out.put("HasThrottle", segments.stream().anyMatch(Trace.Span::throttle));
        out.put("IsPartial", trace.spans().stream().anyMatch(Trace.Span::inProgress));
        if (root != null && (!root.httpRequest().isMissingNode() || root.status() >= 0)) {
            ObjectNode http = out.putObject("Http");
            JsonNode request = root.httpRequest();
            putText(http, "HttpURL", request.path("url"));
            if (root.status() >= 0) {
                http.put("HttpStatus", root.status());
            }
            putText(http, "HttpMethod", request.path("method"));
            putText(http, "UserAgent", request.path("user_agent"));
            putText(http, "ClientIp", request.path("client_ip"));
        }
        ObjectNode annotations = out.putObject("Annotations");
        Map<String, Set<String>> usersByService = new LinkedHashMap<>();
        for (Trace.Span span : trace.spans()) {
            span.annotations().fields().forEachRemaining(entry -> {
                ObjectNode value = annotations.withArray(entry.getKey()).addObject();
                ObjectNode annotation = value.putObject("AnnotationValue");
                JsonNode v = entry.getValue();
                if (v.isNumber()) {
                    annotation.put("NumberValue", v.asDouble());
                } else if (v.isBoolean()) {
                    annotation.put("BooleanValue", v.asBoolean());
                } else {
                    annotation.put("StringValue", v.asText());
                }
                value.putArray("ServiceIds").addObject().put("Name", span.service());
            });
            if (span.isSegment() && span.user() != null) {
                usersByService.computeIfAbsent(span.user(), u -> new LinkedHashSet<>()).add(span.name());
            }
        }
        ArrayNode users = out.putArray("Users");
        usersByService.forEach((user, in) -> {
            ObjectNode entry = users.addObject().put("UserName", user);
            ArrayNode ids = entry.putArray("ServiceIds");
            in.forEach(name -> ids.addObject().put("Name", name));
        });
        ArrayNode serviceIds = out.putArray("ServiceIds");
        trace.serviceNames().forEach(name -> serviceIds.addObject().put("Name", name).putArray("Names").add(name));
        if (root != null) {
            out.putObject("EntryPoint").put("Name", root.name()).putArray("Names").add(root.name());
        }
    }

    private static void putText(ObjectNode out, String name, JsonNode value) {
        if (!value.isMissingNode() && !value.isNull()) {
            out.put(name, value.asText());
        }
    }

    private static double seconds(Instant instant) {
        return instant.getEpochSecond() + instant.getNano() / 1e9;
    }
}
