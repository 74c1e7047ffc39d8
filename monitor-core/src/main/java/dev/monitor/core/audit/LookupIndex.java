package dev.monitor.core.audit;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;

/**
 * What LookupEvents searches, kept beside each trail file so that a lookup reads a few small
 * lines per record instead of parsing every record: {@code <audit>/index/<trail file>.idx}, one
 * tab-separated line per record, in the file's order: epoch seconds, then the eight lookup
 * attributes (resource types and names joined by a unit separator). Tabs and line breaks in values
 * become spaces, so such a value is not found by its exact text. A trail file without an index
 * (written before it, or its index lost) is searched by parsing it.
 */
final class LookupIndex {
    static final char SEPARATOR = '\t';
    static final char LIST = '\u001f';
    /** Column of each LookupEvents attribute, after the time in column 0. */
    static final List<String> COLUMNS = List.of("EventId", "EventName", "ReadOnly", "Username", "EventSource", "AccessKeyId",
            "ResourceType", "ResourceName");

    private LookupIndex() {
    }

    static Path indexOf(Path auditDir, Path trailFile) {
        return auditDir.resolve("index").resolve(trailFile.getFileName() + ".idx");
    }

    /** Writes the index of a delivered file's records (JSON objects in the file's order). */
    static void write(Path index, List<JsonNode> records) throws IOException {
        Files.createDirectories(index.getParent());
        Path temporary = index.resolveSibling(index.getFileName() + ".tmp");
        try (BufferedWriter out = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
            for (JsonNode record : records) {
                out.write(line(record));
                out.write('\n');
            }
        }
        Files.move(temporary, index, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    static String line(JsonNode record) {
        StringBuilder line = new StringBuilder(128);
        line.append(Instant.parse(record.path("eventTime").asText()).getEpochSecond());
        for (String attribute : COLUMNS) {
            line.append(SEPARATOR);
            switch (attribute) {
                case "ResourceType" -> resources(record, "type", line);
                case "ResourceName" -> resources(record, "ARN", line);
                default -> line.append(clean(Lookup.attribute(record, attribute)));
            }
        }
        return line.toString();
    }

    private static void resources(JsonNode record, String field, StringBuilder line) {
        boolean first = true;
        for (JsonNode resource : record.path("resources")) {
            if (!first) {
                line.append(LIST);
            }
            line.append(clean(resource.path(field).asText("")));
            first = false;
        }
    }

    private static String clean(String value) {
        return value == null ? "" : value.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ').replace(LIST, ' ');
    }

    /** Calls {@code sink} with the ordinal and time of every record of the index that matches. */
    static void scan(Path index, LookupAttribute attribute, long from, long to, Sink sink) throws IOException {
        int column = attribute == null ? -1 : COLUMNS.indexOf(attribute.key()) + 1;
        boolean list = attribute != null && attribute.key().startsWith("Resource");
        String wanted = attribute == null ? null : attribute.value();
        try (BufferedReader in = Files.newBufferedReader(index, StandardCharsets.UTF_8)) {
            String line;
            int ordinal = 0;
            while ((line = in.readLine()) != null) {
                int tab = line.indexOf(SEPARATOR);
                long time = Long.parseLong(line, 0, tab, 10);
                if (time >= from && time <= to && (column < 0 || matches(line, tab, column, wanted, list))) {
                    sink.accept(ordinal, time);
                }
                ordinal++;
            }
        }
    }

    /** Whether column {@code column} of the line (or, for a list, one of its items) is {@code wanted}. */
    private static boolean matches(String line, int firstTab, int column, String wanted, boolean list) {
        int start = firstTab + 1;
        for (int c = 1; c < column; c++) {
            start = line.indexOf(SEPARATOR, start) + 1;
        }
        int end = line.indexOf(SEPARATOR, start);
        if (end < 0) {
            end = line.length();
        }
        if (!list) {
            return end - start == wanted.length() && line.startsWith(wanted, start);
        }
        int item = start;
        while (item <= end) {
            int itemEnd = line.indexOf(LIST, item);
            if (itemEnd < 0 || itemEnd > end) {
                itemEnd = end;
            }
            if (itemEnd - item == wanted.length() && line.startsWith(wanted, item)) {
                return true;
            }
            item = itemEnd + 1;
        }
        return false;
    }

    interface Sink {
        void accept(int ordinal, long epochSecond);
    }
}
