package dev.monitor.core.events.archive.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.monitor.core.events.archive.Archive;
import dev.monitor.core.events.patterns.EventPattern;
import dev.monitor.core.files.DataLayout;
import dev.monitor.core.files.RollingFile;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Not API: the archives' files under a data directory ({@link DataLayout#eventArchives()}), as a running
 * monitor wrote them: read by the monitor at start and by {@code monitor events list-archives}.
 * Each archive's folder holds {@code archive.json} (its CreateArchive settings) and one
 * {@code events-<yyyy-MM-dd>.jsonl} per UTC day of event time, one envelope a line.
 */
public final class ArchiveFiles {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ArchiveFiles() {
    }

    /** The archives whose settings files can be read; each one that cannot is named to {@code problems}. */
    public static List<Archive> read(DataLayout layout, Consumer<String> problems) {
        List<Archive> archives = new ArrayList<>();
        for (JsonNode settings : settings(layout, problems)) {
            try {
                String pattern = settings.path("EventPattern").isTextual() ? settings.get("EventPattern").asText() : null;
                archives.add(new Archive(settings.path("ArchiveName").asText(null), settings.path("EventSourceName").asText(null),
                        pattern == null ? null : EventPattern.parse(pattern), settings.path("RetentionDays").asInt(0),
                        settings.path("Description").asText(null)));
            } catch (RuntimeException e) {
                problems.accept("the archive settings " + settings.path("ArchiveName").asText("?") + " cannot be used: " + e.getMessage());
            }
        }
        return archives;
    }

    private static List<JsonNode> settings(DataLayout layout, Consumer<String> problems) {
        List<JsonNode> all = new ArrayList<>();
        TreeMap<String, Path> folders = new TreeMap<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(layout.eventArchives())) {
            for (Path folder : entries) {
                if (Files.isDirectory(folder)) {
                    folders.put(folder.getFileName().toString(), folder);
                }
            }
        } catch (NoSuchFileException e) {
            return all;
        } catch (IOException e) {
            problems.accept("the archives folder " + layout.eventArchives() + " cannot be listed: " + e.getMessage());
            return all;
        }
        for (Path folder : folders.values()) {
            Path file = folder.resolve("archive.json");
            try {
                JsonNode node = JSON.readTree(Files.readAllBytes(file));
                if (node == null || !node.isObject()) {
                    problems.accept("the archive settings " + file + " are not a JSON object");
                } else {
                    all.add(node);
                }
            } catch (NoSuchFileException e) {
                problems.accept("the archive folder " + folder + " has no archive.json");
            } catch (IOException e) {
                problems.accept("the archive settings " + file + " cannot be read: " + e.getMessage());
            }
        }
        return all;
    }

    /** When the archive was created, as its settings file says; null when it has none. */
    public static Instant creationTime(DataLayout layout, String archive) {
        try {
            return Instant.parse(JSON.readTree(Files.readAllBytes(layout.eventArchiveSettings(archive))).path("CreationTime").asText());
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Writes an archive's settings file (replacing it whole, never half-written). */
    public static void writeSettings(DataLayout layout, Archive archive, Instant created, String arn, String sourceArn) throws IOException {
        ObjectNode node = JSON.createObjectNode();
        node.put("ArchiveName", archive.name());
        node.put("ArchiveArn", arn);
        node.put("EventSourceArn", sourceArn);
        node.put("EventSourceName", archive.eventSourceBus());
        if (archive.description() != null) {
            node.put("Description", archive.description());
        }
        if (archive.eventPattern() != null) {
            node.put("EventPattern", archive.eventPattern().json());
        }
        node.put("RetentionDays", archive.retentionDays());
        node.put("CreationTime", created.toString());
        Path file = layout.eventArchiveSettings(archive.name());
        RollingFile.createDirectories(file.getParent(), RollingFile.OWNER_ONLY);
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(temporary);
        try (var out = RollingFile.create(temporary, RollingFile.OWNER_ONLY)) {
            out.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(node));
        }
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** An archive's day files, by day. */
    public static TreeMap<LocalDate, Path> days(DataLayout layout, String archive) {
        TreeMap<LocalDate, Path> days = new TreeMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(layout.eventArchive(archive))) {
            for (Path file : files) {
                LocalDate day = DataLayout.eventArchiveDayOf(file.getFileName().toString());
                if (day != null) {
                    days.put(day, file);
                }
            }
        } catch (IOException e) {
            // no folder yet (nothing archived), or one that cannot be listed: no days
        }
        return days;
    }

    /**
     * ListArchives' answer over the files, as {@code aws events list-archives} prints it:
     * {@code {"Archives": [{"ArchiveName", "EventSourceArn", "State", "RetentionDays", "SizeBytes",
     * "EventCount", "CreationTime"}]}}, by name, only names starting with {@code namePrefix} when not
     * null; {@code CreationTime} in the AWS CLI's time format.
     */
    public static String listArchivesJson(DataLayout layout, String namePrefix, Consumer<String> problems) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode list = root.putArray("Archives");
        for (JsonNode settings : settings(layout, problems)) {
            String name = settings.path("ArchiveName").asText("");
            if (namePrefix != null && !name.startsWith(namePrefix)) {
                continue;
            }
            long size = 0;
            long count = 0;
            for (Path day : days(layout, name).values()) {
                size += Files.size(day);
                try (BufferedReader lines = Files.newBufferedReader(day, StandardCharsets.UTF_8)) {
                    count += lines.lines().filter(line -> !line.isBlank()).count();
                }
            }
            ObjectNode archive = list.addObject();
            archive.put("ArchiveName", name);
            archive.put("EventSourceArn", settings.path("EventSourceArn").asText());
            archive.put("State", "ENABLED");
            archive.put("RetentionDays", settings.path("RetentionDays").asInt(0));
            archive.put("SizeBytes", size);
            archive.put("EventCount", count);
            archive.put("CreationTime", dev.monitor.core.internal.AwsCliTime.format(Instant.parse(settings.path("CreationTime").asText())));
        }
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    }
}
