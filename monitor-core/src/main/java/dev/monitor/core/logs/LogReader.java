package dev.monitor.core.logs;

import dev.monitor.core.files.DataLayout;
import dev.monitor.core.files.JsonLinesReader;
import dev.monitor.core.files.RollingFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads the log files under {@code <data-dir>/logs} back: the events of some groups in a time
 * range, from every stream, gzipped or not. Files that cannot hold events of the range (by the
 * times in their names) are not opened. A damaged file never stops the reading: a file cut short,
 * one that cannot be opened (a directory where a file should be), and lines that are not UTF-8 or
 * not log events are skipped, and each such file is named in the problems {@link #scan} returns;
 * whatever was read before the damage counts. Lines are split and checked by {@link JsonLinesReader}.
 */
final class LogReader {
    /** The log files' names, group 1 the time they were opened. */
    private static final Pattern FILE = DataLayout.namesOf(DataLayout.Files.LOG_EVENTS.prefix());
    /** Events may be written a little after they were logged: look this much beyond a file's name. */
    private static final long SLACK_MICROS = 60_000_000L;
    private static final String PREFIX = "{\"timestamp\":\"";
    /** Twice the largest event LogSettings lets a writer write whole: a longer line is not an event. */
    private static final int MAX_LINE_BYTES = 32 << 20;

    interface Sink {
        void accept(EventRow event, int bytes);
    }

    private LogReader() {
    }

    /**
     * Gives {@code sink} every event of {@code groups} with a timestamp in {@code [start, end)},
     * oldest file first per stream.
     *
     * @return what was skipped, each as {@code FILE: REASON}; empty when everything was read
     */
    static List<String> scan(Path logs, List<String> groups, Instant start, Instant end, Set<String> fields, Sink sink) {
        long from = micros(start);
        long to = micros(end);
        List<String> problems = new ArrayList<>();
        JsonLinesReader reader = new JsonLinesReader(MAX_LINE_BYTES);
        for (String group : groups) {
            Path groupDir = logs.resolve(DataLayout.folderName(group));
            if (!Files.isDirectory(groupDir)) {
                if (Files.exists(groupDir)) {
                    problems.add(groupDir + ": not a directory, so the log group " + group + " was not read");
                }
                continue;
            }
            for (Path streamDir : list(groupDir, problems)) {
                if (!Files.isDirectory(streamDir)) {
                    problems.add(streamDir + ": not a directory of log files");
                    continue;
                }
                String stream = DataLayout.nameOfFolder(streamDir.getFileName().toString());
                List<Path> files = RollingFile.withoutCompressedTwins(list(streamDir, problems)).stream()
                        .filter(p -> FILE.matcher(p.getFileName().toString()).matches())
                        .sorted(Comparator.comparing(LogReader::openedAt)).toList();
                for (int i = 0; i < files.size(); i++) {
                    long opened = openedAt(files.get(i));
                    long nextOpened = i + 1 < files.size() ? openedAt(files.get(i + 1)) : Long.MAX_VALUE;
                    boolean startsAfter = opened - SLACK_MICROS >= to;
                    boolean endsBefore = nextOpened != Long.MAX_VALUE && nextOpened + SLACK_MICROS < from;
                    if (startsAfter || endsBefore) {
                        continue;
                    }
                    String problem = read(reader, files.get(i), group, stream, from, to, fields, sink);
                    if (problem != null) {
                        problems.add(files.get(i) + ": " + problem);
                    }
                }
            }
        }
        return problems;
    }

    /** Reads one file; returns what was wrong with it, or null. */
    private static String read(JsonLinesReader reader, Path file, String group, String stream, long from, long to, Set<String> fields,
                               Sink sink) {
        FileDamage damage = new FileDamage();
        try (InputStream in = RollingFile.open(file)) {
            reader.read(in, (number, line) -> {
                long micros = timestamp(line);
                if (micros == Long.MIN_VALUE || line.charAt(line.length() - 1) != '}') {
                    damage.left(number, "not a log event");
                } else if (micros >= from && micros < to) {
                    sink.accept(new EventRow(micros, group, stream, line, fields), reader.lastLineBytes() + 1);
                }
            }, damage);
        } catch (IOException e) {
            damage.stream(0, e);
        }
        if (damage.failure == null) {
            return damage.left();
        }
        if (!Files.exists(file)) {
            // Rotated away (gzipped and deleted) while read: its events are in the .gz, read as the folder's next file.
            return null;
        }
        IOException e = damage.failure;
        String reason = Files.isDirectory(file) ? "a directory, not a log file"
                : e instanceof java.io.EOFException || String.valueOf(e.getMessage()).contains("end of ZLIB")
                ? "cut short (" + e.getMessage() + ")" : "unreadable (" + e + ")";
        return damage.left() == null ? reason : reason + "; also " + damage.left();
    }

    /** What a file's reading left out, counted by reason, and what stopped it. */
    private static final class FileDamage implements JsonLinesReader.Damage {
        private final Map<String, Integer> left = new LinkedHashMap<>();
        private int first;
        IOException failure;

        FileDamage() {
            left.put("not UTF-8", 0); // named first whatever came first
        }

        @Override
        public void line(int number, String reason, byte[] bytes) {
            left(number, reason.equals(JsonLinesReader.NOT_UTF8) ? "not UTF-8" : reason);
        }

        @Override
        public void stream(int lines, IOException cause) {
            failure = cause;
        }

        void left(int number, String reason) {
            left.merge(reason, 1, Integer::sum);
            first = first == 0 ? number : first;
        }

        /** What was left out, or null. */
        String left() {
            List<String> parts = new ArrayList<>();
            left.forEach((reason, count) -> {
                if (count > 0) {
                    parts.add(count + (count == 1 ? " line " : " lines ") + reason);
                }
            });
            return parts.isEmpty() ? null : String.join(" and ", parts) + " left out (the first at line " + first + ")";
        }
    }

    /** The event's time in microseconds, read from the line's leading timestamp; MIN_VALUE if it has none. */
    static long timestamp(String line) {
        if (line.startsWith(PREFIX) && line.length() >= PREFIX.length() + 27 && line.charAt(PREFIX.length() + 26) == 'Z') {
            int at = PREFIX.length();
            try {
                int year = Integer.parseInt(line, at, at + 4, 10);
                int month = Integer.parseInt(line, at + 5, at + 7, 10);
                int day = Integer.parseInt(line, at + 8, at + 10, 10);
                int hour = Integer.parseInt(line, at + 11, at + 13, 10);
                int minute = Integer.parseInt(line, at + 14, at + 16, 10);
                int second = Integer.parseInt(line, at + 17, at + 19, 10);
                int micros = Integer.parseInt(line, at + 20, at + 26, 10);
                long days = daysFromCivil(year, month, day);
                return ((days * 86_400L + hour * 3600L + minute * 60L + second) * 1_000_000L) + micros;
            } catch (NumberFormatException e) {
                return Long.MIN_VALUE;
            }
        }
        return Long.MIN_VALUE;
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm). */
    private static long daysFromCivil(int year, int month, int day) {
        int y = month <= 2 ? year - 1 : year;
        int era = Math.floorDiv(y, 400);
        int yearOfEra = y - era * 400;
        int dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097L + dayOfEra - 719_468L;
    }

    private static long openedAt(Path file) {
        Matcher m = FILE.matcher(file.getFileName().toString());
        if (!m.matches()) {
            return Long.MIN_VALUE;
        }
        String s = m.group(1);
        long days = daysFromCivil(Integer.parseInt(s.substring(0, 4)), Integer.parseInt(s.substring(4, 6)),
                Integer.parseInt(s.substring(6, 8)));
        long seconds = days * 86_400L + Integer.parseInt(s.substring(9, 11)) * 3600L
                + Integer.parseInt(s.substring(11, 13)) * 60L + Integer.parseInt(s.substring(13, 15));
        return seconds * 1_000_000L;
    }

    static long micros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1000;
    }

    private static List<Path> list(Path dir, List<String> problems) {
        try (Stream<Path> listing = Files.list(dir)) {
            return new ArrayList<>(listing.toList());
        } catch (IOException | UncheckedIOException e) {
            problems.add(dir + ": its listing failed (" + e.getMessage() + ")");
            return List.of();
        }
    }
}
