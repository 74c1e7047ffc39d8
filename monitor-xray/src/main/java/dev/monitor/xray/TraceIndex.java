package dev.monitor.xray;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.monitor.core.files.DataLayout;
import dev.monitor.core.files.JsonLinesReader;
import dev.monitor.core.files.RollingFile;
import dev.monitor.core.internal.AwsCliTime;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Finished segment documents grouped by trace, and what X-Ray answers about them: the service
 * map ({@link #serviceGraph}), traces matching a filter expression ({@link #traceSummaries}) and
 * a latency SLA per service ({@link #slaCheck}). The tracer keeps one of recent traces
 * ({@code XRayTracer.traces()}); {@link #read(Path)} makes one from the segment files.
 * Bounded: past {@code maxDocuments} the oldest traces are forgotten. Thread-safe.
 */
public final class TraceIndex {
    /**
     * Folder by folder; in each, the tracer's own files by their time and sequence number (so that
     * {@code -10} follows {@code -9}), then any other file by name.
     */
    private static final Comparator<Path> WRITTEN_ORDER = Comparator.comparing((Path file) -> String.valueOf(file.getParent()))
            .thenComparing(file -> {
                String name = file.getFileName().toString();
                String written = DataLayout.Files.SEGMENTS.orderKey(name);
                return written != null ? "0" + written : "1" + name;
            });

    /** Reads the documents of this package's queries (traces, service graph). */
    static final ObjectMapper JSON = new ObjectMapper();

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
     * The documents in every {@code *.jsonl} and {@code *.jsonl.gz} file under
     * {@code tracesDirectory} ({@link DataLayout#traces()}), at any depth. What cannot be read is
     * skipped and logged as a warning; {@link #read(Path, List)} hands it to the caller instead.
     */
    public static TraceIndex read(Path tracesDirectory) {
        List<String> problems = new ArrayList<>();
        TraceIndex index = read(tracesDirectory, problems);
        problems.forEach(problem -> org.slf4j.LoggerFactory.getLogger(TraceIndex.class).warn("skipped {}", problem));
        return index;
    }

    /** Whether {@code file} is read as a segment file: any {@code *.jsonl}, gzipped or not ({@link DataLayout#isJsonLines}). */
    public static boolean isSegmentFile(Path file) {
        return DataLayout.isJsonLines(file.getFileName().toString());
    }

    /**
     * The documents in every segment file under {@code tracesDirectory} (see {@link #isSegmentFile}),
     * at any depth. Nothing here throws: a file that cannot be read whole (a cut {@code .gz},
     * bytes that are not UTF-8, a directory where a file was expected, lines that are not segment
     * documents) adds one line {@code path: reason} to {@code problems}, and whatever could be
     * read of it still counts.
     */
    public static TraceIndex read(Path tracesDirectory, List<String> problems) {
        TraceIndex index = new TraceIndex(Integer.MAX_VALUE);
        if (!Files.isDirectory(tracesDirectory)) {
            return index;
        }
        List<Path> files = RollingFile.withoutCompressedTwins(segmentFiles(tracesDirectory, problems));
        JsonLinesReader reader = new JsonLinesReader();
        for (Path file : files) {
            if (Files.isDirectory(file)) {
                problems.add(file + ": a directory, where a segment file was expected");
                continue;
            }
            readFile(reader, index, file, problems);
        }
        return index;
    }

    /**
     * The segment files under {@code folder}, in the order they were written (a document sent again
     * replaces the earlier one); a folder that cannot be listed is a problem and the walk goes on
     * with the rest.
     */
    private static List<Path> segmentFiles(Path folder, List<String> problems) {
        List<Path> found = new ArrayList<>();
        try {
            Files.walkFileTree(folder, new java.nio.file.SimpleFileVisitor<>() {
                @Override
                public java.nio.file.FileVisitResult preVisitDirectory(Path dir, java.nio.file.attribute.BasicFileAttributes attrs) {
                    if (!dir.equals(folder) && isSegmentFile(dir)) {
                        found.add(dir); // reported as a directory where a file was expected
                    }
                    return java.nio.file.FileVisitResult.CONTINUE;
                }

                @Override
                public java.nio.file.FileVisitResult visitFile(Path file, java.nio.file.attribute.BasicFileAttributes attrs) {
                    if (isSegmentFile(file)) {
                        found.add(file);
                    }
                    return java.nio.file.FileVisitResult.CONTINUE;
                }

                @Override
                public java.nio.file.FileVisitResult visitFileFailed(Path file, IOException e) {
                    problems.add(file + (file.equals(folder) ? ": the folder cannot be listed (" + reason(e) + ")"
                            : ": cannot be read (" + reason(e) + "); the rest was read"));
                    return java.nio.file.FileVisitResult.CONTINUE;
                }

                @Override
                public java.nio.file.FileVisitResult postVisitDirectory(Path dir, IOException e) {
                    if (e != null) {
                        problems.add(dir + ": cannot be listed whole (" + reason(e) + "); the rest was read");
                    }
                    return java.nio.file.FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException | RuntimeException e) {
            problems.add(folder + ": the folder cannot be listed (" + reason(e) + ")");
        }
        found.sort(WRITTEN_ORDER);
        return found;
    }

    private static String reason(Exception e) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.FileSystemException failed && failed.getReason() != null) {
            return failed.getReason();
        }
        return e.toString();
    }

    private static void readFile(JsonLinesReader reader, TraceIndex index, Path file, List<String> problems) {
        FileDamage damage = new FileDamage();
        try (InputStream in = RollingFile.open(file)) {
            reader.read(in, (number, text) -> {
                boolean added;
                try {
                    added = index.add(JSON.readTree(text));
                } catch (IOException e) {
                    added = false;
                }
                if (!added) {
                    damage.line(number, "not a segment document", null);
                }
            }, damage);
        } catch (IOException e) {
            damage.stream(0, e);
        }
        IOException e = damage.failure;
        if (e instanceof java.io.EOFException || e instanceof java.util.zip.ZipException) {
            problems.add(file + ": the compressed file is cut short or damaged after line " + damage.lines
                    + " (the lines before were read): " + e.getMessage());
        } else if (e != null) {
            problems.add(file + ": cannot be read after line " + damage.lines + ": " + e);
        }
        damage.left.forEach((reason, lines) -> {
            if (lines[0] > 0) {
                problems.add(file + ": " + count(lines[0]) + " " + reason + " (line " + lines[1] + (lines[0] > 1 ? " first" : "")
                        + "); the other lines were read");
            }
        });
    }

    private static String count(long lines) {
        return lines + (lines == 1 ? " line is" : " lines are");
    }

    /** What one file's reading left out, by reason (how many lines, the first), and what stopped it. */
    private static final class FileDamage implements JsonLinesReader.Damage {
        /** Per reason: how many lines, and the first one's number. */
        final Map<String, int[]> left = new LinkedHashMap<>();
        IOException failure;
        int lines;

        FileDamage() {
            left.put("not UTF-8", new int[2]); // reported first whatever came first
        }

        @Override
        public void line(int number, String reason, byte[] bytes) {
            int[] counted = left.computeIfAbsent(reason.equals(JsonLinesReader.NOT_UTF8) ? "not UTF-8" : reason, r -> new int[2]);
            if (counted[0]++ == 0) {
                counted[1] = number;
            }
        }

        @Override
        public void stream(int lines, IOException cause) {
            this.lines = lines;
            failure = cause;
        }
    }

    /**
     * Adds one segment document (or a subsegment sent alone); returns false, adding nothing, for
     * one that is not a JSON object with a {@code trace_id}, an {@code id} and a {@code start_time}.
     */
    synchronized boolean add(JsonNode document) {
        String traceId = document == null || !document.isObject() ? null : document.path("trace_id").textValue();
        if (traceId == null || !document.path("id").isTextual() || !document.path("start_time").isNumber()) {
            return false;
        }
        traces.computeIfAbsent(traceId, Trace::new).add(document);
        documents++;
        evict();
        return true;
    }

    /** How many documents the index holds. */
    public synchronized int documentCount() {
        return documents;
    }

    /**
     * Adds a segment document of trace {@code traceId}, as it was sent (the tracer adds each one it
     * sends): it is read only if its trace is asked about.
     */
    public synchronized void add(String traceId, String document) {
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

    /**
     * The service map of the traces that started in {@code [start, end)}: the JSON that
     * {@code aws xray get-service-graph} prints.
     */
    public String serviceGraph(Instant start, Instant end) {
        return serviceGraphTree(start, end).toPrettyString();
    }

    /**
     * The calls made to each dependency (a node some traced service called) between {@code start}
     * and {@code end}, from the same service graph as {@link #serviceGraph}.
     */
    public List<dev.monitor.core.health.DependencyRates.Calls> dependencyCalls(Instant start, Instant end) {
        return new ServiceGraph(between(start, end)).dependencies();
    }

    ObjectNode serviceGraphTree(Instant start, Instant end) {
        return new ServiceGraph(between(start, end)).toJson(start, end);
    }

    /**
     * The traces that started in {@code [start, end)} and match {@code filterExpression}, newest
     * first: the JSON that {@code aws xray get-trace-summaries} prints.
     *
     * @throws dev.monitor.core.syntax.ParseException when the expression is malformed
     */
    public String traceSummaries(String filterExpression, Instant start, Instant end) {
        return traceSummariesTree(filterExpression, start, end).toPrettyString();
    }

    ObjectNode traceSummariesTree(String filterExpression, Instant start, Instant end) {
        Predicate<Trace> filter = FilterExpression.parse(filterExpression);
        List<Trace> candidates = between(start, end);
        ObjectNode out = JSON.createObjectNode();
        ArrayNode summaries = out.putArray("TraceSummaries");
        List<Trace> matching = candidates.stream().filter(filter).sorted((a, b) -> Double.compare(b.start(), a.start())).toList();
        matching.forEach(trace -> summary(trace, summaries.addObject()));
        // As X-Ray's: the time of the newest trace in the answer.
        out.put("ApproximateTime", matching.isEmpty() ? AwsCliTime.format(end) : summaries.get(0).get("StartTime").asText());
        out.put("TracesProcessedCount", candidates.size());
        return out;
    }

    /**
     * The traces of {@code traceIds} with their segment documents: the JSON that
     * {@code aws xray batch-get-traces} prints ({@code Traces}, each with {@code Id},
     * {@code Duration}, {@code LimitExceeded} and {@code Segments} of {@code Id} and
     * {@code Document}; {@code UnprocessedTraceIds} for ids the index does not hold). Subsegments
     * that were sent on their own are put back into their segment's document. Inferred segments
     * are not made.
     */
    public String batchGetTraces(java.util.Collection<String> traceIds) {
        return batchGetTracesTree(traceIds).toPrettyString();
    }

    synchronized ObjectNode batchGetTracesTree(java.util.Collection<String> traceIds) {
        ObjectNode out = JSON.createObjectNode();
        ArrayNode found = out.putArray("Traces");
        ArrayNode unprocessed = out.putArray("UnprocessedTraceIds");
        for (String id : new LinkedHashSet<>(traceIds)) {
            Trace trace = traces.get(id);
            if (trace == null || trace.spans().isEmpty()) {
                unprocessed.add(id);
                continue;
            }
            ObjectNode entry = found.addObject().put("Id", id).put("Duration", trace.duration()).put("LimitExceeded", false);
            ArrayNode segments = entry.putArray("Segments");
            for (ObjectNode document : trace.segmentDocuments()) {
                segments.addObject().put("Id", document.path("id").asText()).put("Document", document.toString());
            }
        }
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
        out.put("StartTime", AwsCliTime.format(Instant.ofEpochMilli(Math.round(trace.start() * 1000))));
        out.put("Duration", trace.duration());
        out.put("ResponseTime", root == null ? 0 : root.responseTime());
        // As TraceSummary: "the root segment document has" a fault, an error, a throttle.
        out.put("HasFault", root != null && root.fault());
        out.put("HasError", root != null && root.error());
        out.put("HasThrottle", root != null && root.throttle());
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
        for (Trace.Node node : trace.graph().nodes()) {
            serviceId(serviceIds.addObject(), node.name(), node.type());
        }
        if (root != null) {
            serviceId(out.putObject("EntryPoint"), root.name(), trace.serviceType(root.name()));
        }
        ArrayNode resources = out.putArray("ResourceARNs");
        ArrayNode instances = out.putArray("InstanceIds");
        ArrayNode zones = out.putArray("AvailabilityZones");
        Set<String> seen = new java.util.HashSet<>();
        for (Trace.Span span : trace.spans()) {
            String arn = span.node().path("resource_arn").textValue();
            String instance = span.node().at("/aws/ec2/instance_id").textValue();
            String zone = span.node().at("/aws/ec2/availability_zone").textValue();
            if (arn != null && seen.add("arn\u0000" + arn)) {
                resources.addObject().put("ARN", arn);
            }
            if (instance != null && seen.add("instance\u0000" + instance)) {
                instances.addObject().put("Id", instance);
            }
            if (zone != null && seen.add("zone\u0000" + zone)) {
                zones.addObject().put("Name", zone);
            }
        }
        rootCauses(out.putArray("FaultRootCauses"), trace.rootCauses("fault"), "Exceptions");
        rootCauses(out.putArray("ErrorRootCauses"), trace.rootCauses("error"), "Exceptions");
        rootCauses(out.putArray("ResponseTimeRootCauses"), trace.rootCauses("responsetime"), "Coverage");
    }

    private static ObjectNode serviceId(ObjectNode out, String name, String type) {
        out.put("Name", name).putArray("Names").add(name);
        return out.put("Type", type);
    }

    /** In the layout of FaultRootCause, ErrorRootCause and ResponseTimeRootCause: services, each with its entity path. */
    private static void rootCauses(ArrayNode out, List<Trace.RootCause> causes, String detail) {
        for (Trace.RootCause cause : causes) {
            ObjectNode entry = out.addObject();
            ArrayNode services = entry.putArray("Services");
            ObjectNode service = null;
            for (int i = 0; i < cause.services().size(); i++) {
                Map<String, Object> element = cause.services().get(i);
                service = serviceId(services.addObject(), (String) element.get("name"), (String) element.get("type"));
                service.put("Inferred", (Boolean) element.get("inferred"));
                ArrayNode path = service.putArray("EntityPath");
                for (Map<String, Object> e : cause.entities()) {
                    if (e.get("service").equals(i)) {
                        ObjectNode written = path.addObject().put("Name", (String) e.get("name")).put("Remote", (Boolean) e.get("remote"));
                        if (detail.equals("Coverage") && e.get("coverage") != null) {
                            written.put("Coverage", Math.round((Double) e.get("coverage") * 1e6) / 1e6);
                        }
                    }
                }
            }
            if (detail.equals("Exceptions") && service != null) {
                JsonNode last = service.get("EntityPath");
                if (!last.isEmpty()) {
                    ArrayNode exceptions = ((ObjectNode) last.get(last.size() - 1)).putArray("Exceptions");
                    cause.exceptions().forEach(e -> exceptions.addObject().put("Name", (String) e.get("name"))
                            .put("Message", (String) e.get("message")));
                }
            }
            entry.put("ClientImpacting", cause.clientImpacting());
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
