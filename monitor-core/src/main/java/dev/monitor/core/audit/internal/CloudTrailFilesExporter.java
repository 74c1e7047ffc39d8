package dev.monitor.core.audit.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monitor.core.export.AuditRecord;
import dev.monitor.core.export.Exporter;
import dev.monitor.core.files.DataLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Not API: the {@code cloudtrail-files} exporter, the audit trail's default. Each batch (the
 * records of one journal segment) becomes one trail file in CloudTrail's layout
 * ({@link DataLayout#trailDay}, {@link DataLayout#trailFileName}) with its lookup index, and is
 * listed for the next signed digest; {@link #flush()} writes that digest (CloudTrail's fields,
 * chained and signed as before) and deletes trail files older than the retention.
 *
 * <p>A batch offered again (a crash, or another audit exporter that failed) is written once: the
 * file's name (its unique part time-ordered, so that the files of one minute list in delivery
 * order) is kept in {@link DataLayout#auditDeliveries()}, under a key made from the batch's first
 * record, before the file is written, so a repeat finds the file it began. Nothing is made on disk
 * until a batch comes, or until a flush finds a trail that ran here.
 */
public final class CloudTrailFilesExporter implements Exporter<AuditRecord> {
    private final DataLayout layout;
    private final Clock clock;
    private final Settings settings;
    /** Tells apart the files named in one millisecond. */
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final Pattern KEPT_ID = Pattern.compile("_([0-9a-f]{16})\\.json\\.gz$");

    private final ObjectMapper json = new ObjectMapper();
    private TrailFiles trail;
    private Digests digests;
    private FileModes modes;
    /** Whether files were delivered since the last digest: then close writes one. */
    private boolean undigested;

    /**
     * What the exporter writes with.
     *
     * @param account          the account in every key and digest
     * @param region           the region in every key and digest
     * @param trailName        the trail's name in digest file names
     * @param keys             the key pair that signs digests; null to read or make {@code privateKeyFile}/{@code publicKeyFile}
     * @param privateKeyFile   the PEM file of the private key; null (with {@code keys} null) for the one kept in the layout
     * @param publicKeyFile    the PEM file of the public key
     * @param filePermissions  of every file written, {@code ls -l} form
     * @param retention        how long trail files are kept
     */
    public record Settings(String account, String region, String trailName, KeyPair keys, Path privateKeyFile, Path publicKeyFile,
                           String filePermissions, Duration retention) {
        public Settings {
            Objects.requireNonNull(account, "account");
            Objects.requireNonNull(region, "region");
            Objects.requireNonNull(trailName, "trailName");
            Objects.requireNonNull(filePermissions, "filePermissions");
            Objects.requireNonNull(retention, "retention");
        }
    }

    /** An exporter writing below {@code layout}, made ready now where a trail has run (its journal exists). */
    public CloudTrailFilesExporter(DataLayout layout, Clock clock, Settings settings) throws IOException {
        this(layout, clock, settings, false);
    }

    /**
     * An exporter writing below {@code layout}. When {@code trailStarts} (the monitor starts its
     * trail now), or where a trail has run (its journal exists), the keys and the digest state are
     * read or made now, so that a damaged state or keys that cannot be made are found at start;
     * elsewhere on first use, so that a monitor that never audits makes no files.
     *
     * @throws IOException when the folders or keys cannot be read or made
     */
    public CloudTrailFilesExporter(DataLayout layout, Clock clock, Settings settings, boolean trailStarts) throws IOException {
        this.layout = Objects.requireNonNull(layout, "layout");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.modes = new FileModes(settings.filePermissions()); // checks the permissions now
        if (trailStarts || Files.isDirectory(layout.auditJournal())) {
            open();
        }
    }

    /** As the constructor, for suppliers: an {@link IOException} becomes an {@link UncheckedIOException}. */
    public static CloudTrailFilesExporter start(DataLayout layout, Clock clock, Settings settings, boolean trailStarts) {
        try {
            return new CloudTrailFilesExporter(layout, clock, settings, trailStarts);
        } catch (IOException e) {
            throw new UncheckedIOException("the trail cannot be written under " + layout.root() + ": " + e.getMessage(), e);
        }
    }

    /** Loads (or makes) the keys and the digest state on first use: a monitor that never audits makes no files. */
    private void open() throws IOException {
        if (trail != null) {
            return;
        }
        modes.folders(layout.audit());
        KeyPair keys;
        if (settings.keys() != null) {
            keys = settings.keys();
        } else if (settings.privateKeyFile() != null) {
            keys = DigestKeys.loadOrCreate(settings.privateKeyFile(), settings.publicKeyFile(), modes);
        } else {
            keys = DigestKeys.loadOrCreate(layout, modes);
        }
        if (settings.keys() != null || settings.privateKeyFile() != null) {
            DigestKeys.writePublicKey(layout.auditPublicKey(), keys.getPublic(), modes);
        }
        Digests made = new Digests(layout, settings.account(), settings.region(), settings.trailName(), keys, clock, json, modes);
        this.digests = made;
        this.trail = new TrailFiles(layout, settings.account(), settings.region(), modes);
    }

    /** Writes the batch as one trail file with its index, and lists it for the next digest. */
    @Override
    public synchronized void export(List<AuditRecord> batch) throws IOException {
        if (batch.isEmpty()) {
            return;
        }
        open();
        List<String> records = new ArrayList<>(batch.size());
        List<Instant> times = new ArrayList<>(batch.size());
        List<LookupIndex.Entry> entries = new ArrayList<>(batch.size());
        for (AuditRecord record : batch) {
            records.add(record.record());
            times.add(record.eventTime());
            entries.add(LookupIndex.entry(record.record()));
        }
        Path name = keptName(layout, batch.get(0).record());
        modes.folders(name.getParent());
        String id = keptId(name);
        if (id == null) {
            id = String.format("%013x%03x", clock.millis(), SEQUENCE.getAndIncrement() & 0xfff);
        }
        TrailFiles.Delivered delivered = trail.deliver(id, name, clock.instant(), records, times);
        Path index = LookupIndex.indexOf(layout, delivered.file());
        if (!Files.exists(index)) {
            LookupIndex.write(index, entries, modes);
        }
        digests.delivered(delivered);
        undigested = true;
        trail.prune(clock.instant().minus(settings.retention()));
    }

    /**
     * Where the name of the trail file of a batch whose first record is {@code firstRecord} is
     * kept: keyed by 16 hex digits of the record's SHA-256, the same however often it is offered.
     */
    public static Path keptName(DataLayout layout, String firstRecord) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(firstRecord.getBytes(StandardCharsets.UTF_8));
            return layout.auditDeliveries().resolve(HexFormat.of().formatHex(hash, 0, 8) + ".name");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /**
     * The trail file already named for the batch whose first record is {@code firstRecord}, or null:
     * lookups pass over a journal segment whose file is listed (its delivery is under way, or a crash
     * came before the segment was deleted).
     */
    public static Path keptFile(DataLayout layout, String firstRecord) throws IOException {
        Path name = keptName(layout, firstRecord);
        if (!Files.isRegularFile(name)) {
            return null;
        }
        String kept = Files.readString(name, StandardCharsets.UTF_8).trim();
        return kept.contains("..") ? null : layout.audit().resolve(kept);
    }

    /** The unique part of the file a kept name names, or null when there is none (or it is damaged: a new name is chosen). */
    private static String keptId(Path name) throws IOException {
        if (!Files.isRegularFile(name)) {
            return null;
        }
        Matcher id = KEPT_ID.matcher(Files.readString(name, StandardCharsets.UTF_8).trim());
        return id.find() ? id.group(1) : null;
    }

    /**
     * Writes the digest of the files written since the last one (also when there are none, as
     * CloudTrail does), and deletes trail files and kept names older than the retention. Does
     * nothing where no trail has run (no journal, nothing exported).
     */
    @Override
    public synchronized void flush() throws IOException {
        if (trail == null && !Files.isDirectory(layout.auditJournal())) {
            return;
        }
        open();
        digests.write();
        undigested = false;
        Instant cutoff = clock.instant().minus(settings.retention());
        trail.prune(cutoff);
        pruneNames(cutoff);
    }

    /** Kept names outlive their segments (which the trail deletes) only until the retention: then their files go too. */
    private void pruneNames(Instant cutoff) throws IOException {
        Path folder = layout.auditDeliveries();
        if (!Files.isDirectory(folder)) {
            return;
        }
        FileTime before = FileTime.from(cutoff);
        try (Stream<Path> names = Files.list(folder)) {
            for (Path name : (Iterable<Path>) names::iterator) {
                if (Files.getLastModifiedTime(name).compareTo(before) < 0) {
                    Files.deleteIfExists(name);
                }
            }
        }
    }

    /** Writes a last digest when files were written since the last one. */
    @Override
    public synchronized void close() throws IOException {
        if (undigested) {
            flush();
        }
    }
}
