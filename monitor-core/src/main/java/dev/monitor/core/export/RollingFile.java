package dev.monitor.core.export;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * JSON-lines files named {@code <prefix>-<yyyyMMdd'T'HHmmss'Z'>-<n>.jsonl} by the time they were
 * opened, rotated when one reaches {@code maxBytes} or is {@code rotateEvery} old. A closed file
 * is deleted once all its lines are older than {@code retention}, that is once the file after it
 * was opened more than {@code retention} ago. Not thread-safe: one exporter thread writes it.
 */
final class RollingFile implements AutoCloseable {
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final Path directory;
    private final String prefix;
    private final long maxBytes;
    private final Duration rotateEvery;
    private final Duration retention;
    private final Clock clock;
    private final Pattern names;
    private BufferedWriter writer;
    private Instant openedAt;
    private long written;

    RollingFile(Path directory, String prefix, long maxBytes, Duration rotateEvery, Duration retention, Clock clock) {
        this.directory = directory;
        this.prefix = prefix;
        this.maxBytes = maxBytes;
        this.rotateEvery = rotateEvery;
        this.retention = retention;
        this.clock = clock;
        this.names = Pattern.compile(Pattern.quote(prefix) + "-(\\d{8}T\\d{6}Z)-(\\d+)\\.jsonl");
    }

    /** Appends each line and a newline, rotating first if the current file is full or old. */
    void write(List<String> lines) throws IOException {
        Instant now = clock.instant();
        if (writer == null || written >= maxBytes || !now.isBefore(openedAt.plus(rotateEvery))) {
            rotate(now);
        }
        for (String line : lines) {
            writer.write(line);
            writer.write('\n');
            written += line.getBytes(StandardCharsets.UTF_8).length + 1;
        }
    }

    void flush() throws IOException {
        if (writer != null) {
            writer.flush();
        }
    }

    @Override
    public void close() throws IOException {
        if (writer != null) {
            writer.close();
            writer = null;
        }
    }

    /** The files written so far, oldest first. */
    List<Path> files() throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> listing = Files.list(directory)) {
            return listing.filter(p -> names.matcher(p.getFileName().toString()).matches())
                    .sorted(Comparator.comparing(this::stampOf).thenComparing(this::sequenceOf))
                    .toList();
        }
    }

    private void rotate(Instant now) throws IOException {
        close();
        Files.createDirectories(directory);
        String stamp = STAMP.format(now);
        int sequence = 0;
        Path file;
        do {
            file = directory.resolve(prefix + "-" + stamp + "-" + sequence++ + ".jsonl");
        } while (Files.exists(file));
        writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        openedAt = now;
        written = 0;
        deleteExpired(now);
    }

    private void deleteExpired(Instant now) throws IOException {
        List<Path> files = new ArrayList<>(files());
        Instant horizon = now.minus(retention);
        for (int i = 0; i + 1 < files.size(); i++) {
            if (Instant.from(STAMP.parse(stampOf(files.get(i + 1)))).isBefore(horizon)) {
                Files.deleteIfExists(files.get(i));
            }
        }
    }

    private String stampOf(Path file) {
        Matcher m = names.matcher(file.getFileName().toString());
        return m.matches() ? m.group(1) : "";
    }

    private int sequenceOf(Path file) {
        Matcher m = names.matcher(file.getFileName().toString());
        return m.matches() ? Integer.parseInt(m.group(2)) : 0;
    }
}
