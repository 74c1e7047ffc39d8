package dev.monitor.core.logs;

import dev.monitor.core.files.RollingFile;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads the log files under {@code <data-dir>/logs} back: the events of some groups in a time
 * range, from every stream, gzipped or not. Files that cannot hold events of the range (by the
 * times in their names) are not opened.
 */
final class LogReader {
    private static final Pattern FILE = Pattern.compile("events-(\\d{8}T\\d{6}Z)-(\\d+)\\.jsonl(\\.gz)?");
    /** Events may be written a little after they were logged: look this much beyond a file's name. */
    private static final long SLACK_MICROS = 60_000_000L;
    private static final String PREFIX = "{\"timestamp\":\"";

    interface Sink {
        void accept(EventRow event, int bytes);
    }

    private LogReader() {
    }

    /** Every event of {@code groups} with a timestamp in {@code [start, end)}, oldest file first per stream. */
    static void scan(Path logs, List<String> groups, Instant start, Instant end, Set<String> fields, Sink sink) {
        long from = micros(start);
        long to = micros(end);
        for (String group : groups) {
            Path groupDir = logs.resolve(LogNames.directoryName(group));
            if (!Files.isDirectory(groupDir)) {
                continue;
            }
            for (Path streamDir : list(groupDir)) {
                String stream = LogNames.fromDirectoryName(streamDir.getFileName().toString());
                List<Path> files = RollingFile.withoutCompressedTwins(list(streamDir)).stream()
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
                    read(files.get(i), group, stream, from, to, fields, sink);
                }
            }
        }
    }

    private static void read(Path file, String group, String stream, long from, long to, Set<String> fields, Sink sink) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(RollingFile.open(file), StandardCharsets.UTF_8),
                1 << 16)) {
            String line;
            while ((line = reader.readLine()) != null) {
                long micros = timestamp(line);
                if (micros >= from && micros < to) {
                    sink.accept(new EventRow(micros, group, stream, line, fields), line.length() + 1);
                }
            }
        } catch (IOException e) {
            // A file being rotated away (gzipped and deleted) while read: its events are in the .gz.
            if (Files.exists(file)) {
                throw new UncheckedIOException("reading " + file + " failed", e);
            }
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

    private static List<Path> list(Path dir) {
        try (Stream<Path> listing = Files.list(dir)) {
            return new ArrayList<>(listing.toList());
        } catch (IOException e) {
            return List.of();
        }
    }
}
