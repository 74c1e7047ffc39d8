package dev.monitor.core.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.monitor.testing.ManualClock;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RollingFileTest {
    @TempDir
    Path dir;

    private static List<String> names(List<Path> files) {
        return files.stream().map(p -> p.getFileName().toString()).toList();
    }

    @Test
    void rotatesByTimeAndDeletesPastRetention() throws Exception {
        ManualClock clock = ManualClock.at("2026-11-22T10:00:00Z");
        try (RollingFile file = new RollingFile(dir, "emf", 1_000_000, Duration.ofHours(1), Duration.ofHours(2), clock)) {
            file.write(List.of("a"));
            clock.advance(Duration.ofMinutes(59));
            file.write(List.of("b"));
            clock.advance(Duration.ofMinutes(1));
            file.write(List.of("c"));
            assertEquals(List.of("emf-20261122T100000Z-0.jsonl", "emf-20261122T110000Z-0.jsonl"), names(file.files()));
            file.flush();
            assertEquals(List.of("a", "b"), Files.readAllLines(dir.resolve("emf-20261122T100000Z-0.jsonl")));

            // The first file's last line is from 10:59; it goes once the file after it is over 2 h old.
            clock.advance(Duration.ofHours(1));
            file.write(List.of("d"));
            assertEquals(3, file.files().size());
            clock.advance(Duration.ofHours(1).plusSeconds(1));
            file.write(List.of("e"));
            assertEquals(List.of("emf-20261122T110000Z-0.jsonl", "emf-20261122T120000Z-0.jsonl",
                    "emf-20261122T130001Z-0.jsonl"), names(file.files()));
        }
    }

    @Test
    void rotatesBySize() throws Exception {
        ManualClock clock = ManualClock.at("2026-11-22T10:00:00Z");
        try (RollingFile file = new RollingFile(dir, "datapoints", 10, Duration.ofDays(1), Duration.ofDays(7), clock)) {
            file.write(List.of("0123456789"));
            file.write(List.of("next"));
            file.write(List.of("more"));
            file.flush();
            assertEquals(List.of("datapoints-20261122T100000Z-0.jsonl", "datapoints-20261122T100000Z-1.jsonl"),
                    names(file.files()));
            assertEquals(List.of("next", "more"), Files.readAllLines(dir.resolve("datapoints-20261122T100000Z-1.jsonl")));
        }
    }

    @Test
    void aFileBeingCompressedIsReadInItsPlainForm() {
        Path a = dir.resolve("events-20261122T100000Z-0.jsonl");
        Path b = dir.resolve("events-20261122T110000Z-0.jsonl");
        List<Path> listed = List.of(a.resolveSibling(a.getFileName() + ".gz"), a, b.resolveSibling(b.getFileName() + ".gz"));
        assertEquals(List.of("events-20261122T100000Z-0.jsonl", "events-20261122T110000Z-0.jsonl.gz"),
                names(RollingFile.withoutCompressedTwins(listed)), "a's compression is under way; b's is done");
    }

    @Test
    void aFileCompressedAwayAfterItWasListedIsReadFromItsGzip() throws Exception {
        Path plain = Files.write(dir.resolve("events-20261122T100000Z-0.jsonl"), List.of("{\"n\":1}", "{\"n\":2}"));
        List<Path> listed = RollingFile.withoutCompressedTwins(List.of(plain));
        RollingFile.gzip(plain, PosixFilePermissions.fromString("rw-------")); // the compressor finishes between a reader's listing and its open
        assertFalse(Files.exists(plain));
        try (InputStream in = RollingFile.open(listed.get(0))) {
            assertEquals("{\"n\":1}\n{\"n\":2}\n", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        assertThrows(NoSuchFileException.class, () -> RollingFile.open(dir.resolve("events-20261122T110000Z-0.jsonl")),
                "a file gone in both forms is still an error");
    }

    private static String permissions(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    @Test
    void filesAndDirectoriesAreOwnerOnlyWhenCreatedRotatedAndGzipped() throws Exception {
        assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX permissions");
        ManualClock clock = ManualClock.at("2026-11-22T10:00:00Z");
        Path logs = dir.resolve("data").resolve("logs").resolve("g");
        ExecutorService gzip = Executors.newSingleThreadExecutor();
        try (RollingFile file = new RollingFile(logs, "events", 1_000_000, Duration.ofHours(1), null, gzip, clock)) {
            file.write(List.of("a"));
            clock.advance(Duration.ofHours(1));
            file.write(List.of("b"));
        }
        gzip.shutdown();
        assertEquals(true, gzip.awaitTermination(10, TimeUnit.SECONDS));
        assertEquals(List.of("events-20261122T100000Z-0.jsonl.gz", "events-20261122T110000Z-0.jsonl.gz"),
                names(new RollingFile(logs, "events", 1, Duration.ofHours(1), null, clock).files()));
        for (String name : List.of("events-20261122T100000Z-0.jsonl.gz", "events-20261122T110000Z-0.jsonl.gz")) {
            assertEquals("rw-------", permissions(logs.resolve(name)), name);
        }
        // Every directory made on the way is the owner's alone too.
        for (Path made = logs; !made.equals(dir); made = made.getParent()) {
            assertEquals("rwx------", permissions(made), made.toString());
        }
    }

    @Test
    void loosenedPermissionsAreSetAtCreation() throws Exception {
        assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX permissions");
        ManualClock clock = ManualClock.at("2026-11-22T10:00:00Z");
        Path metrics = dir.resolve("metrics");
        try (RollingFile file = new RollingFile(metrics, "emf", 1_000_000, Duration.ofHours(1), null, null, clock,
                PosixFilePermissions.fromString("rw-r-----"))) {
            file.write(List.of("a"));
        }
        assertEquals("rw-r-----", permissions(metrics.resolve("emf-20261122T100000Z-0.jsonl")));
        assertEquals("rwxr-x---", permissions(metrics));
    }

    @Test
    void aLineWaitsInMemoryAtMostASecondWhileMoreFollow() throws Exception {
        ManualClock clock = ManualClock.at("2026-11-22T10:00:00Z");
        Path written = dir.resolve("emf-20261122T100000Z-0.jsonl");
        try (RollingFile file = new RollingFile(dir, "emf", 1_000_000, Duration.ofHours(1), null, clock)) {
            file.write(List.of("a"));
            clock.advance(Duration.ofMillis(999));
            file.write(List.of("b"));
            assertEquals(List.of(), Files.readAllLines(written), "still buffered: younger than a second");
            clock.advance(Duration.ofMillis(1));
            file.write(List.of("c"));
            assertEquals(List.of("a", "b"), Files.readAllLines(written), "a second old: handed to the OS");
            file.flush();
            assertEquals(List.of("a", "b", "c"), Files.readAllLines(written));
        }
    }

    /** About {@code bytes} of JSON lines, varied so that they do not compress to nothing. */
    private static List<String> lines(int bytes) {
        java.util.Random random = new java.util.Random(7);
        List<String> lines = new java.util.ArrayList<>();
        for (int size = 0; size < bytes; ) {
            String line = "{\"order\":" + random.nextInt(1_000_000) + ",\"total\":" + random.nextDouble() + "}";
            lines.add(line);
            size += line.length() + 1;
        }
        return lines;
    }

    @Test
    void aLargeFileIsGzippedInStepsAndWorkQueuedMeanwhileRunsBetweenThem() throws Exception {
        ManualClock clock = ManualClock.at("2026-11-22T10:00:00Z");
        java.util.ArrayDeque<Runnable> queue = new java.util.ArrayDeque<>(); // a one-thread lane, run by hand
        List<String> ran = new java.util.ArrayList<>();
        List<String> written = lines(RollingFile.GZIP_STEP_BYTES * 7 / 2); // three and a half steps
        RollingFile file = new RollingFile(dir, "events", Long.MAX_VALUE, Duration.ofDays(1), null, queue::add, clock);
        file.write(written);
        file.close();
        Path plain = dir.resolve("events-20261122T100000Z-0.jsonl");
        Path gzipped = dir.resolve("events-20261122T100000Z-0.jsonl.gz");
        queue.poll().run(); // the first step
        Runnable delivery = () -> ran.add("an audit delivery");
        queue.add(delivery); // queued while the compression is under way
        while (!queue.isEmpty()) {
            Runnable task = queue.poll();
            task.run();
            if (task != delivery) {
                ran.add(Files.exists(gzipped) ? "compressed" : "a step");
            }
        }
        assertEquals(List.of("a step", "an audit delivery", "a step", "compressed"), ran,
                "the delivery ran after one more step, not after the whole file");
        assertFalse(Files.exists(plain));
        try (InputStream in = RollingFile.open(gzipped)) {
            assertEquals(written, new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList());
        }
    }

    @Test
    void aCompressorThatRunsTasksInlineCompressesAllAtOnce() throws Exception {
        ManualClock clock = ManualClock.at("2026-11-22T10:00:00Z");
        List<String> written = lines(RollingFile.GZIP_STEP_BYTES * 3);
        RollingFile file = new RollingFile(dir, "events", Long.MAX_VALUE, Duration.ofDays(1), null, Runnable::run, clock);
        file.write(written);
        file.close(); // an exporter made outside a monitor: the calling thread compresses, in a loop, not a recursion
        assertEquals(List.of("events-20261122T100000Z-0.jsonl.gz"), names(file.files()));
        try (InputStream in = RollingFile.open(dir.resolve("events-20261122T100000Z-0.jsonl.gz"))) {
            assertEquals(written, new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList());
        }
    }
}
