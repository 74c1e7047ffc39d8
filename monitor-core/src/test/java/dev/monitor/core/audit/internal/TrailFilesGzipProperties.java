package dev.monitor.core.audit.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.ZipException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * A trail file reads back as written, and its streamed hash (what validation computes) is the hash
 * of that content, whether the content is empty, tiny, or compresses a thousandfold; bytes appended
 * after the gzip stream are an error for both.
 */
class TrailFilesGzipProperties {

    @Property(tries = 60)
    void readBackAndHashedAsWritten(@ForAll @Size(max = 3000) byte[] noise, @ForAll @IntRange(min = 0, max = 400_000) int zeros,
                                    @ForAll boolean appended) throws IOException {
        byte[] content = new byte[noise.length + zeros];
        System.arraycopy(noise, 0, content, 0, noise.length);
        Path dir = Files.createTempDirectory("trail-gzip");
        Path file = dir.resolve("f.json.gz");
        try {
            TrailFiles.writeGzipped(file, content, FileModes.OWNER_ONLY);
            if (appended) {
                Files.write(file, new byte[] {1, 2, 3}, StandardOpenOption.APPEND);
                ZipException read = assertThrows(ZipException.class, () -> TrailFiles.gunzip(file));
                ZipException hashed = assertThrows(ZipException.class, () -> TrailFiles.gunzipSha256Hex(file));
                assertTrue(read.getMessage().contains("after end of compressed stream"), read.getMessage());
                assertEquals(read.getMessage(), hashed.getMessage());
            } else {
                assertArrayEquals(content, TrailFiles.gunzip(file));
                assertEquals(TrailFiles.sha256Hex(content), TrailFiles.gunzipSha256Hex(file));
            }
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
    }
}
