package dev.monitor.core.profiler.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.monitor.core.profiler.Anomaly;
import dev.monitor.core.profiler.CollapsedProfile;
import dev.monitor.core.profiler.HeapSummary;
import dev.monitor.core.profiler.ProfileKind;
import dev.monitor.core.profiler.Recommendation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Writes the profiler's files under {@code <data-dir>/profiles/<group>/} as the CLI and the console read them:
 * {@code <kind>/<start>--<end>.collapsed}, {@code recommendations/} and {@code anomalies/<start>--<end>.json},
 * {@code summaries/<start>--<end>.json} (samples, GC pauses, thread states), {@code heap/<time>.json}; and deletes
 * those older than the retention. Each file appears whole (written aside, then moved into place).
 */
final class ProfileFiles {
    static final String RECOMMENDATIONS = "recommendations";
    static final String ANOMALIES = "anomalies";
    static final String SUMMARIES = "summaries";
    static final String HEAP = "heap";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The time a file name starts with. */
    private static final Pattern FILE_TIME = Pattern.compile("^(\\d{8}T\\d{6}Z)");

    private final Path group;
    private final String groupName;

    ProfileFiles(Path profiles, String group) {
        this.group = CollapsedProfile.groupFolder(profiles, group);
        this.groupName = group;
    }

    Path folder() {
        return group;
    }

    Path collapsed(ProfileKind kind, Instant start, Instant end, CollapsedProfile profile) throws IOException {
        Path file = group.resolve(kind.folder()).resolve(CollapsedProfile.intervalName(start, end) + ".collapsed");
        write(file, profile.write());
        return file;
    }

    Path recommendations(Instant start, Instant end, List<Recommendation> recommendations) throws IOException {
        ObjectNode root = interval(start, end);
        ArrayNode list = root.putArray("recommendations");
        for (Recommendation r : recommendations) {
            ObjectNode node = list.addObject();
            node.put("ruleId", r.ruleId());
            node.put("name", r.name());
            node.put("kind", r.kind().folder());
            node.put("share", r.share());
            node.put("threshold", r.threshold());
            node.put("estimatedCpuShare", r.estimatedCpuShare());
            if (r.estimatedYearlyCostUsd() == null) {
                node.putNull("estimatedYearlyCostUsd");
            } else {
                node.put("estimatedYearlyCostUsd", r.estimatedYearlyCostUsd());
            }
            node.put("resolution", r.resolution());
            ArrayNode stacks = node.putArray("matchingStacks");
            for (Recommendation.MatchingStack stack : r.matchingStacks()) {
                stacks.addObject().put("stack", stack.stack()).put("count", stack.count());
            }
        }
        return json(group.resolve(RECOMMENDATIONS).resolve(CollapsedProfile.intervalName(start, end) + ".json"), root);
    }

    Path anomalies(Instant start, Instant end, List<Anomaly> anomalies) throws IOException {
        ObjectNode root = interval(start, end);
        ArrayNode list = root.putArray("anomalies");
        for (Anomaly a : anomalies) {
            list.addObject().put("function", a.function()).put("kind", a.kind().folder()).put("expectedShare", a.expectedShare())
                    .put("observedShare", a.observedShare()).put("start", a.start().toString()).put("end", a.end().toString());
        }
        return json(group.resolve(ANOMALIES).resolve(CollapsedProfile.intervalName(start, end) + ".json"), root);
    }

    Path summary(Instant start, Instant end, ObjectNode summary) throws IOException {
        ObjectNode root = interval(start, end);
        root.setAll(summary);
        return json(group.resolve(SUMMARIES).resolve(CollapsedProfile.intervalName(start, end) + ".json"), root);
    }

    Path heap(HeapSummary summary) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("profilingGroup", summary.profilingGroup());
        root.put("time", summary.time().toString());
        ArrayNode entries = root.putArray("entries");
        for (HeapSummary.Entry e : summary.entries()) {
            ObjectNode node = entries.addObject().put("className", e.className()).put("instances", e.instances()).put("bytes", e.bytes());
            if (e.instancesChange() == null) {
                node.putNull("instancesChange");
                node.putNull("bytesChange");
            } else {
                node.put("instancesChange", e.instancesChange()).put("bytesChange", e.bytesChange());
            }
        }
        return json(group.resolve(HEAP).resolve(CollapsedProfile.FILE_TIME.format(summary.time()) + ".json"), root);
    }

    static ObjectNode object() {
        return JSON.createObjectNode();
    }

    /**
     * Deletes this group's files whose time (an interval's start, a summary's time) is before {@code oldest};
     * returns how many. A file that cannot be deleted is left for the next sweep.
     */
    int sweep(Instant oldest) {
        int deleted = 0;
        if (!Files.isDirectory(group)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(group, 2)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Matcher m = FILE_TIME.matcher(file.getFileName().toString());
                Instant time = m.find() ? CollapsedProfile.fileTime(m.group(1)) : null;
                if (time != null && time.isBefore(oldest) && Files.isRegularFile(file)) {
                    try {
                        Files.deleteIfExists(file);
                        deleted++;
                    } catch (IOException e) {
                        // left for the next sweep
                    }
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // the folder changed while walking it: the next sweep sees it again
        }
        return deleted;
    }

    private ObjectNode interval(Instant start, Instant end) {
        ObjectNode root = JSON.createObjectNode();
        root.put("profilingGroup", groupName);
        root.put("start", start.toString());
        root.put("end", end.toString());
        return root;
    }

    private static Path json(Path file, ObjectNode root) throws IOException {
        write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
        return file;
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Path aside = file.resolveSibling("." + file.getFileName() + ".tmp");
        Files.writeString(aside, text, StandardCharsets.UTF_8);
        try {
            Files.move(aside, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(aside, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
