package dev.monitor.core.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monitor.testing.ManualClock;
import dev.monitor.core.audit.internal.FileModes;
import dev.monitor.core.audit.internal.Journal;
import dev.monitor.core.audit.internal.JournalRecords;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A line the journal cannot keep is reported as lost, never as kept, and the journal recovers once the disk does. */
class JournalTest {
    @TempDir
    Path dir;

    /** What the journal reported for each line, in the order it reported. */
    private final List<String> outcomes = new CopyOnWriteArrayList<>();

    private Journal.Line line(String name) {
        return new Journal.Line() {
            @Override
            public byte[] bytes() {
                return ("{\"eventName\":\"" + name + "\",\"eventTime\":\"2026-11-22T10:00:00Z\"}\n").getBytes(StandardCharsets.UTF_8);
            }

            @Override
            public void written() {
                outcomes.add(name + " written");
            }

            @Override
            public void notWritten(IOException cause) {
                outcomes.add(name + " lost: " + cause.getClass().getSimpleName());
            }
        };
    }

    private List<String> journaled(Path journalDir) throws IOException {
        List<String> lines = new ArrayList<>();
        for (Path segment : Journal.segments(journalDir)) {
            JournalRecords.parse(segment).good().forEach(good -> lines.add(good.text()));
        }
        return lines;
    }

    @ParameterizedTest
    @EnumSource(Journal.Durability.class)
    void aSegmentThatCannotBeOpenedLosesOnlyItsLineAndTheNextWriteOpensOne(Journal.Durability durability) throws Exception {
        Path journalDir = dir.resolve("journal");
        // One line per segment, so every write after the first opens a segment.
        try (Journal journal = new Journal(journalDir, durability, 10, 16, 1, new ManualClock(Instant.parse("2026-11-22T10:00:00Z")),
                FileModes.OWNER_ONLY, error -> outcomes.add("internal error " + error))) {
            journal.append(line("first"));
            journal.awaitWritten();
            Path kept = dir.resolve("kept");
            Files.move(journalDir, kept); // the disk goes away under the journal

            journal.append(line("second"));
            journal.awaitWritten();
            assertEquals(List.of("first written", "second lost: NoSuchFileException"), outcomes);

            Files.createDirectories(journalDir); // and comes back
            journal.append(line("third"));
            journal.awaitWritten();
            assertEquals(List.of("first written", "second lost: NoSuchFileException", "third written"), outcomes);
            assertEquals(List.of("{\"eventName\":\"first\",\"eventTime\":\"2026-11-22T10:00:00Z\"}"), journaled(kept));
            assertEquals(List.of("{\"eventName\":\"third\",\"eventTime\":\"2026-11-22T10:00:00Z\"}"), journaled(journalDir));
            journal.rotate();
            try (Stream<Path> files = Files.list(journalDir)) {
                assertEquals(2, files.count(), "the closed segment and the next one");
            }
        }
    }

    /**
     * A channel that, while the disk is "full", writes half of what it is given and then fails, as a
     * full disk or a size limit does; while {@code forceFails}, a force fails too. A test may hold
     * the first force of all its channels: it signals {@code forcing} and waits for {@code release},
     * then behaves as a real channel (closed meanwhile: ClosedChannelException).
     */
    private static final class FillingChannel extends java.nio.channels.FileChannel {
        private final java.nio.channels.FileChannel delegate;
        private final java.util.concurrent.atomic.AtomicBoolean full;
        private final java.util.concurrent.atomic.AtomicBoolean forceFails;
        private final java.util.concurrent.atomic.AtomicInteger forces;
        private final java.util.concurrent.CountDownLatch forcing;
        private final java.util.concurrent.CountDownLatch release;

        FillingChannel(java.nio.channels.FileChannel delegate, java.util.concurrent.atomic.AtomicBoolean full) {
            this(delegate, full, new java.util.concurrent.atomic.AtomicBoolean(), new java.util.concurrent.atomic.AtomicInteger(1),
                    new java.util.concurrent.CountDownLatch(0), new java.util.concurrent.CountDownLatch(0));
        }

        FillingChannel(java.nio.channels.FileChannel delegate, java.util.concurrent.atomic.AtomicBoolean full,
                       java.util.concurrent.atomic.AtomicBoolean forceFails, java.util.concurrent.atomic.AtomicInteger forces,
                       java.util.concurrent.CountDownLatch forcing, java.util.concurrent.CountDownLatch release) {
            this.delegate = delegate;
            this.full = full;
            this.forceFails = forceFails;
            this.forces = forces;
            this.forcing = forcing;
            this.release = release;
        }

        @Override
        public int write(java.nio.ByteBuffer source) throws IOException {
            if (full.get()) {
                java.nio.ByteBuffer half = source.duplicate();
                half.limit(source.position() + source.remaining() / 2);
                delegate.write(half);
                throw new IOException("No space left on device");
            }
            return delegate.write(source);
        }

        @Override
        public int read(java.nio.ByteBuffer dst) throws IOException {
            return delegate.read(dst);
        }

        @Override
        public long read(java.nio.ByteBuffer[] dsts, int offset, int length) throws IOException {
            return delegate.read(dsts, offset, length);
        }

        @Override
        public long write(java.nio.ByteBuffer[] srcs, int offset, int length) throws IOException {
            throw new UnsupportedOperationException();
        }

        @Override
        public long position() throws IOException {
            return delegate.position();
        }

        @Override
        public java.nio.channels.FileChannel position(long newPosition) throws IOException {
            delegate.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return delegate.size();
        }

        @Override
        public java.nio.channels.FileChannel truncate(long size) throws IOException {
            delegate.truncate(size);
            return this;
        }

        @Override
        public void force(boolean metaData) throws IOException {
            if (forces.getAndIncrement() == 0) {
                forcing.countDown();
                try {
                    if (!release.await(30, java.util.concurrent.TimeUnit.SECONDS)) {
                        throw new IOException("the test never released the force");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException();
                }
            }
            if (!isOpen()) {
                throw new java.nio.channels.ClosedChannelException();
            }
            if (forceFails.get()) {
                throw new IOException("No space left on device (force)");
            }
            delegate.force(metaData);
        }

        @Override
        public long transferTo(long position, long count, java.nio.channels.WritableByteChannel target) throws IOException {
            return delegate.transferTo(position, count, target);
        }

        @Override
        public long transferFrom(java.nio.channels.ReadableByteChannel src, long position, long count) throws IOException {
            return delegate.transferFrom(src, position, count);
        }

        @Override
        public int read(java.nio.ByteBuffer dst, long position) throws IOException {
            return delegate.read(dst, position);
        }

        @Override
        public int write(java.nio.ByteBuffer src, long position) throws IOException {
            throw new UnsupportedOperationException();
        }

        @Override
        public java.nio.MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
            return delegate.map(mode, position, size);
        }

        @Override
        public java.nio.channels.FileLock lock(long position, long size, boolean shared) throws IOException {
            return delegate.lock(position, size, shared);
        }

        @Override
        public java.nio.channels.FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return delegate.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            delegate.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Journal.Durability.class)
    void aWriteThatFailsPartWayLeavesNoHalfRecordAndTheJournalRecoversWhenTheDiskDoes(Journal.Durability durability) throws Exception {
        Path journalDir = dir.resolve("journal");
        java.util.concurrent.atomic.AtomicBoolean full = new java.util.concurrent.atomic.AtomicBoolean();
        try (Journal journal = new Journal(journalDir, durability, 10, 16, 100, new ManualClock(Instant.parse("2026-11-22T10:00:00Z")),
                FileModes.OWNER_ONLY, error -> outcomes.add("internal error " + error), segment -> new FillingChannel(
                java.nio.channels.FileChannel.open(segment, java.nio.file.StandardOpenOption.CREATE_NEW,
                        java.nio.file.StandardOpenOption.WRITE), full))) {
            journal.append(line("first"));
            journal.awaitWritten();
            full.set(true); // the disk fills up
            journal.append(line("second"));
            journal.append(line("third"));
            journal.awaitWritten();
            full.set(false); // and space is freed
            journal.append(line("fourth"));
            journal.awaitWritten();
            assertEquals(List.of("first written", "second lost: IOException", "third lost: IOException", "fourth written"), outcomes);
        }
        List<String> names = new ArrayList<>();
        for (Path segment : Journal.segments(journalDir)) {
            JournalRecords.Parsed read = JournalRecords.parse(segment);
            assertEquals(List.of(), read.bad(), "no half record in " + segment.getFileName());
            read.good().forEach(good -> names.add(good.text().replaceAll(".*\"eventName\":\"(\\w+)\".*", "$1")));
        }
        assertEquals(List.of("first", "fourth"), names);
    }

    /**
     * Sync mode: a line is acknowledged only once its own segment was forced after it was written.
     * A's line is in segment S and A is about to force S when B's write fails (the disk is full):
     * S is closed, and its force fails too. A must hear its line was not kept; it was told
     * "written" when a closed channel counted as forced.
     */
    @org.junit.jupiter.api.Test
    void aLineWhoseSegmentIsClosedUnforcedIsNotAcknowledged() throws Exception {
        Path journalDir = dir.resolve("journal");
        java.util.concurrent.atomic.AtomicBoolean full = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicBoolean forceFails = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicInteger forces = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.CountDownLatch forcing = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        try (Journal journal = new Journal(journalDir, Journal.Durability.SYNC, 10, 16, 100,
                new ManualClock(Instant.parse("2026-11-22T10:00:00Z")), FileModes.OWNER_ONLY, error -> outcomes.add("internal error " + error),
                segment -> new FillingChannel(java.nio.channels.FileChannel.open(segment, java.nio.file.StandardOpenOption.CREATE_NEW,
                        java.nio.file.StandardOpenOption.WRITE), full, forceFails, forces, forcing, release))) {
            Thread a = new Thread(() -> journal.append(line("a")), "writer-a");
            a.start();
            assertTrue(forcing.await(30, java.util.concurrent.TimeUnit.SECONDS), "A forces its segment");
            full.set(true);
            forceFails.set(true);
            journal.append(line("b")); // fails part-way: its segment, holding A's line, is closed
            release.countDown();
            a.join(30_000);
            assertEquals(List.of("b lost: IOException", "a lost: IOException"), outcomes);
            forceFails.set(false);
            full.set(false);
        }
    }

    /** Sync mode: when the failed write's segment is forced as it is closed, A's line is kept, and acknowledged. */
    @org.junit.jupiter.api.Test
    void aLineWhoseSegmentIsForcedAsAFailedWriteClosesItIsAcknowledged() throws Exception {
        Path journalDir = dir.resolve("journal");
        java.util.concurrent.atomic.AtomicBoolean full = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicInteger forces = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.CountDownLatch forcing = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        try (Journal journal = new Journal(journalDir, Journal.Durability.SYNC, 10, 16, 100,
                new ManualClock(Instant.parse("2026-11-22T10:00:00Z")), FileModes.OWNER_ONLY, error -> outcomes.add("internal error " + error),
                segment -> new FillingChannel(java.nio.channels.FileChannel.open(segment, java.nio.file.StandardOpenOption.CREATE_NEW,
                        java.nio.file.StandardOpenOption.WRITE), full, new java.util.concurrent.atomic.AtomicBoolean(), forces, forcing,
                        release))) {
            Thread a = new Thread(() -> journal.append(line("a")), "writer-a");
            a.start();
            assertTrue(forcing.await(30, java.util.concurrent.TimeUnit.SECONDS), "A forces its segment");
            full.set(true);
            journal.append(line("b"));
            int forcedBeforeRelease = forces.get();
            release.countDown();
            a.join(30_000);
            assertEquals(List.of("b lost: IOException", "a written"), outcomes);
            assertEquals(2, forcedBeforeRelease, "A's force, then the closing segment's own");
            full.set(false);
        }
    }

    /**
     * Rotation hands back every segment closed since the last one (a full one, one a failed write
     * closed, and the one it closes), even when the next cannot be opened; the one being written is
     * never among them.
     */
    @org.junit.jupiter.api.Test
    void rotationReturnsEverySegmentClosedSinceTheLast() throws Exception {
        Path journalDir = dir.resolve("journal");
        java.util.concurrent.atomic.AtomicBoolean full = new java.util.concurrent.atomic.AtomicBoolean();
        try (Journal journal = new Journal(journalDir, Journal.Durability.SYNC, 10, 16, 2, new ManualClock(Instant.parse("2026-11-22T10:00:00Z")),
                FileModes.OWNER_ONLY, error -> outcomes.add("internal error " + error), segment -> new FillingChannel(
                java.nio.channels.FileChannel.open(segment, java.nio.file.StandardOpenOption.CREATE_NEW,
                        java.nio.file.StandardOpenOption.WRITE), full))) {
            Path first = journal.current();
            journal.append(line("one"));
            journal.append(line("two"));
            journal.append(line("three")); // the first segment is full: a second one opens
            Path second = journal.current();
            full.set(true);
            journal.append(line("four")); // fails: the second segment, holding "three", is closed
            full.set(false);
            journal.append(line("five"));
            Path third = journal.current();
            assertEquals(List.of(first, second, third), journal.rotate());
            Path fourth = journal.current();
            assertTrue(fourth != null && !List.of(first, second, third).contains(fourth), "a fresh segment is being written");
            assertEquals(List.of(fourth), journal.rotate(), "each is returned once");

            Path fifth = journal.current();
            Files.move(journalDir, dir.resolve("gone")); // the next segment cannot be opened
            assertEquals(List.of(fifth), journal.rotate());
            assertEquals(null, journal.current());
            journal.append(line("six"));
            assertTrue(outcomes.contains("six lost: NoSuchFileException"), outcomes.toString());
            assertEquals(List.of(), journal.rotate(), "nothing open, nothing closed");
        }
    }
}
