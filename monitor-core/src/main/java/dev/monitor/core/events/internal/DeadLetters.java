package dev.monitor.core.events.internal;

import dev.monitor.api.metrics.Counter;
import dev.monitor.api.metrics.Metrics;
import dev.monitor.api.metrics.Resolution;
import dev.monitor.core.export.Signal;
import dev.monitor.core.files.RollingFile;
import dev.monitor.core.internal.HandOffQueue;
import dev.monitor.core.internal.InternalErrors;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The rules' dead-letter files, written on a thread of their own ({@value #THREAD}): whoever
 * dead-letters an invocation (the dispatch thread over the pending limit, the scheduler's tick
 * firing a schedule, a delivery thread) only offers a line to a bounded {@link HandOffQueue}, so
 * no file is opened on those threads. A line that finds the queue full is not written: it is
 * counted in {@code Monitor/Dropped} (Signal=EVENTS, Reason=DeadLetterQueueFull) and in the rule's
 * {@code AWS/Events InvocationsFailedToBeSentToDlq}.
 *
 * <p>Each file is bounded: a line that would take {@code <rule>.jsonl} past {@code maxBytes} first
 * moves it to {@code <rule>.jsonl.1}, replacing the older one, whose lines are counted in
 * {@code Monitor/Dropped} (Reason=DeadLetterFileRotated). A rule keeps at most about twice
 * {@code maxBytes}; readers read {@code .jsonl.1} before {@code .jsonl}.
 */
final class DeadLetters {
    static final String THREAD = "monitor-events-dead-letters";
    /** The suffix of a rule's previous dead-letter file. */
    static final String PREVIOUS = ".1";
    private static final int DRAIN = 256;

    /** One line (without its newline) for a rule's file. */
    private record Letter(RuleEntry rule, byte[] line) {
    }

    private final HandOffQueue<Letter> queue;
    private final long maxBytes;
    private final Counter queueFull;
    private final Counter rotatedAway;
    private final InternalErrors errors;
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong done = new AtomicLong();
    /** The size of each file as this writer knows it; the writer thread only. */
    private final Map<Path, Long> sizes = new HashMap<>();
    private final Thread writer;

    DeadLetters(int capacity, long maxBytes, Metrics self, InternalErrors errors) {
        this.queue = new HandOffQueue<>(capacity);
        this.maxBytes = maxBytes;
        this.queueFull = dropped(self, "DeadLetterQueueFull");
        this.rotatedAway = dropped(self, "DeadLetterFileRotated");
        this.errors = errors.register(THREAD);
        this.writer = new Thread(this::writeLoop, THREAD);
        writer.setDaemon(true);
        writer.start();
    }

    private static Counter dropped(Metrics self, String reason) {
        return self.counterBuilder("Dropped").dimension("Signal", Signal.EVENTS.name()).dimension("Reason", reason)
                .resolution(Resolution.STANDARD).register();
    }

    /** Queues a line for {@code rule}'s file; false, counted, when the queue is full or closed. Never blocks. */
    boolean offer(RuleEntry rule, String line) {
        accepted.incrementAndGet();
        if (!queue.offer(new Letter(rule, line.getBytes(StandardCharsets.UTF_8)))) {
            done.incrementAndGet();
            queueFull.increment();
            rule.failedToBeSentToDlq.increment();
            return false;
        }
        return true;
    }

    /** Whether every line offered so far is written (or counted as not). */
    boolean idle() {
        return done.get() == accepted.get();
    }

    /** Writes what is queued, then stops the writer (waiting up to 2 seconds). */
    void close() {
        queue.close();
        try {
            writer.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void writeLoop() {
        List<Letter> batch = new ArrayList<>(DRAIN);
        while (true) {
            try {
                if (!queue.await()) {
                    return; // closed and empty
                }
            } catch (InterruptedException e) {
                return;
            }
            queue.drain(batch::add, DRAIN);
            try {
                write(batch);
            } catch (Throwable e) { // the writer must outlive any one failure
                errors.report(THREAD, e, "writing dead letters failed: {}; the thread goes on", e);
            } finally {
                done.addAndGet(batch.size());
                batch.clear();
            }
        }
    }

    /** Appends each file's lines in one write, rotating a file first where its lines would take it past the cap. */
    private void write(List<Letter> batch) {
        Map<RuleEntry, List<byte[]>> byRule = new LinkedHashMap<>();
        for (Letter letter : batch) {
            byRule.computeIfAbsent(letter.rule(), r -> new ArrayList<>()).add(letter.line());
        }
        byRule.forEach(this::append);
    }

    private void append(RuleEntry rule, List<byte[]> lines) {
        Path file = rule.deadLetters;
        int written = 0;
        try {
            RollingFile.createDirectories(file.getParent(), RollingFile.OWNER_ONLY);
            long size = sizes.computeIfAbsent(file, DeadLetters::sizeOf);
            java.io.ByteArrayOutputStream chunk = new java.io.ByteArrayOutputStream();
            int inChunk = 0;
            for (byte[] line : lines) {
                if (size + line.length + 1 > maxBytes && size + chunk.size() > 0) {
                    flushChunk(file, chunk);
                    written += inChunk;
                    count(rule.invocationsSentToDlq, inChunk);
                    inChunk = 0;
                    rotate(file);
                    size = 0;
                }
                chunk.write(line);
                chunk.write('\n');
                size += line.length + 1;
                inChunk++;
            }
            flushChunk(file, chunk);
            written += inChunk;
            count(rule.invocationsSentToDlq, inChunk);
            sizes.put(file, size);
        } catch (IOException | RuntimeException e) {
            sizes.remove(file); // know it afresh next time
            count(rule.failedToBeSentToDlq, lines.size() - written);
            errors.report(THREAD, e, "the dead-letter file {} cannot be written ({}); undelivered events of its rule are only counted in "
                    + "AWS/Events InvocationsFailedToBeSentToDlq", file, e);
        }
    }

    private static void flushChunk(Path file, java.io.ByteArrayOutputStream chunk) throws IOException {
        if (chunk.size() == 0) {
            return;
        }
        if (!Files.exists(file)) {
            try (var out = RollingFile.create(file, RollingFile.OWNER_ONLY)) {
                chunk.writeTo(out);
            }
        } else {
            try (var out = Files.newOutputStream(file, StandardOpenOption.APPEND, StandardOpenOption.WRITE)) {
                chunk.writeTo(out);
            }
        }
        chunk.reset();
    }

    /** Moves the full file to {@code .1}, counting the lines of the one it replaces as dropped. */
    private void rotate(Path file) throws IOException {
        Path previous = file.resolveSibling(file.getFileName() + PREVIOUS);
        long lines = countLines(previous);
        Files.move(file, previous, StandardCopyOption.REPLACE_EXISTING);
        count(rotatedAway, lines);
    }

    private static void count(Counter counter, long amount) {
        if (amount > 0) {
            counter.increment(amount);
        }
    }

    private static long countLines(Path file) throws IOException {
        long lines = 0;
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[8192];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        lines++;
                    }
                }
            }
        } catch (NoSuchFileException e) {
            return 0;
        }
        return lines;
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }
}
