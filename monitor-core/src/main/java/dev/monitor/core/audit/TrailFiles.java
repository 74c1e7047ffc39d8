package dev.monitor.core.audit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The trail in CloudTrail's layout under {@code <data-dir>/audit}:
 * {@code AuditLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/<account>_CloudTrail_<region>_<YYYYMMDDTHHmmZ>_<unique>.json.gz},
 * each file {@code {"Records": [...]}}. A journal segment becomes exactly one file, named by its
 * oldest record's time and the segment's id, so a delivery repeated after a crash finds its file
 * already there instead of writing the records twice.
 */
final class TrailFiles {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm'Z'").withZone(ZoneOffset.UTC);

    /** A delivered file, as a digest lists it. */
    record Delivered(Path file, String relativePath, String sha256, Instant oldest, Instant newest) {
    }

    private final Path auditDir;
    private final String account;
    private final String region;

    TrailFiles(Path auditDir, String account, String region) {
        this.auditDir = auditDir;
        this.account = account;
        this.region = region;
    }

    Path logsRoot() {
        return auditDir.resolve("AuditLogs").resolve(account).resolve("CloudTrail").resolve(region);
    }

    /**
     * {@code AuditLogs/<account>/<kind>/<region>/YYYY/MM/DD}, relative to the audit directory:
     * where CloudTrail puts the files of a kind ({@code CloudTrail}, {@code CloudTrail-Insight},
     * {@code CloudTrail-Digest}) of the day of {@code at}.
     */
    static String dayFolder(String account, String kind, String region, Instant at) {
        return "AuditLogs/" + account + "/" + kind + "/" + region + "/" + DAY.format(at);
    }

    /** Where the records of the segment with {@code id}, the oldest at {@code oldest}, go. */
    Path fileFor(String id, Instant oldest) {
        return auditDir.resolve(dayFolder(account, "CloudTrail", region, oldest))
                .resolve(account + "_CloudTrail_" + region + "_" + STAMP.format(oldest) + "_" + id + ".json.gz");
    }

    String relative(Path file) {
        return auditDir.relativize(file).toString().replace('\\', '/');
    }

    /**
     * Writes {@code records} (JSON objects, one per string) as the segment's trail file, atomically;
     * null when there are none or the file exists already (a delivery repeated after a crash).
     */
    Delivered deliver(String id, List<String> records, List<Instant> times) throws IOException {
        if (records.isEmpty()) {
            return null;
        }
        Instant oldest = times.stream().min(Instant::compareTo).orElseThrow();
        Instant newest = times.stream().max(Instant::compareTo).orElseThrow();
        Path target = fileFor(id, oldest);
        if (Files.exists(target)) {
            return null;
        }
        byte[] content = records(records);
        writeGzipped(target, content);
        return new Delivered(target, relative(target), sha256Hex(content), oldest, newest);
    }

    private static byte[] records(List<String> records) {
        return ("{\"Records\":[" + String.join(",", records) + "]}").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Writes {@code content} gzipped as {@code target}, whole or not at all: into a temporary
     * file, forced to disk, then moved into place. Every file of the trail is written so.
     */
    static void writeGzipped(Path target, byte[] content) throws IOException {
        Files.createDirectories(target.getParent());
        Path temporary = target.resolveSibling(target.getFileName() + ".tmp");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(temporary))) {
            out.write(content);
        }
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Writes insight records as one file under {@code CloudTrail-Insight/}, where CloudTrail puts
     * them: {@code AuditLogs/<account>/CloudTrail-Insight/<region>/YYYY/MM/DD/...json.gz}.
     */
    Path deliverInsights(List<String> records, Instant at) throws IOException {
        String unique = String.format("%016x", java.util.concurrent.ThreadLocalRandom.current().nextLong());
        Path target = auditDir.resolve(dayFolder(account, "CloudTrail-Insight", region, at))
                .resolve(account + "_CloudTrail-Insight_" + region + "_" + STAMP.format(at) + "_" + unique + ".json.gz");
        writeGzipped(target, records(records));
        return target;
    }

    /** Every trail file, oldest first (by day, then by name). */
    List<Path> files() throws IOException {
        Path root = logsRoot();
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> p.getFileName().toString().endsWith(".json.gz")).sorted().toList();
        }
    }

    /**
     * The files of one kind ({@code CloudTrail}, {@code CloudTrail-Digest}) under
     * {@code AuditLogs/<account>/<kind>/} for every account and region, sorted by path: for
     * readers without a running trail (the CLI, validation).
     */
    static List<Path> everyAccount(Path auditDir, String kind) throws IOException {
        Path logs = auditDir.resolve("AuditLogs");
        if (!Files.isDirectory(logs)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(logs)) {
            return walk.filter(p -> p.getFileName().toString().endsWith(".json.gz")).filter(p -> {
                Path below = logs.relativize(p);
                return below.getNameCount() > 2 && below.getName(1).toString().equals(kind);
            }).sorted().toList();
        }
    }

    /** Deletes the days of trail files older than {@code cutoff}; returns how many files went. */
    int prune(Instant cutoff) throws IOException {
        int deleted = 0;
        String cutoffDay = DAY.format(cutoff);
        for (Path file : files()) {
            String day = relative(file.getParent()).substring(relative(logsRoot()).length() + 1);
            if (day.compareTo(cutoffDay) < 0) {
                Files.deleteIfExists(file);
                Files.deleteIfExists(LookupIndex.indexOf(auditDir, file));
                deleted++;
            }
        }
        return deleted;
    }

    static byte[] gunzip(Path file) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toByteArray();
        }
    }

    static String sha256Hex(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
