package dev.monitor.core.audit.internal;

import dev.monitor.core.files.DataLayout;
import dev.monitor.core.internal.HandOffQueue;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.LoggerFactory;

/**
 * Not API: part of the monitor's audit runtime. The write-ahead journal: every record is a line in the current segment
 * ({@code journal-<id>.jsonl}) before it is acknowledged. In {@code SYNC} mode the caller's
 * line is forced to disk before {@link #append} returns, and callers that arrive while a force is
 * running share the next one (group commit). In {@code BUFFERED} mode the caller hands the line to
 * a writer thread and the segment is forced every {@code fsyncEvery}; the lines acknowledged but
 * not yet forced are bounded by time as well as by count: at most what the writer has been
 * measured to write in one {@code fsyncEvery}, beyond which callers wait for the next force. A
 * crash so loses at most about two intervals of acknowledgments, not a whole queue.
 * <p>
 * A line is written whole or not at all: a write that fails part-way is cut back off the segment
 * (and the segment closed, so a size limit or a full disk meets a fresh one), so a failure never
 * joins half a record to the next. Segments are closed by {@link #rotate()} and deleted once
 * delivered as a trail file.
 */
public final class Journal implements AutoCloseable {
    /** How an acknowledged record is kept. */
    public enum Durability { SYNC, BUFFERED }

    /** Opens a segment for writing: the file system's channel, or a test's. */
    public interface Opener {
        FileChannel open(Path segment) throws IOException;
    }

    /** Lines acknowledged but not forced before the writer has measured its pace. */
    public static final int FIRST_ALLOWANCE = 1_000;
    /** The fewest lines a buffered caller may have outstanding, however slow the disk. */
    public static final int MIN_ALLOWANCE = 16;

    private static final AtomicInteger SEGMENT_COUNTER = new AtomicInteger();

    private final Path directory;
    private final Durability durability;
    private final Clock clock;
    private final Opener opener;
    private final Consumer<Throwable> internalError;
    private final Object writeLock = new Object();
    private final Object syncLock = new Object();
    /** The open segment; null after a segment could not be opened or a write failed, until a write opens one. */
    private Segment segment;
    /** Segments closed since the last {@link #rotate()}: each is delivered once it returns them. */
    private final List<Path> closedSinceRotate = new ArrayList<>();
    /** Bytes of whole lines in the open segment: where a failed write is cut back to. */
    private long segmentBytes;
    private long written;
    /** Lines in the current segment, and the most one takes: a trail file never holds more records. */
    private int segmentLines;
    private final int maxSegmentLines;
    /** Whether a leader is forcing; guarded by {@code syncLock}. */
    private boolean forcing;
    /** BUFFERED mode: lines for the writer thread; a caller waits for room, never drops. Closed by {@link #close}. */
    private final HandOffQueue<Line> queue;
    private final Thread writer;
    private final long fsyncEveryNanos;
    /** In BUFFERED mode: lines handed to the writer, lines it has written, and lines forced (or failed) for good. */
    private final AtomicLong queued = new AtomicLong();
    private volatile long dequeuedAndWritten;
    private volatile long settled;
    /** How many lines may be acknowledged and not yet forced: what the writer writes in one fsync interval. */
    private volatile long allowance = FIRST_ALLOWANCE;
    private final Object settledLock = new Object();
    private volatile boolean running = true;

    /**
     * A segment and how far it is on disk. Lines are numbered across segments; a line is kept once
     * its own segment was forced after it was written. A closed segment's {@code forcedUpTo} is
     * final: a line beyond it was never forced, however it was closed.
     */
    private static final class Segment {
        final Path path;
        final FileChannel channel;
        /** The number of the last line written to it; guarded by {@code writeLock}. */
        long last;
        volatile long forcedUpTo;
        volatile boolean closed;

        Segment(Path path, FileChannel channel, long before) {
            this.path = path;
            this.channel = channel;
            this.last = before;
            this.forcedUpTo = before;
        }
    }

    /** Where a line went: its segment and its number. */
    private record Written(Segment segment, long sequence) {
    }

    public Journal(Path directory, Durability durability, long fsyncEveryMillis, int queueCapacity, int maxSegmentLines, Clock clock,
            FileModes modes, Consumer<Throwable> internalError) throws IOException {
        this(directory, durability, fsyncEveryMillis, queueCapacity, maxSegmentLines, clock, modes, internalError,
                modes::create);
    }

    public Journal(Path directory, Durability durability, long fsyncEveryMillis, int queueCapacity, int maxSegmentLines, Clock clock,
            FileModes modes, Consumer<Throwable> internalError, Opener opener) throws IOException {
        this.directory = directory;
        this.maxSegmentLines = maxSegmentLines;
        this.durability = durability;
        this.clock = clock;
        this.opener = opener;
        this.internalError = internalError;
        this.fsyncEveryNanos = TimeUnit.MILLISECONDS.toNanos(fsyncEveryMillis);
        modes.folders(directory);
        openSegment();
        if (durability == Durability.BUFFERED) {
            queue = new HandOffQueue<>(queueCapacity);
            writer = new Thread(this::writeLoop, "monitor-audit-journal");
            writer.setDaemon(true);
            writer.start();
        } else {
            queue = null;
            writer = null;
        }
    }

    /** The segments left by an earlier run (or this one), oldest first. */
    public static List<Path> segments(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(p -> DataLayout.isJournalSegment(p.getFileName().toString()) && Files.isRegularFile(p))
                    .sorted().toList();
        }
    }

    /** The segment's id: its creation time and a counter, in 16 hex digits; it names the trail file it becomes. */
    public static String idOf(Path segment) {
        return DataLayout.journalSegmentId(segment.getFileName().toString());
    }

    private void openSegment() throws IOException {
        String id = String.format("%013x%03x", clock.millis(), SEGMENT_COUNTER.getAndIncrement() & 0xfff);
        Path next = directory.resolve(DataLayout.journalSegmentName(id));
        segment = new Segment(next, opener.open(next), written);
        segmentLines = 0;
        segmentBytes = 0;
    }

    /**
     * Forces and closes the open segment, if one is open (under {@code writeLock}). Its lines count
     * as forced only when the force succeeds; the segment is closed and kept for delivery either way.
     */
    private void closeSegment() throws IOException {
        Segment closing = segment;
        if (closing == null) {
            return;
        }
        segment = null;
        closedSinceRotate.add(closing.path);
        try {
            closing.channel.force(false);
            closing.forcedUpTo = closing.last;
        } finally {
            closing.closed = true; // before the channel closes: a leader forcing it then learns how it ended
            closing.channel.close();
        }
    }

    /** Closes the open segment; a failed force is logged (sync callers waiting on it hear so themselves). */
    private void closeSegmentReporting() {
        Path closing = segment == null ? null : segment.path;
        try {
            closeSegment();
        } catch (IOException e) {
            LoggerFactory.getLogger(Journal.class).error("the audit journal segment {} could not be forced as it was closed; what it"
                    + " holds since its last force may not survive a crash: {}", closing.getFileName(), e.toString());
        }
    }

    /**
     * A record on its way to the journal. Its line, ending in a newline, is made when it is
     * written: in BUFFERED mode on the writer thread, so that callers only queue. Exactly one of
     * {@link #written} and {@link #notWritten} follows, on the thread that wrote it, unless the
     * line could not be made (null: the maker counts and logs why).
     */
    public interface Line {
        byte[] bytes();

        /** The line is in a segment, kept as the mode promises. */
        void written();

        /** The line is not kept as the mode promises: a write, an open or a force failed. */
        void notWritten(IOException cause);
    }

    /** Appends one record; returns once it is kept as the mode promises, or once it has failed. */
    public void append(Line line) {
        if (durability == Durability.BUFFERED) {
            try {
                awaitAllowance();
                if (!enqueue(line)) {
                    line.notWritten(new IOException("the audit journal is closed"
                            + (writer.isAlive() ? "" : " (its writer thread has ended)") + "; the record was not written"));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                line.notWritten(new InterruptedIOException("interrupted while waiting for the audit journal's writer"));
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

    /**
     * Hands the line to the writer, waiting while the queue is full: never dropped for load, the
     * caller waits instead. False once the journal is closed or its writer has ended.
     */
    private boolean enqueue(Line line) throws InterruptedException {
        // 100 ms at a time: between them, whether the writer still runs (a put into a full queue nobody takes would wait forever)
        while (!queue.put(line, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100))) {
            if (queue.isClosed() || !writer.isAlive()) {
                return false;
            }
        }
        queued.incrementAndGet();
        return true;
    }

    /** Waits while more lines are acknowledged and unforced than the writer writes in one interval. */
    private void awaitAllowance() throws InterruptedException {
        if (queued.get() - settled < allowance) {
            return;
        }
        synchronized (settledLock) {
            while (queued.get() - settled >= allowance && running && writer.isAlive()) {
                settledLock.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(fsyncEveryNanos)));
            }
        }
    }

    private Written write(byte[] line) throws IOException {
        synchronized (writeLock) {
            if (segment == null || segmentLines >= maxSegmentLines) {
                closeSegmentReporting(); // a full one that cannot be forced does not stop this line going to the next
                openSegment(); // after a failed open (a full or missing disk) each write tries again
            }
            try {
                ByteBuffer buffer = ByteBuffer.wrap(line);
                while (buffer.hasRemaining()) {
                    segment.channel.write(buffer);
                }
            } catch (IOException e) {
                cutBack();
                throw e;
            }
            segmentBytes += line.length;
            segmentLines++;
            segment.last = ++written;
            return new Written(segment, written);
        }
    }

    /**
     * After a failed write: cuts what it wrote off the segment, and closes a segment that holds
     * lines, so that the next write starts a fresh one (a size limit is per file). When even the cut
     * fails the segment is closed as it is: its cut last line has no line end, and delivery
     * quarantines it rather than join it to another record.
     */
    private void cutBack() {
        FileChannel failed = segment.channel;
        try {
            failed.truncate(segmentBytes);
            failed.position(segmentBytes);
            if (segmentLines == 0) {
                return; // nothing in it: it takes the next write
            }
        } catch (IOException | RuntimeException e) {
            // closed as it is, below
        }
        try {
            closeSegment(); // forced first: lines other callers wrote into it are kept, or they hear they are not
        } catch (IOException e) {
            // the next write opens another segment whatever this one's state; its unforced lines' callers hear so
        }
    }

    /**
     * Returns once the line {@code line} is forced, or throws when it never will be: its segment was
     * closed (by a failed write or a rotation) without a force that covered it. One caller at a time
     * forces (the leader), for every line its segment holds when it starts; the others wait for it,
     * and all it covered return together. Waking them together matters: handing a lock from one
     * waiter to the next lets each arrival force again for a line or two, and the sharing is lost.
     */
    private void syncUpTo(Written line) throws IOException {
        Segment target = line.segment();
        while (true) {
            synchronized (syncLock) {
                while (forcing && target.forcedUpTo < line.sequence() && !target.closed) {
                    try {
                        syncLock.wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new InterruptedIOException("interrupted while waiting for the audit journal's force");
                    }
                }
                if (target.forcedUpTo >= line.sequence()) {
                    return;
                }
                if (target.closed) {
                    throw new IOException("the audit journal segment " + target.path.getFileName() + " was closed before line "
                            + line.sequence() + " could be forced");
                }
                forcing = true;
            }
            try {
                long covered;
                synchronized (writeLock) {
                    covered = target.last;
                }
                try {
                    target.channel.force(false);
                } catch (java.nio.channels.ClosedChannelException closed) {
                    if (!target.closed) {
                        throw closed; // closed under it (an interrupt): nothing says its lines are on disk
                    }
                    continue; // closed meanwhile by a rotation or a failed write, which recorded whether it forced
                }
                target.forcedUpTo = Math.max(target.forcedUpTo, covered);
            } finally {
                synchronized (syncLock) {
                    forcing = false;
                    syncLock.notifyAll();
                }
            }
        }
    }

    /** Forces the open segment, if one is open: the writer thread's interval in BUFFERED mode. */
    private void forceOpenSegment() throws IOException {
        Written last;
        synchronized (writeLock) {
            if (segment == null) {
                return;
            }
            last = new Written(segment, segment.last);
        }
        syncUpTo(last);
    }

    /**
     * The writer thread: writes queued lines, forces every interval, and measures how many lines it
     * writes per interval of its own busy time, which becomes the callers' allowance. A Throwable
     * from one line (even OutOfMemoryError) is reported and the loop goes on.
     */
    private void writeLoop() {
        long nextSync = System.nanoTime() + fsyncEveryNanos;
        long busyNanos = 0;
        long busyLines = 0;
        while (running || !queue.isEmpty()) {
            try {
                Line line = queue.poll(nextSync); // null at the interval's end, or once closed and empty
                if (line != null) {
                    long started = System.nanoTime();
                    try {
                        writeQueued(line);
                    } finally {
                        dequeuedAndWritten++;
                        busyNanos += System.nanoTime() - started;
                        busyLines++;
                    }
                }
                if (System.nanoTime() >= nextSync) {
                    long covered = dequeuedAndWritten;
                    long started = System.nanoTime();
                    try {
                        forceOpenSegment();
                    } catch (IOException e) {
                        LoggerFactory.getLogger(Journal.class).error("the audit journal could not be forced: {}", e.toString());
                    } finally {
                        busyNanos += System.nanoTime() - started;
                        settle(covered);
                    }
                    if (busyLines >= MIN_ALLOWANCE && busyNanos > 0) {
                        allowance = Math.max(MIN_ALLOWANCE, Math.min(queue.capacity(),
                                (long) ((double) busyLines * fsyncEveryNanos / busyNanos)));
                        busyNanos = 0;
                        busyLines = 0;
                    }
                    nextSync = System.nanoTime() + fsyncEveryNanos; // a failed force waits its turn too
                }
            } catch (InterruptedException e) {
                return;
            } catch (Throwable t) { // one bad line (or an OutOfMemoryError) must not end the journal
                internalError.accept(t);
            }
        }
        settle(dequeuedAndWritten);
    }

    private void settle(long covered) {
        synchronized (settledLock) {
            settled = covered;
            settledLock.notifyAll();
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
    public void awaitWritten() throws InterruptedIOException {
        if (durability != Durability.BUFFERED) {
            return;
        }
        long target = queued.get();
        // monitor:ignore java/sleep-in-loop the writer signals no one per line; a 1 ms poll costs less than a signal per line
        while (dequeuedAndWritten < target && writer.isAlive()) {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for the audit journal's writer");
            }
        }
    }

    /** The segment being written; null while none is open. */
    public Path current() {
        synchronized (writeLock) {
            return segment == null ? null : segment.path;
        }
    }

    /**
     * Closes the current segment (forced) and starts the next; returns every segment closed since the
     * last rotation (full ones and those a failed write closed too), oldest first: what is to be
     * delivered, whatever the clock said when each was named. A segment whose force failed is
     * returned all the same (its callers heard so); a next segment that cannot be opened is opened
     * by the next write.
     */
    public List<Path> rotate() {
        synchronized (writeLock) {
            closeSegmentReporting();
            try {
                openSegment();
            } catch (IOException e) {
                // the next write tries again, and its caller hears if it cannot
            }
            List<Path> closed = List.copyOf(closedSinceRotate);
            closedSinceRotate.clear();
            return closed;
        }
    }

    /** Writes what is queued, forces, and closes the segment (which stays for delivery). */
    @Override
    public void close() throws IOException {
        running = false;
        if (writer != null) {
            queue.close(); // wakes the writer, which writes what is queued; callers waiting for room hear it is closed
            synchronized (settledLock) {
                settledLock.notifyAll();
            }
            try {
                writer.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (!writer.isAlive()) {
                // An append that raced the close got in after the writer's last look: its caller hears so.
                for (Line late = queue.poll(); late != null; late = queue.poll()) {
                    late.notWritten(new IOException("the audit journal closed as the record was queued; it was not written"));
                }
            }
        }
        synchronized (writeLock) {
            closeSegment();
        }
    }
}
