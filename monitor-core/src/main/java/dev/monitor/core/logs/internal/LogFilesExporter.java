package dev.monitor.core.logs.internal;

import dev.monitor.api.metrics.Counter;
import dev.monitor.core.config.ConfigNode;
import dev.monitor.core.export.Exporter;
import dev.monitor.core.export.ExporterContext;
import dev.monitor.core.export.ExporterProvider;
import dev.monitor.core.export.LogEvent;
import dev.monitor.core.export.Signal;
import dev.monitor.core.files.DataLayout;
import dev.monitor.core.files.RollingFile;
import dev.monitor.core.internal.InternalErrors;
import dev.monitor.core.logs.LogSettings;
import java.io.IOException;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The {@code log-files} exporter: each log event as one JSON line in rolling files per log group
 * and stream, {@code <data-dir>/logs/<group>/<stream>/events-<time>-<n>.jsonl}
 * ({@link DataLayout#logStream}, {@link DataLayout.Files#LOG_EVENTS}). Files rotate by size and
 * age, are gzipped after rotation on {@link ExporterContext#background()} (in a monitor, its scheduler's
 * I/O lane: off the exporter's thread, never delaying the collector's ticks, and in 1 MB steps so
 * that the audit trail's deliveries on the same lane wait one step, see {@link RollingFile}), and are deleted once past
 * their group's retention (CloudWatch's PutRetentionPolicy days; groups without one keep their
 * events). Lines reach the operating system at the end of every batch. Not API: configure it as
 * {@code type: log-files} or through the {@code logs:} section.
 */
public final class LogFilesExporter implements Exporter<LogEvent> {
    /** The name compression failures are counted under in {@code Monitor/InternalErrors}. */
    private static final String GZIP_THREAD = "monitor-logs-gzip";
    private static final long DEFAULT_ROTATE_BYTES = 64L * 1024 * 1024;
    private static final Duration DEFAULT_ROTATE_EVERY = Duration.ofHours(1);
    private static final long CLOSE_WAIT_SECONDS = 8;

    /** How the files are rolled and kept. */
    record Files(long rotateBytes, Duration rotateEvery, Map<String, Integer> retentionDays, Integer otherRetentionDays,
                 Set<PosixFilePermission> permissions) {
    }

    private record Stream(String group, String stream) {
    }

    /** A stream's file and the sink that appends a message to it as one line, made once. */
    private record Open(RollingFile file, LogEvent.MessageSink sink) {
        Open(RollingFile file) {
            this(file, file::write);
        }
    }

    private final DataLayout layout;
    private final Clock clock;
    private final Files settings;
    private final InternalErrors internalErrors;
    private final Counter dropped;
    private final Map<Stream, Open> files = new HashMap<>();
    /** The stream the last event went to: events come in runs of one stream, found without a key per event. */
    private String lastGroup;
    private String lastStream;
    private Open last;
    /** Rotated files are gzipped here, off the exporter's thread. */
    private final Executor compressor;
    /** Compressions handed to {@link #compressor} and not ended; guarded by itself, notified at zero. */
    private final int[] compressing = new int[1];
    private long lastReport;

    LogFilesExporter(ExporterContext context, Files settings) {
        this.layout = context.layout();
        this.clock = context.clock();
        this.settings = settings;
        this.internalErrors = new InternalErrors(context.self(), LogFilesExporter.class);
        this.dropped = context.self().counter("LogEventsDropped");
        this.compressor = context.background();
    }

    /** The default exporter of a monitor's logs: the {@code logs:} section's rotation, retention and permissions. */
    public static LogFilesExporter of(LogSettings settings, ExporterContext context) {
        return new LogFilesExporter(context, new Files(settings.rotateBytes(), settings.rotateEvery(),
                settings.retentionByGroup(), null, settings.filePermissions()));
    }

    /**
     * Writes every event of the batch, then flushes. An event that cannot be written (a full disk)
     * is dropped, counted in {@code Monitor/LogEventsDropped} and reported on standard error at most
     * once a minute, rather than thrown: a retry of the batch would write the others twice.
     */
    @Override
    public void export(List<LogEvent> batch) {
        for (LogEvent event : batch) {
            try {
                // The writer's events carry their UTF-8 line: written as it is, with no String in between.
                event.writeMessage(fileOf(event).sink());
            } catch (IOException e) {
                dropped.increment();
                report("writing a log event failed: " + e);
            }
        }
        try {
            flush();
        } catch (IOException e) {
            report("flushing log files failed: " + e);
        }
    }

    /** Each line is copied into the file's buffer and the batch forgotten before {@link #export} returns. */
    @Override
    public boolean keepsItems() {
        return false;
    }

    private Open fileOf(LogEvent event) {
        String group = event.group();
        String stream = event.stream();
        if (last == null || !group.equals(lastGroup) || !stream.equals(lastStream)) {
            last = files.computeIfAbsent(new Stream(group, stream), this::open);
            lastGroup = group;
            lastStream = stream;
        }
        return last;
    }

    /** Standard error rather than SLF4J: with monitor-slf4j installed that would feed the failure back into these logs. */
    private void report(String problem) {
        long now = System.nanoTime();
        if (now - lastReport > 60_000_000_000L || lastReport == 0) {
            lastReport = now;
            System.err.println("monitor: logs: " + problem);
        }
    }

    private Open open(Stream stream) {
        Integer days = settings.retentionDays().containsKey(stream.group()) ? settings.retentionDays().get(stream.group())
                : settings.otherRetentionDays();
        return new Open(new RollingFile(layout.logStream(stream.group(), stream.stream()), DataLayout.Files.LOG_EVENTS.prefix(),
                settings.rotateBytes(), settings.rotateEvery(), days == null ? null : Duration.ofDays(days),
                this::compress, clock, settings.permissions()));
    }

    /** Hands what was written to the operating system: a crash of the process no longer loses it. */
    @Override
    public void flush() throws IOException {
        IOException failed = null;
        for (Open open : files.values()) {
            try {
                open.file().flush();
            } catch (IOException e) {
                failed = failed == null ? e : failed;
            }
        }
        if (failed != null) {
            throw failed;
        }
    }

    /** Closes the files and waits for their compression, at most 8 s. */
    @Override
    public void close() throws IOException {
        IOException failed = null;
        for (Open open : files.values()) {
            try {
                open.file().close();
            } catch (IOException e) {
                failed = failed == null ? e : failed;
            }
        }
        files.clear();
        last = null;
        // Within the pipeline's 10 s for a closing exporter; a plain file left behind is read as well as a gzipped one.
        if (!awaitCompressed(TimeUnit.SECONDS.toNanos(CLOSE_WAIT_SECONDS))) {
            report("rotated log files are still being compressed after " + CLOSE_WAIT_SECONDS
                    + " s; what the process does not finish stays uncompressed");
        }
        if (failed != null) {
            throw failed;
        }
    }

    /** Whether every compression handed over has ended, waiting at most {@code nanos}. */
    private boolean awaitCompressed(long nanos) {
        long deadline = System.nanoTime() + nanos;
        synchronized (compressing) {
            try {
                while (compressing[0] > 0) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    TimeUnit.NANOSECONDS.timedWait(compressing, left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            return true;
        }
    }

    /**
     * Runs a compression task so that a failing one, even with an Error such as OutOfMemoryError,
     * is counted in {@code Monitor/InternalErrors} (thread {@code monitor-logs-gzip}), logged once,
     * and the next compression still runs. Once the monitor's I/O lane is closed, the file stays
     * uncompressed (and is read as it is).
     */
    void compress(Runnable task) {
        synchronized (compressing) {
            compressing[0]++;
        }
        try {
            compressor.execute(() -> {
                try {
                    task.run();
                } catch (Throwable failure) {
                    internalErrors.report(GZIP_THREAD, failure,
                            "{} failed and carries on (further failures are only counted in Monitor/InternalErrors): {}",
                            GZIP_THREAD, failure);
                } finally {
                    ended();
                }
            });
        } catch (RejectedExecutionException closed) {
            ended();
            report("a rotated log file was not compressed: the monitor's I/O lane is closed; it stays readable uncompressed");
        }
    }

    private void ended() {
        synchronized (compressing) {
            if (--compressing[0] == 0) {
                compressing.notifyAll();
            }
        }
    }

    /**
     * {@code type: log-files}: the log files of the data directory. Settings: {@code rotateBytes}
     * (default 64MB), {@code rotateEvery} (default 1h), {@code retentionInDays} (one of CloudWatch's
     * values, or {@code never}, the default; for every group) and {@code permissions} (default
     * {@code rw-------}). An entry of this type replaces the default log files, whose settings come
     * from the {@code logs:} section.
     */
    public static final class Provider implements ExporterProvider {
        @Override
        public String type() {
            return "log-files";
        }

        @Override
        public Set<Signal<?>> signals() {
            return Set.of(Signal.LOGS);
        }

        @Override
        public <T> Exporter<T> create(Signal<T> signal, ExporterContext context, ConfigNode settings) {
            long rotateBytes = settings.bytes("rotateBytes", DEFAULT_ROTATE_BYTES);
            Duration rotateEvery = settings.duration("rotateEvery", DEFAULT_ROTATE_EVERY);
            Integer retention = LogSettings.retention(settings, "retentionInDays");
            Set<PosixFilePermission> permissions = LogSettings.permissions(settings, "permissions");
            if (rotateBytes <= 0) {
                settings.problem("rotateBytes", rotateBytes + " must be positive");
                return null;
            }
            if (rotateEvery.isNegative() || rotateEvery.isZero()) {
                settings.problem("rotateEvery", rotateEvery + " must be positive");
                return null;
            }
            return signal.as(Signal.LOGS, new LogFilesExporter(context, new Files(rotateBytes, rotateEvery, Map.of(),
                    retention, Objects.requireNonNullElse(permissions, RollingFile.OWNER_ONLY))));
        }
    }
}
