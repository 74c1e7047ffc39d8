package dev.monitor.console.profiler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monitor.core.files.DataLayout;
import dev.monitor.core.profiler.CollapsedProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads what the profiler writes under {@code <data-dir>/profiles/<group>/}: recommendations and anomalies per
 * interval ({@code recommendations/<start>--<end>.json}, {@code anomalies/<start>--<end>.json}) and heap summaries
 * ({@code heap/<time>.json}), times as {@code 20261202T101500Z}. A file that cannot be read is named in the answer's
 * problems and the others are answered; nothing here writes.
 */
public final class ProfileReports {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern INTERVAL = Pattern.compile("(\\d{8}T\\d{6}Z)--(\\d{8}T\\d{6}Z)\\.json");
    private static final Pattern MOMENT = Pattern.compile("(\\d{8}T\\d{6}Z)\\.json");

    private ProfileReports() {
    }

    /** Where the profiler's files are: {@code <data-dir>/profiles}, as the data layout names it. */
    public static Path root(Path dataDir) {
        return new DataLayout(dataDir).profiles();
    }

    /** One stack a recommendation matched, and its count. */
    public record MatchingStack(String stack, long count) {
    }

    /** A pattern the profile shows, with its share, cost and resolution, as CodeGuru Profiler's recommendations. */
    public record Recommendation(String ruleId, String name, String kind, double share, double threshold, double estimatedCpuShare,
                                 Double estimatedYearlyCostUsd, String resolution, List<MatchingStack> matchingStacks) {
    }

    /** The recommendations of one interval. */
    public record RecommendationReport(String profilingGroup, Instant start, Instant end, List<Recommendation> recommendations) {
    }

    /** One class of a heap summary and its change since the summary before (null for the first). */
    public record HeapEntry(String className, long instances, long bytes, Long instancesChange, Long bytesChange) {
    }

    /** The classes using the most memory at one time. */
    public record HeapSummary(String profilingGroup, Instant time, List<HeapEntry> entries) {
    }

    /** A function whose share departed from its baseline. */
    public record Anomaly(String function, String kind, double expectedShare, double observedShare, Instant start, Instant end) {
    }

    /** The anomalies of one interval. */
    public record AnomalyReport(String profilingGroup, Instant start, Instant end, List<Anomaly> anomalies) {
    }

    /** What was read, oldest first, and the files that could not be read ({@code path: reason}). */
    public record Read<T>(List<T> items, List<String> problems) {
    }

    /** The recommendation reports of {@code group} whose interval overlaps [{@code start}, {@code end}). */
    public static Read<RecommendationReport> recommendations(Path root, String group, Instant start, Instant end) {
        return intervals(root, group, "recommendations", start, end, ProfileReports::recommendationReport);
    }

    /** The anomaly reports of {@code group} whose interval overlaps [{@code start}, {@code end}). */
    public static Read<AnomalyReport> anomalies(Path root, String group, Instant start, Instant end) {
        return intervals(root, group, "anomalies", start, end, ProfileReports::anomalyReport);
    }

    /** The heap summaries of {@code group} taken in [{@code start}, {@code end}). */
    public static Read<HeapSummary> heapSummaries(Path root, String group, Instant start, Instant end) {
        List<Timed<HeapSummary>> found = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Path file : list(CollapsedProfile.groupFolder(root, group).resolve("heap"))) {
            Matcher name = MOMENT.matcher(file.getFileName().toString());
            Instant time = name.matches() ? CollapsedProfile.fileTime(name.group(1)) : null;
            if (time != null && !time.isBefore(start) && time.isBefore(end)) {
                read(file, ProfileReports::heapSummary, problems).ifPresent(summary -> found.add(new Timed<>(time, summary)));
            }
        }
        found.sort(Comparator.comparing(Timed::time));
        return new Read<>(found.stream().map(Timed::item).toList(), List.copyOf(problems));
    }

    private record Timed<T>(Instant time, T item) {
    }

    private static <T> Read<T> intervals(Path root, String group, String folder, Instant start, Instant end, Function<JsonNode, T> parse) {
        List<Timed<T>> found = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Path file : list(CollapsedProfile.groupFolder(root, group).resolve(folder))) {
            Matcher name = INTERVAL.matcher(file.getFileName().toString());
            Instant from = name.matches() ? CollapsedProfile.fileTime(name.group(1)) : null;
            Instant to = name.matches() ? CollapsedProfile.fileTime(name.group(2)) : null;
            if (from != null && to != null && from.isBefore(end) && to.isAfter(start)) {
                read(file, parse, problems).ifPresent(report -> found.add(new Timed<>(from, report)));
            }
        }
        found.sort(Comparator.comparing(Timed::time));
        return new Read<>(found.stream().map(Timed::item).toList(), List.copyOf(problems));
    }

    private static List<Path> list(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException | UncheckedIOException e) {
            throw new UncheckedIOException("the profiler's files in " + folder + " could not be listed",
                    e instanceof IOException io ? io : ((UncheckedIOException) e).getCause());
        }
    }

    private static <T> java.util.Optional<T> read(Path file, Function<JsonNode, T> parse, List<String> problems) {
        try {
            return java.util.Optional.of(parse.apply(JSON.readTree(file.toFile())));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            problems.add(file + ": not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            problems.add(file + ": could not be read: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            problems.add(file + ": " + e.getMessage());
        }
        return java.util.Optional.empty();
    }

    private static RecommendationReport recommendationReport(JsonNode json) {
        List<Recommendation> recommendations = new ArrayList<>();
        JsonNode list = array(json, "recommendations");
        for (int i = 0; i < list.size(); i++) {
            JsonNode r = list.get(i);
            String at = "recommendations[" + i + "].";
            List<MatchingStack> stacks = new ArrayList<>();
            JsonNode matching = array(r, "matchingStacks");
            for (int m = 0; m < matching.size(); m++) {
                JsonNode stack = matching.get(m);
                stacks.add(new MatchingStack(text(stack, "stack", at + "matchingStacks[" + m + "]."),
                        whole(stack, "count", at + "matchingStacks[" + m + "].")));
            }
            JsonNode cost = r.get("estimatedYearlyCostUsd");
            recommendations.add(new Recommendation(text(r, "ruleId", at), text(r, "name", at), optionalText(r, "kind"),
                    number(r, "share", at), number(r, "threshold", at), r.path("estimatedCpuShare").asDouble(0),
                    cost == null || cost.isNull() ? null : number(r, "estimatedYearlyCostUsd", at), optionalText(r, "resolution"),
                    List.copyOf(stacks)));
        }
        return new RecommendationReport(optionalText(json, "profilingGroup"), time(json, "start"), time(json, "end"),
                List.copyOf(recommendations));
    }

    private static AnomalyReport anomalyReport(JsonNode json) {
        List<Anomaly> anomalies = new ArrayList<>();
        JsonNode list = array(json, "anomalies");
        for (int i = 0; i < list.size(); i++) {
            JsonNode a = list.get(i);
            String at = "anomalies[" + i + "].";
            anomalies.add(new Anomaly(text(a, "function", at), optionalText(a, "kind"), number(a, "expectedShare", at),
                    number(a, "observedShare", at), time(a, "start", at), time(a, "end", at)));
        }
        return new AnomalyReport(optionalText(json, "profilingGroup"), time(json, "start"), time(json, "end"), List.copyOf(anomalies));
    }

    private static HeapSummary heapSummary(JsonNode json) {
        List<HeapEntry> entries = new ArrayList<>();
        JsonNode list = array(json, "entries");
        for (int i = 0; i < list.size(); i++) {
            JsonNode e = list.get(i);
            String at = "entries[" + i + "].";
            entries.add(new HeapEntry(text(e, "className", at), whole(e, "instances", at), whole(e, "bytes", at),
                    optionalLong(e, "instancesChange", at), optionalLong(e, "bytesChange", at)));
        }
        return new HeapSummary(optionalText(json, "profilingGroup"), time(json, "time"), List.copyOf(entries));
    }

    private static JsonNode array(JsonNode json, String field) {
        JsonNode value = json.get(field);
        if (value == null || value.isNull()) {
            return JSON.createArrayNode();
        }
        if (!value.isArray()) {
            throw new IllegalArgumentException("\"" + field + "\" is " + value.getNodeType() + ", not an array");
        }
        return value;
    }

    private static String text(JsonNode json, String field, String at) {
        JsonNode value = json.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("\"" + at + field + "\" is " + (value == null ? "missing" : value.toString()) + ", not a string");
        }
        return value.asText();
    }

    private static String optionalText(JsonNode json, String field) {
        JsonNode value = json.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static double number(JsonNode json, String field, String at) {
        JsonNode value = json.get(field);
        if (value == null || !value.isNumber()) {
            throw new IllegalArgumentException("\"" + at + field + "\" is " + (value == null ? "missing" : value.toString()) + ", not a number");
        }
        return value.asDouble();
    }

    private static Long optionalLong(JsonNode json, String field, String at) {
        JsonNode value = json.get(field);
        return value == null || value.isNull() ? null : whole(json, field, at);
    }

    private static long whole(JsonNode json, String field, String at) {
        JsonNode value = json.get(field);
        if (value == null || !value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new IllegalArgumentException("\"" + at + field + "\" is " + (value == null ? "missing" : value.toString())
                    + ", not a whole number");
        }
        return value.asLong();
    }

    private static Instant time(JsonNode json, String field) {
        return time(json, field, "");
    }

    private static Instant time(JsonNode json, String field, String at) {
        JsonNode value = json.get(field);
        try {
            if (value != null && value.isTextual()) {
                return java.time.OffsetDateTime.parse(value.asText()).toInstant();
            }
        } catch (DateTimeParseException e) {
            // named below
        }
        throw new IllegalArgumentException("\"" + at + field + "\" is " + (value == null ? "missing" : value.toString())
                + ", not an ISO-8601 time such as 2026-12-02T10:00:00Z");
    }
}
