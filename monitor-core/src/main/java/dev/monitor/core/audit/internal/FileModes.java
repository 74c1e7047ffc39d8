package dev.monitor.core.audit.internal;

import dev.monitor.core.files.RollingFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.Set;

/**
 * Not API: part of the monitor's audit runtime. The permissions every file and folder of the trail is created with: owner-only ({@code rw-------},
 * folders {@code rwx------}) by default, since records hold personal data. Set at creation, never
 * after writing, so no file is readable by others for a moment; created as log files are (by
 * {@link RollingFile}'s helpers), so one rule says where POSIX permissions apply.
 */
public final class FileModes {
    public static final FileModes OWNER_ONLY = new FileModes("rw-------");

    private final Set<PosixFilePermission> files;

    /**
     * {@code files} in {@code ls -l} form ({@code rw-r-----}); a folder adds execute wherever it may
     * read. The owner must be able to read and write: the trail reads back its journal and state.
     */
    public FileModes(String files) {
        Objects.requireNonNull(files, "file permissions");
        try {
            this.files = PosixFilePermissions.fromString(files);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("file permissions '" + files + "' are not nine characters like rw-------");
        }
        if (!this.files.contains(PosixFilePermission.OWNER_READ) || !this.files.contains(PosixFilePermission.OWNER_WRITE)) {
            throw new IllegalArgumentException("file permissions '" + files + "' must let the owner read and write (rw-......)");
        }
    }

    /** Creates {@code folder} and its missing parents with the folders' permissions. */
    public Path folders(Path folder) throws IOException {
        RollingFile.createDirectories(folder, files);
        return folder;
    }

    /** Creates {@code file}, which must not exist, for writing, with the files' permissions. */
    public FileChannel create(Path file) throws IOException {
        return RollingFile.createChannel(file, files);
    }

    /** Writes {@code content} as a new {@code file} (replacing one left there), with the files' permissions. */
    public void write(Path file, byte[] content) throws IOException {
        Files.deleteIfExists(file); // a file left by an earlier run keeps its own permissions otherwise
        try (FileChannel channel = create(file)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        }
    }
}
