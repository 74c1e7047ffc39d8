package dev.monitor.core.audit.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monitor.testing.ManualClock;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real threads appending to one journal in SYNC mode at once, so that they share forces (group
 * commit) and fill segment after segment: every record is in the journal exactly once, and each
 * caller hears "written" only once a force that began after its line was written has returned.
 */
class JournalStressTest {
    private static final int THREADS = 8;
    private static final int PER_THREAD = 150;

    @TempDir
    Path dir;

    /** Every line a force has covered, across segments: the lines on disk. */
    private final Set<String> forced = ConcurrentHashMap.newKeySet();
    private final AtomicInteger forces = new AtomicInteger();

    /**
     * A segment's channel that remembers what was written to it and, at each force, marks as on
     * disk the whole lines written before the force began.
     */
    private final class Tracking extends FileChannel {
        private final FileChannel delegate;
        private final StringBuilder written = new StringBuilder();
        private int forcedUpTo;

        Tracking(FileChannel delegate) {
            this.delegate = delegate;
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            ByteBuffer copy = src.duplicate();
            int n = delegate.write(src);
            copy.limit(copy.position() + n);
            synchronized (this) {
                written.append(StandardCharsets.UTF_8.decode(copy));
            }
            return n;
        }

        @Override
        public void force(boolean metaData) throws IOException {
            String before;
            synchronized (this) {
                before = written.toString();
            }
            delegate.force(metaData);
            forces.incrementAndGet();
            synchronized (this) {
                int end = before.lastIndexOf('\n') + 1;
                if (end > forcedUpTo) {
                    for (String line : before.substring(forcedUpTo, end).split("\n")) {
                        forced.add(line);
                    }
                    forcedUpTo = end;
                }
            }
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            delegate.truncate(size);
            synchronized (this) {
                written.setLength((int) Math.min(written.length(), size)); // ASCII lines: bytes are characters
            }
            return this;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return delegate.read(dst);
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
            return delegate.read(dsts, offset, length);
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long position() throws IOException {
            return delegate.position();
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            delegate.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return delegate.size();
        }

        @Override
        public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
            return delegate.transferTo(position, count, target);
        }

        @Override
        public long transferFrom(ReadableByteChannel src, long position, long count) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return delegate.read(dst, position);
        }

        @Override
        public int write(ByteBuffer src, long position) {
            throw new UnsupportedOperationException();
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
            return delegate.map(mode, position, size);
        }

        @Override
        public FileLock lock(long position, long size, boolean shared) throws IOException {
            return delegate.lock(position, size, shared);
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return delegate.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            delegate.close();
        }
    }

    private static String text(int thread, int i) {
        return "{\"eventName\":\"t" + thread + "-" + i + "\",\"eventTime\":\"2026-11-22T10:00:00Z\"}";
    }

    @Test
    void concurrentSyncAppendsAreEachKeptOnceAndAcknowledgedOnlyOnceForced() {
        assertTimeoutPreemptively(Duration.ofSeconds(90), () -> {
            Path journalDir = dir.resolve("journal");
            List<String> outcomes = new java.util.concurrent.CopyOnWriteArrayList<>();
            List<String> acknowledgedUnforced = new java.util.concurrent.CopyOnWriteArrayList<>();
            CountDownLatch start = new CountDownLatch(1);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            // 64 lines a segment, so that segments fill and are closed (and forced) while callers wait on a force
            try (Journal journal = new Journal(journalDir, Journal.Durability.SYNC, 10, 16, 64,
                    new ManualClock(Instant.parse("2026-11-22T10:00:00Z")), FileModes.OWNER_ONLY,
                    error -> outcomes.add("internal error " + error),
                    segment -> new Tracking(FileChannel.open(segment, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)))) {
                List<Thread> threads = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    int thread = t;
                    Thread writer = new Thread(() -> {
                        try {
                            start.await();
                            for (int i = 0; i < PER_THREAD; i++) {
                                String text = text(thread, i);
                                journal.append(new Journal.Line() {
                                    @Override
                                    public byte[] bytes() {
                                        return (text + "\n").getBytes(StandardCharsets.UTF_8);
                                    }

                                    @Override
                                    public void written() {
                                        outcomes.add("written");
                                    }

                                    @Override
                                    public void notWritten(IOException cause) {
                                        outcomes.add(text + " lost: " + cause);
                                    }
                                });
                                // append has returned: the line must be on disk by now
                                if (!forced.contains(text)) {
                                    acknowledgedUnforced.add(text);
                                }
                            }
                        } catch (Throwable e) {
                            failure.compareAndSet(null, e);
                        }
                    }, "journal-stress-" + t);
                    threads.add(writer);
                    writer.start();
                }
                start.countDown();
                for (Thread writer : threads) {
                    writer.join(TimeUnit.SECONDS.toMillis(60));
                    assertTrue(!writer.isAlive(), writer.getName() + " did not finish");
                }
                if (failure.get() != null) {
                    throw new AssertionError("a writer failed", failure.get());
                }
            }
            int total = THREADS * PER_THREAD;
            assertEquals(List.of(), acknowledgedUnforced, "returned before its line was forced");
            assertEquals(total, outcomes.size(), "one outcome per append: " + outcomes.stream().filter(o -> !o.equals("written")).toList());
            assertTrue(outcomes.stream().allMatch("written"::equals), outcomes.stream().filter(o -> !o.equals("written")).toList().toString());
            Map<String, Integer> journaled = new HashMap<>();
            for (Path segment : Journal.segments(journalDir)) {
                JournalRecords.Parsed read = JournalRecords.parse(segment);
                assertEquals(List.of(), read.bad(), "no torn line in " + segment.getFileName());
                read.good().forEach(good -> journaled.merge(good.text(), 1, Integer::sum));
            }
            for (int t = 0; t < THREADS; t++) {
                for (int i = 0; i < PER_THREAD; i++) {
                    assertEquals(1, journaled.getOrDefault(text(t, i), 0), text(t, i) + " in the journal");
                }
            }
            assertEquals(total, journaled.values().stream().mapToInt(Integer::intValue).sum(), "nothing else in the journal");
            assertEquals(total, forced.size(), "every line forced");
            // with 8 callers on 2 cores, callers arriving during a force share the next one
            assertTrue(forces.get() < total, forces.get() + " forces for " + total + " lines: no group commit");
        });
    }
}
