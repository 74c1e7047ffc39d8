package dev.monitor.core.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.monitor.core.ManualClock;
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

    /** A channel that, while the disk is "full", writes half of what it is given and then fails, as a full disk or a size limit does. */
    private static final class FillingChannel extends java.nio.channels.FileChannel {
        private final java.nio.channels.FileChannel delegate;
        private final java.util.concurrent.atomic.AtomicBoolean full;

        FillingChannel(java.nio.channels.FileChannel delegate, java.util.concurrent.atomic.AtomicBoolean full) {
            this.delegate = delegate;
            this.full = full;
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
}
