package dev.monitor.benchmarks;

import dev.monitor.api.metrics.Metrics;
import dev.monitor.core.audit.AuditEvent;
import dev.monitor.core.audit.AuditTrail;
import dev.monitor.core.export.ExporterContext;
import dev.monitor.core.export.LogEvent;
import dev.monitor.core.files.DataLayout;
import dev.monitor.core.internal.Scheduler;
import dev.monitor.core.logs.LogSettings;
import dev.monitor.core.logs.internal.LogFilesExporter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Whether the monitor's periodic jobs need threads of their own: how late a collector-like tick
 * (every 50 ms on the scheduler's tick lane) runs while the log files' gzip of one rotated 64 MB
 * file (in one task, or in 1 MB steps as {@code RollingFile} does it), or the audit trail's
 * deliveries and digests, run on the same lane or on the I/O lane; and how long an audit
 * {@code flush} waits while that gzip runs on the I/O lane it shares, or on a lane of its own.
 * Real code paths: {@link LogFilesExporter} rotating and compressing, {@link AuditTrail} delivering
 * and writing its signed digest. Not JMH: lateness is a distribution over one run, not a throughput.
 *
 * <pre>{@code
 * mvn -B -o -q -pl monitor-benchmarks -am package -DskipTests
 * java -cp monitor-benchmarks/target/benchmarks.jar dev.monitor.benchmarks.SchedulerLateness [rounds]
 * }</pre>
 */
public final class SchedulerLateness {
    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final long LOG_FILE_BYTES = 64L * 1024 * 1024;

    private SchedulerLateness() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        System.out.printf("JDK %s, %d processors; %d rounds, each case once per round, interleaved%n",
                Runtime.version(), Runtime.getRuntime().availableProcessors(), rounds);
        List<String> lines = new ArrayList<>() {
            @Override
            public boolean add(String line) {
                System.out.println(line); // as it comes, and all together at the end
                return super.add(line);
            }
        };
        for (int round = 1; round <= rounds; round++) {
            lines.add(gzipBeside("tick lane, in one task", round, true, true));
            lines.add(gzipBeside("tick lane, in 1 MB steps", round, true, false));
            lines.add(gzipBeside("I/O lane, in 1 MB steps", round, false, false));
            lines.add(digestBeside("tick lane", round, true));
            lines.add(digestBeside("I/O lane", round, false));
            lines.add(flushBehindGzip("the shared I/O lane, in one task", round, true, true));
            lines.add(flushBehindGzip("the shared I/O lane, in 1 MB steps", round, true, false));
            lines.add(flushBehindGzip("a lane of its own", round, false, false));
        }
        System.out.println();
        lines.stream().sorted(Comparator.comparing(line -> line.substring(line.indexOf(','))))
                .forEach(System.out::println);
    }

    /**
     * {@code lane} as the log files' compressor; with {@code whole}, a compression handed back to it
     * from within its own task runs on at once, so the whole file is one task (the compressor
     * before it worked in steps).
     */
    private static Executor compressor(ScheduledExecutorService lane, boolean whole) {
        if (!whole) {
            return lane;
        }
        ThreadLocal<Boolean> inside = ThreadLocal.withInitial(() -> false);
        return task -> {
            if (inside.get()) {
                task.run();
            } else {
                lane.execute(() -> {
                    inside.set(true);
                    try {
                        task.run();
                    } finally {
                        inside.set(false);
                    }
                });
            }
        };
    }

    /** Collector ticks while one rotated 64 MB log file is gzipped on {@code ticks ? the tick lane : the I/O lane}. */
    private static String gzipBeside(String lane, int round, boolean ticks, boolean whole) throws Exception {
        Path dir = Files.createTempDirectory("lateness");
        try (Scheduler scheduler = new Scheduler(Metrics.noop())) {
            LogFilesExporter files = logFiles(dir, compressor(ticks ? scheduler.ticks() : scheduler.io(), whole));
            writeOneFile(files); // the next event rotates it
            Probe probe = new Probe(scheduler);
            long start = System.nanoTime();
            files.export(List.of(event("rotates")));
            awaitCompressed(dir);
            long took = System.nanoTime() - start;
            String late = probe.stop();
            files.close();
            requireCompressed(dir);
            return String.format(Locale.ROOT, "round %d, gzip of 64 MB on the %s (%.0f ms): ticks %s", round, lane, took / 1e6, late);
        } finally {
            delete(dir);
        }
    }

    /** Collector ticks while the audit trail delivers 20,000 records and writes its digest, 5 times, on {@code lane}. */
    private static String digestBeside(String lane, int round, boolean ticks) throws Exception {
        Path dir = Files.createTempDirectory("lateness");
        try (Scheduler scheduler = new Scheduler(Metrics.noop())) {
            AuditTrail trail = AuditTrail.builder().dataDir(dir).executor(ticks ? scheduler.ticks() : scheduler.io()).build();
            Probe probe = new Probe(scheduler);
            long start = System.nanoTime();
            for (int digest = 0; digest < 5; digest++) {
                for (int i = 0; i < 20_000; i++) {
                    trail.record(AuditEvent.builder("PlaceOrder").requestId("r-" + digest + "-" + i).build());
                }
                trail.digestNow();
            }
            long took = System.nanoTime() - start;
            String late = probe.stop();
            trail.close();
            return String.format(Locale.ROOT, "round %d, 5 audit deliveries + digests on the %s (%.0f ms): ticks %s",
                    round, lane, took / 1e6, late);
        } finally {
            delete(dir);
        }
    }

    /** How long {@code flush} of 1,000 audit records takes while a 64 MB gzip runs on the trail's lane, or on another. */
    private static String flushBehindGzip(String lane, int round, boolean shared, boolean whole) throws Exception {
        Path dir = Files.createTempDirectory("lateness");
        try (Scheduler scheduler = new Scheduler(Metrics.noop()); Scheduler other = new Scheduler(Metrics.noop())) {
            ScheduledExecutorService gzipLane = shared ? scheduler.io() : other.io();
            LogFilesExporter files = logFiles(dir.resolve("logs"), compressor(gzipLane, whole));
            AuditTrail trail = AuditTrail.builder().dataDir(dir.resolve("audit")).executor(scheduler.io()).build();
            trail.flush(Duration.ofMinutes(1)); // keys read, first delivery done: only this flush's own work remains
            writeOneFile(files);
            files.export(List.of(event("rotates"))); // the compression is queued now
            for (int i = 0; i < 1_000; i++) {
                trail.record(AuditEvent.builder("PlaceOrder").requestId("r-" + i).build());
            }
            long start = System.nanoTime();
            boolean done = trail.flush(Duration.ofMinutes(1));
            long took = System.nanoTime() - start;
            awaitCompressed(dir.resolve("logs"));
            files.close();
            trail.close();
            requireCompressed(dir.resolve("logs"));
            return String.format(Locale.ROOT, "round %d, audit flush while 64 MB are gzipped on %s: %.1f ms%s",
                    round, lane, took / 1e6, done ? "" : " (not done)");
        } finally {
            delete(dir);
        }
    }

    private static LogFilesExporter logFiles(Path dir, Executor background) {
        LogSettings settings = LogSettings.builder().group("/shop/app").stream("web-1").rotateBytes(LOG_FILE_BYTES)
                .rotateEvery(Duration.ofDays(1)).build();
        return LogFilesExporter.of(settings, new ExporterContext("log-files", new DataLayout(dir), Clock.systemUTC(),
                Metrics.noop(), background));
    }

    /** Writes a little over 64 MB of log events (about 250 bytes each, varied like real ones). */
    private static void writeOneFile(LogFilesExporter files) {
        long written = 0;
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (written < LOG_FILE_BYTES) {
            List<LogEvent> batch = new ArrayList<>(1000);
            for (int i = 0; i < 1000; i++) {
                String message = String.format(Locale.ROOT, "{\"timestamp\":%d,\"level\":\"INFO\",\"logger\":\"shop.checkout\","
                                + "\"thread\":\"http-%d\",\"message\":\"order %d placed for customer %d, total %.2f\","
                                + "\"traceId\":\"1-%08x-%016x%08x\"}",
                        System.currentTimeMillis(), random.nextInt(16), random.nextInt(1_000_000), random.nextInt(100_000),
                        random.nextDouble() * 500, random.nextInt(), random.nextLong(), random.nextInt());
                batch.add(event(message));
                written += message.length() + 1;
            }
            files.export(batch);
        }
    }

    private static LogEvent event(String message) {
        return new LogEvent("/shop/app", "web-1", Instant.now(), message);
    }

    /** Waits until the rotated file's gzip is whole (it appears by a rename). */
    private static void awaitCompressed(Path dir) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (!compressed(dir)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no log file was compressed under " + dir + " in 5 minutes");
            }
            Thread.sleep(2);
        }
    }

    private static boolean compressed(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.anyMatch(p -> p.toString().endsWith(".jsonl.gz"));
        } catch (java.io.UncheckedIOException e) { // the plain file went while the folder was walked: look again
            return false;
        }
    }

    private static void requireCompressed(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            if (all.noneMatch(p -> p.toString().endsWith(".jsonl.gz"))) {
                throw new IllegalStateException("no log file was compressed under " + dir);
            }
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** A collector-like task every 50 ms on the tick lane, noting how late each run starts. */
    private static final class Probe {
        private final long[] lateness = new long[100_000];
        private final java.util.concurrent.ScheduledFuture<?> task;
        private final long first;
        private int runs;

        Probe(Scheduler scheduler) {
            this.first = System.nanoTime() + TICK_NANOS;
            this.task = scheduler.every("probe", Duration.ofNanos(TICK_NANOS), this::tick);
        }

        private synchronized void tick() {
            if (runs < lateness.length) {
                lateness[runs] = System.nanoTime() - (first + runs * TICK_NANOS);
                runs++;
            }
        }

        /**
         * Lets the ticks that are due run (a lane that was blocked runs them back to back: each is as
         * late as it was held up), stops the probe and says its lateness: median, 99th percentile,
         * worst, and how many runs were over 100 ms late.
         */
        String stop() throws InterruptedException {
            long due = (System.nanoTime() - first) / TICK_NANOS + 1;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (runs() < due && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            return summary();
        }

        private synchronized int runs() {
            return runs;
        }

        private synchronized String summary() {
            task.cancel(false);
            long[] sorted = java.util.Arrays.copyOf(lateness, runs);
            java.util.Arrays.sort(sorted);
            long over = java.util.Arrays.stream(sorted).filter(l -> l > TimeUnit.MILLISECONDS.toNanos(100)).count();
            return String.format(Locale.ROOT, "%d runs, late by median %.1f ms, p99 %.1f ms, max %.1f ms, %d over 100 ms",
                    runs, at(sorted, 0.5), at(sorted, 0.99), sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6, over);
        }

        private static double at(long[] sorted, double quantile) {
            return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.floor(quantile * sorted.length))] / 1e6;
        }
    }
}
