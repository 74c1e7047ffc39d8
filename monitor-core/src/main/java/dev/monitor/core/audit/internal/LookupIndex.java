package dev.monitor.core.audit.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.monitor.core.files.DataLayout;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;

/**
 * Not API: part of the monitor's audit runtime. What LookupEvents searches, kept beside each trail file so that a lookup reads a few small
 * lines per record instead of parsing every record: {@code <audit>/index/<trail file>.idx}, one
 * tab-separated line per record, in the file's order: epoch seconds, then the eight lookup
 * attributes (resource types and names joined by a unit separator). Tabs and line breaks in values
 * become spaces, so such a value is not found by its exact text. A trail file without an index
 * (written before it, or its index lost) is searched by parsing it.
 */
public final class LookupIndex {
    public static final char SEPARATOR = '\t';
    public static final char LIST = '\u001f';
    /** Column of each LookupEvents attribute, after the time in column 0. */
    public static final List<String> COLUMNS = List.of("EventId", "EventName", "ReadOnly", "Username", "EventSource", "AccessKeyId",
            "ResourceType", "ResourceName");

    private static final JsonFactory JSON = new JsonFactory();

    private LookupIndex() {
    }

    public static Path indexOf(DataLayout layout, Path trailFile) {
        return layout.auditIndex().resolve(trailFile.getFileName() + ".idx");
    }

    /** One record's place in the index: its time, and its line. */
    public record Entry(Instant time, String line) {
        /** The record's {@code eventID}: the column after the time. */
        public String eventId() {
            int first = line.indexOf(SEPARATOR);
            int second = line.indexOf(SEPARATOR, first + 1);
            return line.substring(first + 1, second < 0 ? line.length() : second);
        }
    }

    /** Writes the index of a delivered file's records, in the file's order. */
    public static void write(Path index, List<Entry> entries, FileModes modes) throws IOException {
        modes.folders(index.getParent());
        Path temporary = index.resolveSibling(index.getFileName() + ".tmp");
        StringBuilder lines = new StringBuilder(entries.size() * 96);
        for (Entry entry : entries) {
            lines.append(entry.line()).append('\n');
        }
        modes.write(temporary, lines.toString().getBytes(StandardCharsets.UTF_8));
        Files.move(temporary, index, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * The index entry of one record's JSON, read with a streaming parser: delivery indexes every
     * record, and building each one's tree cost more than writing the trail file.
     */
    public static Entry entry(String json) throws IOException {
        String time = null;
        String eventId = null;
        String eventName = null;
        String readOnly = null;
        String userName = null;
        String principalId = null;
        String eventSource = null;
        String accessKeyId = null;
        StringBuilder types = new StringBuilder();
        StringBuilder names = new StringBuilder();
        try (JsonParser parser = JSON.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("an audit record is not a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "eventTime" -> time = parser.getValueAsString();
                    case "eventID" -> eventId = parser.getValueAsString();
                    case "eventName" -> eventName = parser.getValueAsString();
                    case "readOnly" -> readOnly = value.isScalarValue() ? parser.getText() : null;
                    case "eventSource" -> eventSource = parser.getValueAsString();
                    case "userIdentity" -> {
                        while (value == JsonToken.START_OBJECT && parser.nextToken() == JsonToken.FIELD_NAME) {
                            String key = parser.currentName();
                            parser.nextToken();
                            switch (key) {
                                case "userName" -> userName = parser.getValueAsString();
                                case "principalId" -> principalId = parser.getValueAsString();
                                case "accessKeyId" -> accessKeyId = parser.getValueAsString();
                                default -> parser.skipChildren();
                            }
                        }
                        if (value != JsonToken.START_OBJECT) {
                            parser.skipChildren();
                        }
                    }
                    case "resources" -> resources(parser, value, types, names);
                    default -> parser.skipChildren();
                }
            }
            if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
                throw new IOException("an audit record is not one whole JSON object");
            }
        }
        if (time == null) {
            throw new IOException("an audit record has no eventTime");
        }
        Instant at;
        try {
            at = time(time);
        } catch (java.time.DateTimeException e) {
            throw new IOException("an audit record's eventTime '" + time + "' is not an ISO 8601 instant");
        }
        StringBuilder line = new StringBuilder(128).append(at.getEpochSecond());
        for (String value : new String[] {eventId, eventName, readOnly, userName != null ? userName : principalId, eventSource,
                accessKeyId}) {
            line.append(SEPARATOR).append(clean(value));
        }
        line.append(SEPARATOR).append(types).append(SEPARATOR).append(names);
        return new Entry(at, line.toString());
    }

    /**
     * A record's {@code eventTime}: {@code 2026-11-22T10:00:00Z} as records are written, read
     * without a formatter; any other ISO instant through {@link Instant#parse}.
     */
    public static Instant time(String text) {
        if (text.length() == 20 && text.charAt(4) == '-' && text.charAt(7) == '-' && text.charAt(10) == 'T'
                && text.charAt(13) == ':' && text.charAt(16) == ':' && text.charAt(19) == 'Z') {
            try {
                long day = java.time.LocalDate.of(digits(text, 0, 4), digits(text, 5, 7), digits(text, 8, 10)).toEpochDay();
                int hour = digits(text, 11, 13);
                int minute = digits(text, 14, 16);
                int second = digits(text, 17, 19);
                if (hour < 24 && minute < 60 && second < 60) {
                    return Instant.ofEpochSecond(day * 86_400 + hour * 3_600 + minute * 60 + second);
                }
            } catch (java.time.DateTimeException | NumberFormatException e) {
                // not a date after all: the formatter says why
            }
        }
        return Instant.parse(text);
    }

    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw new NumberFormatException("'" + c + "' in " + text);
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /** Each resource's type and ARN, joined by the list separator. */
    private static void resources(JsonParser parser, JsonToken array, StringBuilder types, StringBuilder names) throws IOException {
        if (array != JsonToken.START_ARRAY) {
            parser.skipChildren();
            return;
        }
        boolean first = true;
        while (parser.nextToken() == JsonToken.START_OBJECT) {
            String type = "";
            String arn = "";
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                parser.nextToken();
                switch (key) {
                    case "type" -> type = parser.getValueAsString("");
                    case "ARN" -> arn = parser.getValueAsString("");
                    default -> parser.skipChildren();
                }
            }
            if (!first) {
                types.append(LIST);
                names.append(LIST);
            }
            types.append(clean(type));
            names.append(clean(arn));
            first = false;
        }
    }

    private static String clean(String value) {
        return value == null ? "" : value.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ').replace(LIST, ' ');
    }

    /**
     * Calls {@code sink} with the ordinal and time of every record of the index that matches.
     *
     * @throws IOException when the index is empty or a line is not an index line: the caller reads the trail file instead
     */
    public static void scan(Path index, String key, String value, long from, long to, Sink sink) throws IOException {
        int column = key == null ? -1 : COLUMNS.indexOf(key) + 1;
        boolean list = key != null && key.startsWith("Resource");
        String wanted = key == null ? null : value;
        try (BufferedReader in = Files.newBufferedReader(index, StandardCharsets.UTF_8)) {
            String line;
            int ordinal = 0;
            while ((line = in.readLine()) != null) {
                int tab = line.indexOf(SEPARATOR);
                long time;
                try {
                    time = Long.parseLong(line, 0, tab, 10);
                } catch (RuntimeException e) {
                    throw new IOException("line " + (ordinal + 1) + " is not an index line");
                }
                if (time >= from && time <= to && (column < 0 || matches(line, tab, column, wanted, list))) {
                    sink.accept(ordinal, time);
                }
                ordinal++;
            }
            if (ordinal == 0) {
                throw new IOException("the index is empty");
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

    public interface Sink {
        void accept(int ordinal, long epochSecond);
    }
}
