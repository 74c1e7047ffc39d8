package dev.monitor.core.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/**
 * JSON-lines files named {@code <prefix>-<yyyyMMdd'T'HHmmss'Z'>-<n>.jsonl} by the time they were
 * opened, rotated when one reaches {@code maxBytes} or is {@code rotateEvery} old, and gzipped
 * ({@code .jsonl.gz}) after rotation when given an executor to compress on, so that compressing
 * never holds up writing. A closed file is deleted once all its lines are
 * older than {@code retention}, that is once the file after it was opened more than
 * {@code retention} ago.
 *
 * <p>Files and the directories made for them are created owner-only ({@code rw-------} and
 * {@code rwx------}) unless other permissions are given, with the permissions set at creation so
 * that no other user can open them in between; on a file system without POSIX permissions they
 * are created plainly. A line waits in memory at most {@value #FLUSH_EVERY_MILLIS} ms of the clock
 * while more follow; whoever writes calls {@link #flush()} after each batch, so a crash loses at
 * most that. Not thread-safe: one thread writes it.
 */
public final class RollingFile implements AutoCloseable {
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final Path directory;
    private final String prefix;
    private final long maxBytes;
    private final Duration rotateEvery;
    private final Duration retention;
    private final java.util.concurrent.Executor compressor;
    private final Clock clock;
    /** How long a buffered line may wait for the next write before it goes to the file. */
    static final long FLUSH_EVERY_MILLIS = 1000;
    /** How much of a file one compression task gzips before it hands the rest back to the compressor. */
    static final int GZIP_STEP_BYTES = 1 << 20;
    /** Owner-only, the default. */
    public static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final Pattern names;
    private final Set<PosixFilePermission> filePermissions;
    private OutputStream out;
    /** The clock's time of the oldest line in {@link #buffer}. */
    private long bufferedSinceMillis;
    /** Lines gather here and go to the file in large writes; a BufferedOutputStream locks per call. */
    private final byte[] buffer = new byte[1 << 16];
    private int buffered;
    private Path current;
    private long rotateAtMillis;
    private long written;

    /**
     * @param retention  how long lines are kept; null keeps them forever
     * @param compressor where closed files are gzipped; null leaves them uncompressed
     * @param filePermissions the permissions of new files; directories made for them get execute
     *                        (search) where they get read
     */
    public RollingFile(Path directory, String prefix, long maxBytes, Duration rotateEvery, Duration retention,
                       java.util.concurrent.Executor compressor, Clock clock, Set<PosixFilePermission> filePermissions) {
        this.filePermissions = Set.copyOf(filePermissions);
        this.directory = directory;
        this.prefix = prefix;
        this.maxBytes = maxBytes;
        this.rotateEvery = rotateEvery;
        this.retention = retention;
        this.compressor = compressor;
        this.clock = clock;
        this.names = DataLayout.namesOf(prefix);
    }

    /** Owner-only files. */
    public RollingFile(Path directory, String prefix, long maxBytes, Duration rotateEvery, Duration retention,
                       java.util.concurrent.Executor compressor, Clock clock) {
        this(directory, prefix, maxBytes, rotateEvery, retention, compressor, clock, OWNER_ONLY);
    }

    public RollingFile(Path directory, String prefix, long maxBytes, Duration rotateEvery, Duration retention, Clock clock) {
        this(directory, prefix, maxBytes, rotateEvery, retention, null, clock);
    }

    /** Appends each line and a newline, rotating first if the current file is full or old. */
    public void write(List<String> lines) throws IOException {
        for (String line : lines) {
            byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
            write(bytes, 0, bytes.length);
        }
    }

    /** Appends one line (without its newline) and a newline, rotating first if the file is full or old. */
    public void write(byte[] line, int offset, int length) throws IOException {
        long now = clock.millis();
        if (out == null || written >= maxBytes || now >= rotateAtMillis) {
            rotate(clock.instant());
        }
        if (buffered == 0) {
            bufferedSinceMillis = now;
        } else if (now - bufferedSinceMillis >= FLUSH_EVERY_MILLIS) {
            drain();
            bufferedSinceMillis = now;
        }
        if (buffered + length + 1 > buffer.length) {
            drain();
            if (length + 1 > buffer.length) {
                out.write(line, offset, length);
                out.write('\n');
                written += length + 1;
                return;
            }
        }
        System.arraycopy(line, offset, buffer, buffered, length);
        buffered += length;
        buffer[buffered++] = '\n';
        written += length + 1;
    }

    private void drain() throws IOException {
        if (buffered > 0) {
            out.write(buffer, 0, buffered);
            buffered = 0;
        }
    }

    /** Hands every line written so far to the operating system: a crash of this process no longer loses them. */
    public void flush() throws IOException {
        if (out != null) {
            drain();
            out.flush();
        }
    }

    /** Closes the current file; it is then compressed on the compressor, if there is one. */
    @Override
    public void close() throws IOException {
        if (out != null) {
            drain();
            out.close();
            out = null;
            if (compressor != null) {
                compressor.execute(new Compression(current, filePermissions, compressor));
            }
        }
    }

    /** The files written so far, oldest first; the one being written is last. */
    public List<Path> files() throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> listing = Files.list(directory)) {
            return listing.filter(p -> names.matcher(p.getFileName().toString()).matches())
                    .sorted(Comparator.comparing(this::stampOf).thenComparing(this::sequenceOf))
                    .toList();
        }
    }

    /**
     * {@code files} (one folder's listing) without each {@code .gz} whose plain file is there too:
     * while a closed file is being compressed both forms exist, and readers read the plain one.
     */
    public static List<Path> withoutCompressedTwins(List<Path> files) {
        Set<Path> listed = new HashSet<>(files);
        return files.stream().filter(p -> {
            String name = p.getFileName().toString();
            return !name.endsWith(".gz") || !listed.contains(p.resolveSibling(name.substring(0, name.length() - 3)));
        }).toList();
    }

    /**
     * Opens a file for reading, decompressing a {@code .gz} one. A plain file that was compressed
     * away after its folder was listed is read from its {@code .gz}: the compressed form is
     * complete before the plain one is deleted, so no line is missed in between.
     */
    public static InputStream open(Path file) throws IOException {
        String name = file.getFileName().toString();
        if (name.endsWith(".gz")) {
            return gunzip(file);
        }
        try {
            return Files.newInputStream(file);
        } catch (java.nio.file.NoSuchFileException e) {
            Path compressed = file.resolveSibling(name + ".gz");
            if (!Files.exists(compressed)) {
                throw e;
            }
            return gunzip(compressed);
        }
    }

    private static InputStream gunzip(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        try {
            return new java.util.zip.GZIPInputStream(in, 65536);
        } catch (IOException | RuntimeException e) { // not gzip, or cut in its header: the file must not stay open
            in.close();
            throw e;
        }
    }

    private void rotate(Instant now) throws IOException {
        close();
        createDirectories(directory, filePermissions);
        String stamp = STAMP.format(now);
        int sequence = 0;
        Path file;
        do {
            file = directory.resolve(DataLayout.rollingFileName(prefix, stamp, sequence++));
        } while (Files.exists(file) || Files.exists(file.resolveSibling(file.getFileName() + ".gz")));
        out = create(file, filePermissions);
        current = file;
        rotateAtMillis = now.plus(rotateEvery).toEpochMilli();
        written = 0;
        deleteExpired(now);
    }

    /**
     * Creates {@code file}, which must not exist, for writing with {@code permissions} set as it is
     * made (the umask may take some away); plainly where the file system has no POSIX permissions.
     */
    public static OutputStream create(Path file, Set<PosixFilePermission> permissions) throws IOException {
        return Channels.newOutputStream(createChannel(file, permissions));
    }

    /** As {@link #create}, as a channel: for writers that force what they wrote. */
    public static FileChannel createChannel(Path file, Set<PosixFilePermission> permissions) throws IOException {
        Set<StandardOpenOption> options = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        return posix(file)
                ? FileChannel.open(file, options, PosixFilePermissions.asFileAttribute(permissions))
                : FileChannel.open(file, options);
    }

    /**
     * Creates {@code directory} and its missing parents with {@code filePermissions} plus execute
     * wherever read is granted, so that {@code rw-------} files live in {@code rwx------} directories.
     */
    public static void createDirectories(Path directory, Set<PosixFilePermission> filePermissions) throws IOException {
        if (Files.isDirectory(directory)) {
            return;
        }
        Path existing = directory.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !posix(existing)) {
            Files.createDirectories(directory);
            return;
        }
        FileAttribute<Set<PosixFilePermission>> attribute = PosixFilePermissions.asFileAttribute(directoryPermissions(filePermissions));
        Files.createDirectories(directory, attribute);
    }

    static Set<PosixFilePermission> directoryPermissions(Set<PosixFilePermission> filePermissions) {
        Set<PosixFilePermission> permissions = java.util.EnumSet.noneOf(PosixFilePermission.class);
        permissions.addAll(filePermissions);
        if (filePermissions.contains(PosixFilePermission.OWNER_READ)) {
            permissions.add(PosixFilePermission.OWNER_EXECUTE);
        }
        if (filePermissions.contains(PosixFilePermission.GROUP_READ)) {
            permissions.add(PosixFilePermission.GROUP_EXECUTE);
        }
        if (filePermissions.contains(PosixFilePermission.OTHERS_READ)) {
            permissions.add(PosixFilePermission.OTHERS_EXECUTE);
        }
        return permissions;
    }

    private static boolean posix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    /** Compresses {@code file} to {@code file.gz}, then deletes it; readers that see both read the plain one. */
    static void gzip(Path file, Set<PosixFilePermission> permissions) throws IOException {
        Compression compression = new Compression(file, permissions, Runnable::run);
        try {
            while (compression.step()) {
                // all at once, on this thread
            }
        } catch (IOException | RuntimeException | Error e) {
            compression.abandon();
            throw e;
        }
    }

    /**
     * The gzip of one closed file, {@value #GZIP_STEP_BYTES} bytes of it per task: after each step
     * the rest goes back to the compressor as a new task, behind whatever was queued meanwhile. The
     * compressor is the monitor's I/O lane, shared with the audit trail's deliveries: measured in
     * monitor-benchmarks ({@code SchedulerLateness}, RESULTS.md 2026-12-02), one 64 MB file gzipped
     * in one task made an audit flush queued behind it wait the whole compression (4.6 to 5.1 s on
     * the loaded machine); in steps it waited 0.2 to 0.3 s, as long as with the gzip on a thread of
     * its own (0.1 to 0.3 s), so the gzip has none.
     */
    private static final class Compression implements Runnable {
        private final Path file;
        private final Path partial;
        private final Set<PosixFilePermission> permissions;
        private final java.util.concurrent.Executor compressor;
        private final byte[] buffer = new byte[65536];
        private InputStream in;
        private OutputStream zipped;
        /** The thread in {@link #run()}: a compressor that runs a task inline (the calling thread) re-enters it. */
        private volatile Thread running;
        private boolean again;

        Compression(Path file, Set<PosixFilePermission> permissions, java.util.concurrent.Executor compressor) {
            this.file = file;
            this.partial = file.resolveSibling(file.getFileName() + ".gz.tmp");
            this.permissions = permissions;
            this.compressor = compressor;
        }

        @Override
        public void run() {
            Thread self = Thread.currentThread();
            if (running == self) {
                again = true; // handed back and run inline: the loop below takes the next step
                return;
            }
            running = self;
            try {
                while (step()) {
                    again = false;
                    compressor.execute(this);
                    if (!again) {
                        return; // queued: the next step is a task of its own
                    }
                }
            } catch (IOException | java.util.concurrent.RejectedExecutionException e) {
                // The file stays readable uncompressed; the next rotation does not retry it.
                abandon();
                System.err.println("monitor: compressing " + file + " failed: " + e);
            } catch (RuntimeException | Error e) {
                abandon();
                throw e;
            } finally {
                if (running == self) {
                    running = null;
                }
            }
        }

        /** Compresses the next part; whether there is more. */
        boolean step() throws IOException {
            if (in == null) {
                Files.deleteIfExists(partial);
                zipped = new GZIPOutputStream(create(partial, permissions), 65536);
                in = Files.newInputStream(file);
            }
            for (int done = 0; done < GZIP_STEP_BYTES; ) {
                int read = in.read(buffer);
                if (read < 0) {
                    finish();
                    return false;
                }
                zipped.write(buffer, 0, read);
                done += read;
            }
            return true;
        }

        private void finish() throws IOException {
            in.close();
            zipped.close();
            // The rename makes the compressed file appear whole; readers never see half of it.
            Files.move(partial, file.resolveSibling(file.getFileName() + ".gz"), StandardCopyOption.ATOMIC_MOVE);
            Files.delete(file);
        }

        /** Closes what is open and deletes the partial gzip: the plain file stays. */
        void abandon() {
            try {
                if (in != null) {
                    in.close();
                }
                if (zipped != null) {
                    zipped.close();
                }
                Files.deleteIfExists(partial);
            } catch (IOException | RuntimeException e) {
                // nothing more to do: the plain file is what readers read
            }
        }
    }

    private void deleteExpired(Instant now) throws IOException {
        if (retention == null) {
            return;
        }
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
