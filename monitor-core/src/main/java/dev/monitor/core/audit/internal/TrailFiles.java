package dev.monitor.core.audit.internal;

import dev.monitor.core.files.DataLayout.TrailKind;
import dev.monitor.core.files.DataLayout;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.GZIPOutputStream;
import java.util.zip.Inflater;
import java.util.zip.ZipException;

/**
 * Not API: part of the monitor's audit runtime. The trail in CloudTrail's layout under {@code <data-dir>/audit}, as CloudTrail names its S3
 * objects: {@code AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/<account>_CloudTrail_<region>_<YYYYMMDDTHHmmZ>_<unique>.json.gz},
 * the date and time being when the file was delivered, each file {@code {"Records": [...]}}. A
 * journal segment becomes exactly one file whose unique part is the segment's id (16 hex digits);
 * the name is chosen once and kept beside the segment until it is deleted, so a delivery repeated
 * after a crash finds its file already there instead of writing the records twice. Folders written
 * by earlier versions under {@code AuditLogs/} are still read.
 */
public final class TrailFiles {
    /** Where versions before 0.2 wrote: read, never written. */
    public static final String LEGACY_PREFIX = "AuditLogs";
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TrailFiles.class);
    private static final java.util.concurrent.atomic.AtomicBoolean LEGACY_NOTED = new java.util.concurrent.atomic.AtomicBoolean();
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC);

    /** A delivered file, as a digest lists it. */
    public record Delivered(Path file, String relativePath, String sha256, Instant oldest, Instant newest) {
    }

    private final DataLayout layout;
    private final Path auditDir;
    private final String account;
    private final String region;
    private final FileModes modes;

    public TrailFiles(DataLayout layout, String account, String region, FileModes modes) {
        this.layout = layout;
        this.auditDir = layout.audit();
        this.account = account;
        this.region = region;
        this.modes = modes;
    }

    /** Where the records of the segment with {@code id}, delivered at {@code delivered}, go. */
    public Path fileFor(String id, Instant delivered) {
        return layout.trailDay(account, TrailKind.RECORDS, region, delivered)
                .resolve(DataLayout.trailFileName(account, TrailKind.RECORDS, region, delivered, id));
    }

    public String relative(Path file) {
        return auditDir.relativize(file).toString().replace('\\', '/');
    }

    /**
     * Writes {@code records} (JSON objects, one per string) as the segment's trail file, atomically,
     * named by {@code now} unless {@code name} (a small file beside the segment) kept the name of
     * an earlier attempt; null when there are none. When the file exists already (a delivery repeated
     * after a crash between writing it and noting it in the digest) it is not written again, and its
     * own content's hash is returned, so that the rest of the delivery is completed for it.
     */
    public Delivered deliver(String id, Path name, Instant now, List<String> records, List<Instant> times) throws IOException {
        if (records.isEmpty()) {
            return null;
        }
        Instant oldest = times.stream().min(Instant::compareTo).orElseThrow();
        Instant newest = times.stream().max(Instant::compareTo).orElseThrow();
        Path target = null;
        if (Files.isRegularFile(name)) {
            String kept = Files.readString(name, StandardCharsets.UTF_8).trim();
            if (kept.startsWith(DataLayout.AWS_LOGS + "/") && kept.endsWith("_" + id + ".json.gz") && !kept.contains("..")) {
                target = auditDir.resolve(kept);
            }
        }
        if (target == null) {
            // A file is never named before its newest record: "delivered at" a time, it holds what came before.
            target = fileFor(id, newest.isAfter(now) ? newest : now);
            modes.write(name, relative(target).getBytes(StandardCharsets.UTF_8));
            try (FileChannel channel = FileChannel.open(name, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
        } else if (Files.exists(target)) {
            try {
                return new Delivered(target, relative(target), sha256Hex(gunzip(target)), oldest, newest);
            } catch (IOException e) {
                // written whole by a move, so only damage since: written again from the segment below
            }
        }
        byte[] content = records(records);
        writeGzipped(target, content, modes);
        return new Delivered(target, relative(target), sha256Hex(content), oldest, newest);
    }

    private static byte[] records(List<String> records) {
        return ("{\"Records\":[" + String.join(",", records) + "]}").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Writes {@code content} gzipped as {@code target}, whole or not at all: into a temporary
     * file, forced to disk, then moved into place. Every file of the trail is written so.
     */
    public static void writeGzipped(Path target, byte[] content, FileModes modes) throws IOException {
        modes.folders(target.getParent());
        Path temporary = target.resolveSibling(target.getFileName() + ".tmp");
        ByteArrayOutputStream zipped = new ByteArrayOutputStream(content.length / 4 + 64);
        try (OutputStream out = new GZIPOutputStream(zipped)) {
            out.write(content);
        }
        modes.write(temporary, zipped.toByteArray());
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Writes insight records as one file under {@code CloudTrail-Insight/}, where CloudTrail puts
     * them: {@code AWSLogs/<account>/CloudTrail-Insight/<region>/YYYY/MM/DD/...json.gz}.
     */
    public Path deliverInsights(List<String> records, Instant at) throws IOException {
        String unique = String.format("%016x", java.util.concurrent.ThreadLocalRandom.current().nextLong());
        Path target = layout.trailDay(account, TrailKind.INSIGHTS, region, at)
                .resolve(DataLayout.trailFileName(account, TrailKind.INSIGHTS, region, at, unique));
        writeGzipped(target, records(records), modes);
        return target;
    }

    /** Every trail file of this account and region, oldest first (by day, then by name), old prefix first. */
    public List<Path> files() throws IOException {
        List<Path> files = new java.util.ArrayList<>();
        for (String prefix : new String[] {LEGACY_PREFIX, DataLayout.AWS_LOGS}) {
            Path root = auditDir.resolve(prefix).resolve(account).resolve(TrailKind.RECORDS.folder()).resolve(region);
            if (Files.isDirectory(root)) {
                noteLegacy(prefix, root);
                try (Stream<Path> walk = Files.walk(root)) {
                    walk.filter(p -> p.getFileName().toString().endsWith(".json.gz")).sorted().forEach(files::add);
                }
            }
        }
        return files;
    }

    private static void noteLegacy(String prefix, Path folder) {
        if (prefix.equals(LEGACY_PREFIX) && LEGACY_NOTED.compareAndSet(false, true)) {
            LOG.warn("audit files under {} were written with the old prefix {}/ and are still read; new ones go under {}/", folder,
                    LEGACY_PREFIX, DataLayout.AWS_LOGS);
        }
    }

    /**
     * The files of one kind ({@code CloudTrail}, {@code CloudTrail-Digest}) under
     * {@code AWSLogs/<account>/<kind>/} (and the old {@code AuditLogs/}) for every account and
     * region, sorted by path: for readers without a running trail (the CLI, validation).
     */
    public static List<Path> everyAccount(DataLayout layout, TrailKind kind) throws IOException {
        List<Path> found = new java.util.ArrayList<>();
        for (String prefix : new String[] {LEGACY_PREFIX, DataLayout.AWS_LOGS}) {
            Path logs = layout.audit().resolve(prefix);
            if (!Files.isDirectory(logs)) {
                continue;
            }
            noteLegacy(prefix, logs);
            try (Stream<Path> walk = Files.walk(logs)) {
                walk.filter(p -> p.getFileName().toString().endsWith(".json.gz")).filter(p -> {
                    Path below = logs.relativize(p);
                    return below.getNameCount() > 2 && below.getName(1).toString().equals(kind.folder());
                }).sorted().forEach(found::add);
            }
        }
        return found;
    }

    /** Deletes the days of trail files older than {@code cutoff}; returns how many files went. */
    public int prune(Instant cutoff) throws IOException {
        int deleted = 0;
        String cutoffDay = DAY.format(cutoff);
        for (Path file : files()) {
            Path regionFolder = file.getParent().getParent().getParent().getParent();
            String day = regionFolder.relativize(file.getParent()).toString().replace('\\', '/');
            if (day.compareTo(cutoffDay) < 0) {
                Files.deleteIfExists(file);
                Files.deleteIfExists(LookupIndex.indexOf(layout, file));
                deleted++;
            }
        }
        return deleted;
    }

    /**
     * The content of a single-member gzip file, checked as strictly as its hash is: a cut stream, a
     * wrong CRC or length, and bytes after the end of the compressed stream (appended to a
     * delivered file) are errors, never silently read past. Inflated straight into an array of the
     * size the gzip trailer gives (a growing buffer, then its copy, cost validation several times
     * the content; monitor-benchmarks/RESULTS.md, 2026-12-02).
     */
    public static byte[] gunzip(Path file) throws IOException {
        byte[] in = Files.readAllBytes(file);
        int at = gzipBody(in);
        // The last four bytes give the length (mod 2^32): a hint only, since bytes may have been appended.
        long hinted = littleEndianInt(in, in.length - 4);
        int capacity = (int) Math.max(64, Math.min(hinted, Math.min((long) in.length * 1032, Integer.MAX_VALUE - 16)));
        byte[] out = new byte[capacity];
        int size = 0;
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(in, at, in.length - at);
            while (!inflater.finished()) {
                if (size == out.length) {
                    out = Arrays.copyOf(out, (int) Math.min((long) out.length * 2, Integer.MAX_VALUE - 16));
                }
                int n = inflater.inflate(out, size, out.length - size);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new EOFException("unexpected end of compressed stream");
                }
                size += n;
            }
            CRC32 crc = new CRC32();
            crc.update(out, 0, size);
            checkTrailer(in, inflater, crc.getValue(), size);
            return size == out.length ? out : Arrays.copyOf(out, size);
        } catch (DataFormatException e) {
            throw new ZipException("invalid compressed data: " + e.getMessage());
        } finally {
            inflater.end();
        }
    }

    /**
     * The SHA-256 (hex) of a gzip file's content, checked as {@link #gunzip} checks it, without
     * holding the content: what validation needs of every trail file.
     */
    public static String gunzipSha256Hex(Path file) throws IOException {
        byte[] in = Files.readAllBytes(file);
        int at = gzipBody(in);
        MessageDigest sha = sha256();
        CRC32 crc = new CRC32();
        byte[] buffer = new byte[64 * 1024];
        long size = 0;
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(in, at, in.length - at);
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new EOFException("unexpected end of compressed stream");
                }
                sha.update(buffer, 0, n);
                crc.update(buffer, 0, n);
                size += n;
            }
            checkTrailer(in, inflater, crc.getValue(), size);
            return HexFormat.of().formatHex(sha.digest());
        } catch (DataFormatException e) {
            throw new ZipException("invalid compressed data: " + e.getMessage());
        } finally {
            inflater.end();
        }
    }

    /** Where the deflate stream of a gzip file starts, past its header and optional fields. */
    private static int gzipBody(byte[] in) throws IOException {
        if (in.length < 18 || (in[0] & 0xff) != 0x1f || (in[1] & 0xff) != 0x8b || in[2] != 8) {
            throw new ZipException("not in gzip format");
        }
        int flags = in[3] & 0xff;
        int at = 10;
        if ((flags & 4) != 0) { // FEXTRA
            at += 2 + ((in[at] & 0xff) | (in[at + 1] & 0xff) << 8);
        }
        if ((flags & 8) != 0) { // FNAME
            while (at < in.length && in[at++] != 0) {
                // to the end of the name
            }
        }
        if ((flags & 16) != 0) { // FCOMMENT
            while (at < in.length && in[at++] != 0) {
                // to the end of the comment
            }
        }
        if ((flags & 2) != 0) { // FHCRC
            at += 2;
        }
        if (at >= in.length) {
            throw new EOFException("unexpected end of gzip header");
        }
        return at;
    }

    /** The trailer after the deflate stream holds the content's CRC and length, and nothing follows it. */
    private static void checkTrailer(byte[] in, Inflater inflater, long crc, long size) throws IOException {
        int trailer = in.length - inflater.getRemaining();
        if (in.length - trailer < 8) {
            throw new EOFException("unexpected end of compressed stream (no trailer)");
        }
        if (crc != littleEndianInt(in, trailer) || (size & 0xffffffffL) != littleEndianInt(in, trailer + 4)) {
            throw new ZipException("corrupt gzip trailer (CRC or size does not match)");
        }
        if (trailer + 8 < in.length) {
            throw new ZipException("unexpected data after end of compressed stream");
        }
    }

    private static long littleEndianInt(byte[] in, int at) {
        return ByteBuffer.wrap(in, at, 4).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xffffffffL;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    public static String sha256Hex(byte[] content) {
        return HexFormat.of().formatHex(sha256().digest(content));
    }
}
