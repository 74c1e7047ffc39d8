package dev.monitor.core.audit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.slf4j.LoggerFactory;

/**
 * The write-ahead journal: every record is a line in the current segment
 * ({@code journal-<id>.jsonl}) before it is acknowledged. In {@code SYNC} mode the caller's
 * line is forced to disk before {@link #append} returns, and callers that arrive while a force is
 * running share the next one (group commit). In {@code BUFFERED} mode the caller hands the line to
 * a writer thread, waiting only when its queue is full, and the segment is forced every
 * {@code fsyncEvery}: a crash can lose what was acknowledged in that window. Segments are closed by
 * {@link #rotate()} and deleted once delivered as a trail file.
 */
final class Journal implements AutoCloseable {
    /** How an acknowledged record is kept. */
    enum Durability { SYNC, BUFFERED }

    private static final AtomicInteger SEGMENT_COUNTER = new AtomicInteger();

    private final Path directory;
    private final Durability durability;
    private final Clock clock;
    private final Object writeLock = new Object();
    private final Object syncLock = new Object();
    /** The open segment; null after a segment could not be opened, until a write opens one. */
    private FileChannel channel;
    private Path current;
    private long written;
    /** Lines in the current segment, and the most one takes: a trail file never holds more records. */
    private int segmentLines;
    private final int maxSegmentLines;
    private volatile long durable;
    /** Whether a leader is forcing; guarded by {@code syncLock}. */
    private boolean forcing;
    private final BlockingQueue<Line> queue;
    private final Thread writer;
    /** In BUFFERED mode: lines handed to the writer, and lines it has written. */
    private final java.util.concurrent.atomic.AtomicLong queued = new java.util.concurrent.atomic.AtomicLong();
    private volatile long dequeuedAndWritten;
    private volatile boolean running = true;

    Journal(Path directory, Durability durability, long fsyncEveryMillis, int queueCapacity, int maxSegmentLines, Clock clock)
            throws IOException {
        this.directory = directory;
        this.maxSegmentLines = maxSegmentLines;
        this.durability = durability;
        this.clock = clock;
        Files.createDirectories(directory);
        openSegment();
        if (durability == Durability.BUFFERED) {
            queue = new ArrayBlockingQueue<>(queueCapacity);
            writer = new Thread(() -> writeLoop(fsyncEveryMillis), "monitor-audit-journal");
            writer.setDaemon(true);
            writer.start();
        } else {
            queue = null;
            writer = null;
        }
    }

    /** The segments left by an earlier run (or this one), oldest first. */
    static List<Path> segments(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(p -> p.getFileName().toString().matches("journal-[0-9a-f]{16}\\.jsonl")).sorted().toList();
        }
    }

    /** The segment's id: its creation time and a counter, in 16 hex digits; it names the trail file it becomes. */
    static String idOf(Path segment) {
        String name = segment.getFileName().toString();
        return name.substring("journal-".length(), name.length() - ".jsonl".length());
    }

    /** The complete lines of a segment; a line cut short by a crash was never acknowledged and is skipped. */
    static List<String> lines(Path segment) throws IOException {
        List<String> lines = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(segment, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.startsWith("{") && line.endsWith("}")) {
                    lines.add(line);
                }
            }
        }
        return lines;
    }

    private void openSegment() throws IOException {
        String id = String.format("%013x%03x", clock.millis(), SEGMENT_COUNTER.getAndIncrement() & 0xfff);
        Path next = directory.resolve("journal-" + id + ".jsonl");
        channel = FileChannel.open(next, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        current = next;
        segmentLines = 0;
    }

    /** Forces and closes the open segment, if one is open: what it holds stays acknowledged. */
    private void closeSegment() throws IOException {
        if (channel == null) {
            return;
        }
        try {
            channel.force(false);
        } finally {
            channel.close();
            channel = null;
            current = null;
        }
    }

    /**
     * A record on its way to the journal. Its line, ending in a newline, is made when it is
     * written: in BUFFERED mode on the writer thread, so that callers only queue. Exactly one of
     * {@link #written} and {@link #notWritten} follows, on the thread that wrote it, unless the
     * line could not be made (null: the maker counts and logs why).
     */
    interface Line {
        byte[] bytes();

        /** The line is in a segment, kept as the mode promises. */
        void written();

        /** The line is not kept as the mode promises: a write, an open or a force failed. */
        void notWritten(IOException cause);
    }

    /** Appends one record; returns once it is kept as the mode promises, or once it has failed. */
    void append(Line line) {
        if (durability == Durability.BUFFERED) {
            try {
                queue.put(line); // never dropped for load: the caller waits instead
                queued.incrementAndGet();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                line.notWritten(new InterruptedIOException("interrupted while the audit journal's queue was full"));
            }
            return;
        }
        byte[] bytes = line.bytes();
        if (bytes == null) {
            return;
        }
        try {
            syncUpTo(write(bytes));
        } catch (IOException e) {
            line.notWritten(e); // a line written but not forced may still be delivered; the promise was broken all the same
            return;
        }
        line.written();
    }

    private long write(byte[] line) throws IOException {
        synchronized (writeLock) {
            if (channel == null || segmentLines >= maxSegmentLines) {
                closeSegment();
                openSegment(); // after a failed open (a full or missing disk) each write tries again
            }
            segmentLines++;
            ByteBuffer buffer = ByteBuffer.wrap(line);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            return ++written;
        }
    }

    /**
     * Returns once line {@code sequence} is forced. One caller at a time forces (the leader), for
     * every line written when it starts; the others wait for it, and all it covered return together.
     * Waking them together matters: handing a lock from one waiter to the next lets each arrival
     * force again for a line or two, and the sharing is lost.
     */
    private void syncUpTo(long sequence) throws IOException {
        if (durable >= sequence) {
            return;
        }
        synchronized (syncLock) {
            while (forcing && durable < sequence) {
                try {
                    syncLock.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while waiting for the audit journal's force");
                }
            }
            if (durable >= sequence) {
                return;
            }
            forcing = true;
        }
        long covered = 0; // stays 0 when the force fails: nothing more is durable, and the next caller leads
        try {
            long target;
            FileChannel forced;
            synchronized (writeLock) {
                target = written;
                forced = channel;
            }
            try {
                if (forced != null) {
                    forced.force(false);
                }
            } catch (java.nio.channels.ClosedChannelException closed) {
                // A full segment or a rotation closed it meanwhile, and forced it as it did.
            }
            covered = target;
        } finally {
            synchronized (syncLock) {
                durable = Math.max(durable, covered);
                forcing = false;
                syncLock.notifyAll();
            }
        }
    }

    private void writeLoop(long fsyncEveryMillis) {
        long nextSync = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(fsyncEveryMillis);
        while (running || !queue.isEmpty()) {
            try {
                Line line = queue.poll(Math.max(1, nextSync - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (line != null) {
                    try {
                        writeQueued(line);
                    } finally {
                        dequeuedAndWritten++;
                    }
                }
                if (System.nanoTime() >= nextSync) {
                    nextSync = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(fsyncEveryMillis); // a failed force waits its turn too
                    syncUpTo(written);
                }
            } catch (InterruptedException e) {
                return;
            } catch (IOException e) {
                LoggerFactory.getLogger(Journal.class).error("the audit journal could not be forced: {}", e.toString());
            }
        }
    }

    private void writeQueued(Line line) {
        byte[] bytes = line.bytes();
        if (bytes == null) {
            return;
        }
        try {
            write(bytes);
        } catch (IOException e) {
            line.notWritten(e);
            return;
        }
        line.written();
    }

    /**
     * Waits until every line acknowledged before this call is in a segment (BUFFERED mode hands
     * lines to its writer thread), so that a rotation that follows takes them along.
     */
    void awaitWritten() throws InterruptedIOException {
        if (durability != Durability.BUFFERED) {
            return;
        }
        long target = queued.get();
        while (dequeuedAndWritten < target && writer.isAlive()) {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for the audit journal's writer");
            }
        }
    }

    /** The segment being written; null while none could be opened. */
    Path current() {
        synchronized (writeLock) {
            return current;
        }
    }

    /** Closes the current segment (forced) and starts the next. */
    void rotate() throws IOException {
        synchronized (syncLock) {
            synchronized (writeLock) {
                closeSegment();
                durable = written;
                openSegment();
            }
        }
    }

    /** Writes what is queued, forces, and closes the segment (which stays for delivery). */
    @Override
    public void close() throws IOException {
        running = false;
        if (writer != null) {
            try {
                writer.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (syncLock) {
            synchronized (writeLock) {
                closeSegment();
            }
        }
    }
}
