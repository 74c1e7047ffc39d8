package dev.monitor.core.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * The permissions every file and folder of the trail is created with: owner-only ({@code rw-------},
 * folders {@code rwx------}) by default, since records hold personal data. Set at creation, never
 * after writing, so no file is readable by others for a moment. Where the file system has no POSIX
 * permissions, its own apply.
 */
final class FileModes {
    static final FileModes OWNER_ONLY = new FileModes("rw-------");

    private final Set<PosixFilePermission> files;
    private final Set<PosixFilePermission> folders;
    private final boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    /** {@code files} in {@code ls -l} form ({@code rw-r-----}); a folder adds execute wherever it may read. */
    FileModes(String files) {
        Objects.requireNonNull(files, "file permissions");
        try {
            this.files = PosixFilePermissions.fromString(files);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("file permissions '" + files + "' are not nine characters like rw-------");
        }
        Set<PosixFilePermission> folders = EnumSet.noneOf(PosixFilePermission.class);
        folders.addAll(this.files);
        if (this.files.contains(PosixFilePermission.OWNER_READ)) {
            folders.add(PosixFilePermission.OWNER_EXECUTE);
        }
        if (this.files.contains(PosixFilePermission.GROUP_READ)) {
            folders.add(PosixFilePermission.GROUP_EXECUTE);
        }
        if (this.files.contains(PosixFilePermission.OTHERS_READ)) {
            folders.add(PosixFilePermission.OTHERS_EXECUTE);
        }
        this.folders = folders;
    }

    private FileAttribute<?>[] fileAttributes() {
        return posix ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(files)} : new FileAttribute<?>[0];
    }

    /** Creates {@code folder} and its missing parents with the folders' permissions. */
    Path folders(Path folder) throws IOException {
        if (Files.isDirectory(folder)) {
            return folder;
        }
        Path parent = folder.toAbsolutePath().getParent();
        if (parent != null) {
            folders(parent);
        }
        try {
            if (posix) {
                Files.createDirectory(folder, PosixFilePermissions.asFileAttribute(folders));
            } else {
                Files.createDirectory(folder);
            }
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(folder)) {
                throw e;
            }
        }
        return folder;
    }

    /** Opens {@code file} for writing; created with the files' permissions when absent. */
    FileChannel open(Path file, OpenOption... options) throws IOException {
        Set<OpenOption> set = new java.util.HashSet<>(java.util.List.of(options));
        return FileChannel.open(file, set, fileAttributes());
    }

    /** Writes {@code content} as a new {@code file} (replacing one left there), with the files' permissions. */
    void write(Path file, byte[] content) throws IOException {
        Files.deleteIfExists(file); // a file left by an earlier run keeps its own permissions otherwise
        try (FileChannel channel = open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        }
    }
}
