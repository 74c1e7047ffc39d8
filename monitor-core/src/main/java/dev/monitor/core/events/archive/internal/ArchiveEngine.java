package dev.monitor.core.events.archive.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monitor.api.metrics.Counter;
import dev.monitor.api.metrics.Metrics;
import dev.monitor.api.metrics.Resolution;
import dev.monitor.api.subscription.Subscription;
import dev.monitor.core.events.Rule;
import dev.monitor.core.events.archive.Archive;
import dev.monitor.core.events.archive.EventArchives;
import dev.monitor.core.events.archive.Replay;
import dev.monitor.core.events.archive.ReplayRequest;
import dev.monitor.core.events.archive.ReplayState;
import dev.monitor.core.events.internal.EventEngine;
import dev.monitor.core.events.patterns.EventPattern;
import dev.monitor.core.export.Signal;
import dev.monitor.core.files.DataLayout;
import dev.monitor.core.files.RollingFile;
import dev.monitor.core.internal.HandOffQueue;
import dev.monitor.core.internal.InternalErrors;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.event.Level;

/**
 * Not API: the runtime behind {@link EventArchives}. An observer of the bus offers each event an
 * archive's pattern matches to a {@link HandOffQueue}; the archive thread ({@value #THREAD}, asleep
 * while nothing comes) appends it to {@code events/archives/<archive>/events-<day>.jsonl} (the day
 * of the event's time, UTC). The day files older than each archive's retention are deleted at start
 * and then every hour on the monitor's I/O lane, judged by the monitor's clock. Replays run through
 * {@link EventEngine#replay} on at most {@value #REPLAY_THREADS} {@value #REPLAY_THREAD} threads,
 * which end when idle; a replay waiting for one is STARTING. At most {@value #MAX_UNFINISHED_REPLAYS}
 * replays may be unfinished at once, and the last {@value #FINISHED_REPLAYS_KEPT} finished ones are
 * kept for DescribeReplay and ListReplays (ListReplays answers at most 100 a page:
 * https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_ListReplays.html); older ones are
 * forgotten, oldest first.
 */
public final class ArchiveEngine implements EventArchives, AutoCloseable {
    static final String THREAD = "monitor-events-archive";
    static final String REPLAY_THREAD = "monitor-events-replay";
    /** The {@code Reason} of {@code Monitor/Dropped} for archived events whose day file could not be written. */
    static final String WRITE_FAILED = "ArchiveWriteFailed";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration SWEEP_EVERY = Duration.ofHours(1);
    /** Replays run at once; more wait for a thread, STARTING. */
    static final int REPLAY_THREADS = 2;
    /** Replays started and not ended; StartReplay refuses more. */
    static final int MAX_UNFINISHED_REPLAYS = 10;
    /** Finished replays DescribeReplay and ListReplays still answer for. */
    static final int FINISHED_REPLAYS_KEPT = 100;

    /**
     * What the engine needs of the monitor.
     *
     * @param io the monitor's I/O lane, where the retention sweep runs every hour
     */
    public record Context(EventEngine events, DataLayout layout, Clock clock, String account, String region, Metrics self,
                          int queueCapacity, int replayEventsPerSecond, ScheduledExecutorService io) {
    }

    private record Pending(String archive, String eventJson) {
    }

    /** A replay's mutable state, guarded by itself. */
    private static final class Running {
        final ReplayRequest request;
        final String arn;
        final String sourceArn;
        ReplayState state = ReplayState.STARTING;
        String reason;
        Instant lastReplayed;
        final Instant started;
        Instant ended;
        long replayed;

        Running(ReplayRequest request, String arn, String sourceArn, Instant started) {
            this.request = request;
            this.arn = arn;
            this.sourceArn = sourceArn;
            this.started = started;
        }
    }

    private final Context context;
    private final Map<String, Archive> archives = new ConcurrentHashMap<>();
    private final Map<String, Running> replays = java.util.Collections.synchronizedMap(new LinkedHashMap<>());
    private final HandOffQueue<Pending> queue;
    private final Counter dropped;
    private final InternalErrors errors;
    private final Subscription observing;
    private final Thread writer;
    private final ThreadPoolExecutor replayThreads;
    private final ScheduledFuture<?> sweeping;
    private volatile boolean running = true;
    /** How many queued events the archive thread has taken and written (or given up on); flush waits for it. */
    private volatile long written;
    private final Object progress = new Object();

    public ArchiveEngine(Context context) {
        this.context = context;
        this.queue = new HandOffQueue<>(context.queueCapacity());
        this.dropped = context.self().counterBuilder("Dropped").dimension("Signal", Signal.EVENTS.name())
                .dimension("Reason", "ArchiveQueueFull").resolution(Resolution.STANDARD).register();
        this.errors = new InternalErrors(context.self(), ArchiveEngine.class, Level.WARN).register(THREAD);
        readArchives();
        sweep(context.clock().instant()); // what expired while the monitor was down goes at once
        this.writer = new Thread(this::writeLoop, THREAD);
        writer.setDaemon(true);
        writer.start();
        this.replayThreads = new ThreadPoolExecutor(REPLAY_THREADS, REPLAY_THREADS, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                runnable -> {
                    Thread thread = new Thread(runnable, REPLAY_THREAD);
                    thread.setDaemon(true);
                    return thread;
                });
        replayThreads.allowCoreThreadTimeOut(true); // no replay, no thread
        this.sweeping = context.io().scheduleWithFixedDelay(() -> sweep(context.clock().instant()), SWEEP_EVERY.toMillis(),
                SWEEP_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        this.observing = context.events().observe(this::accepted);
    }

    /** The archives a last run created, read back from their settings files. */
    private void readArchives() {
        for (Archive archive : ArchiveFiles.read(context.layout(), problem -> errors.report(THREAD, null, "{}", problem))) {
            archives.put(archive.name(), archive);
        }
    }

    // ---- the bus's dispatch thread: a pattern test and a queue insertion ----

    private void accepted(String bus, String eventJson) {
        for (Archive archive : archives.values()) {
            if (!archive.eventSourceBus().equals(bus) || !matches(archive.eventPattern(), eventJson)) {
                continue;
            }
            if (!running || !queue.offer(new Pending(archive.name(), eventJson))) {
                dropped.increment();
            }
        }
    }

    private static boolean matches(EventPattern pattern, String eventJson) {
        try {
            return pattern == null || pattern.matches(eventJson);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    // ---- archives ----

    @Override
    public void createArchive(Archive archive) {
        if (!context.events().eventBuses().contains(archive.eventSourceBus())) {
            throw new IllegalArgumentException("archive '" + archive.name() + "': event bus " + archive.eventSourceBus() + " does not exist.");
        }
        Archive existing = archives.get(archive.name());
        Instant created = existing == null ? context.clock().instant() : ArchiveFiles.creationTime(context.layout(), archive.name());
        try {
            ArchiveFiles.writeSettings(context.layout(), archive, created == null ? context.clock().instant() : created,
                    archive.arn(context.account(), context.region()), Archive.busArn(archive.eventSourceBus(), context.account(), context.region()));
        } catch (IOException e) {
            throw new IllegalArgumentException("archive '" + archive.name() + "': its settings cannot be written under "
                    + context.layout().eventArchive(archive.name()) + ": " + e.getMessage(), e);
        }
        archives.put(archive.name(), archive);
    }

    @Override
    public boolean deleteArchive(String name) {
        if (archives.remove(name) == null) {
            return false;
        }
        flush(Duration.ofSeconds(5));
        synchronized (this) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(context.layout().eventArchive(name))) {
                for (Path file : files) {
                    Files.deleteIfExists(file);
                }
                Files.deleteIfExists(context.layout().eventArchive(name));
            } catch (NoSuchFileException e) {
                // nothing was written
            } catch (IOException e) {
                throw new UncheckedIOException("archive '" + name + "' cannot be deleted: " + e.getMessage(), e);
            }
        }
        return true;
    }

    @Override
    public List<Archive> archives() {
        return List.copyOf(new TreeMap<>(archives).values());
    }

    // ---- the archive thread ----

    /** Sleeps until events come, writes them; once the queue is closed, writes what is left and ends. */
    private void writeLoop() {
        List<Pending> batch = new ArrayList<>();
        while (true) {
            try {
                if (!queue.await()) {
                    return; // closed, and everything written
                }
            } catch (InterruptedException e) {
                return;
            }
            int taken = 0;
            try {
                taken = queue.drain(batch::add, 1024);
                if (!batch.isEmpty()) {
                    write(batch);
                }
            } catch (Throwable e) {
                errors.report(THREAD, e, "archiving events failed: {}; the thread goes on, and further failures are only counted in "
                        + "Monitor/InternalErrors (Thread=" + THREAD + ")", e);
            } finally {
                taken = Math.max(taken, batch.size());
                batch.clear();
                if (taken > 0) {
                    synchronized (progress) {
                        written += taken;
                        progress.notifyAll();
                    }
                }
            }
        }
    }

    /** Appends each event to its archive's day file, one file opened per archive and day in the batch. */
    private synchronized void write(List<Pending> batch) {
        Map<Path, StringBuilder> byFile = new LinkedHashMap<>();
        for (Pending pending : batch) {
            if (!archives.containsKey(pending.archive())) {
                continue; // deleted since
            }
            Instant time = eventTime(pending.eventJson());
            LocalDate day = LocalDate.ofInstant(time == null ? context.clock().instant() : time, ZoneOffset.UTC);
            byFile.computeIfAbsent(context.layout().eventArchiveDay(pending.archive(), day), f -> new StringBuilder())
                    .append(pending.eventJson().strip()).append('\n');
        }
        for (Map.Entry<Path, StringBuilder> entry : byFile.entrySet()) {
            Path file = entry.getKey();
            try {
                RollingFile.createDirectories(file.getParent(), RollingFile.OWNER_ONLY);
                Files.write(file, entry.getValue().toString().getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND, StandardOpenOption.WRITE);
            } catch (IOException e) {
                long lines = entry.getValue().chars().filter(c -> c == '\n').count();
                // a reason of its own: the queue had room, the disk did not take them
                Counter writeFailed = context.self().counterBuilder("Dropped").dimension("Signal", Signal.EVENTS.name())
                        .dimension("Reason", WRITE_FAILED).resolution(Resolution.STANDARD).register();
                for (long i = 0; i < lines; i++) {
                    writeFailed.increment();
                }
                errors.report(THREAD, e, "the archive file {} cannot be written ({}); its events are counted in Monitor/Dropped "
                        + "(Reason=" + WRITE_FAILED + ")", file, e);
            }
        }
    }

    /** The envelope's {@code time}; null when it has none readable. */
    static Instant eventTime(String eventJson) {
        try {
            JsonNode time = JSON.readTree(eventJson).get("time");
            return time == null ? null : Instant.parse(time.asText());
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Deletes the day files of each archive with a retention whose events are all older than it: the
     * file of day D goes once D + 1 + retention days have begun.
     */
    synchronized void sweep(Instant now) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        for (Archive archive : archives.values()) {
            if (archive.retentionDays() == 0) {
                continue;
            }
            for (Map.Entry<LocalDate, Path> day : ArchiveFiles.days(context.layout(), archive.name()).entrySet()) {
                if (day.getKey().plusDays(1L + archive.retentionDays()).isBefore(today.plusDays(1))) {
                    try {
                        Files.deleteIfExists(day.getValue());
                    } catch (IOException e) {
                        errors.report(THREAD, e, "the archive file {} is past its retention but cannot be deleted ({})", day.getValue(), e);
                    }
                }
            }
        }
    }

    /** Waits until the events queued before the call are in their files; false when {@code timeout} passed first. */
    @Override
    public boolean flush(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long target = queue.accepted();
        synchronized (progress) {
            while (written < target) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(progress, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return true;
    }

    // ---- replays ----

    @Override
    public Replay startReplay(ReplayRequest request) {
        Archive archive = archives.get(request.archiveName());
        if (archive == null) {
            throw new IllegalArgumentException("replay '" + request.name() + "': Archive " + request.archiveName() + " does not exist.");
        }
        if (!context.events().eventBuses().contains(request.destinationBus())) {
            throw new IllegalArgumentException("replay '" + request.name() + "': Event bus " + request.destinationBus() + " does not exist.");
        }
        String arn = "arn:aws:events:" + context.region() + ":" + context.account() + ":replay/" + request.name();
        Running replay = new Running(request, arn, archive.arn(context.account(), context.region()), context.clock().instant());
        synchronized (replays) {
            if (replays.containsKey(request.name())) {
                throw new IllegalArgumentException("replay '" + request.name() + "' already exists");
            }
            long unfinished = replays.values().stream().filter(r -> !ended(r)).count();
            if (unfinished >= MAX_UNFINISHED_REPLAYS) {
                throw new IllegalArgumentException("replay '" + request.name() + "': " + unfinished + " replays are unfinished, the most "
                        + "at once is " + MAX_UNFINISHED_REPLAYS + "; wait for one to end or cancel one");
            }
            forgetOldFinished();
            replays.put(request.name(), replay);
        }
        try {
            replayThreads.execute(() -> run(replay));
        } catch (RejectedExecutionException closed) {
            synchronized (replay) {
                end(replay, ReplayState.FAILED, "the monitor closed before the replay started");
            }
        }
        return describe(replay);
    }

    private void run(Running replay) {
        ReplayRequest request = replay.request;
        synchronized (replay) {
            if (replay.state == ReplayState.CANCELLING) {
                end(replay, ReplayState.CANCELLED, "cancelled before it started");
                return;
            }
            replay.state = ReplayState.RUNNING;
        }
        flush(Duration.ofSeconds(10)); // what the archive still queues for the range is in its files first
        Set<String> rules = request.filterRules().isEmpty() ? null : new HashSet<>(request.filterRules());
        long interval = 1_000_000_000L / Math.max(1, context.replayEventsPerSecond());
        long next = System.nanoTime();
        LocalDate first = LocalDate.ofInstant(request.eventStartTime(), ZoneOffset.UTC);
        LocalDate last = LocalDate.ofInstant(request.eventEndTime(), ZoneOffset.UTC);
        List<LocalDate> gone = new ArrayList<>();
        try {
            for (Map.Entry<LocalDate, Path> day : ArchiveFiles.days(context.layout(), request.archiveName()).entrySet()) {
                if (day.getKey().isBefore(first) || day.getKey().isAfter(last)) {
                    continue;
                }
                try (BufferedReader lines = Files.newBufferedReader(day.getValue(), StandardCharsets.UTF_8)) {
                    String line;
                    while ((line = lines.readLine()) != null) {
                        Instant time = eventTime(line);
                        if (time == null || time.isBefore(request.eventStartTime()) || !time.isBefore(request.eventEndTime())) {
                            continue;
                        }
                        long wait = next - System.nanoTime();
                        if (wait > 0) {
                            LockSupport.parkNanos(wait);
                        }
                        next = Math.max(next + interval, System.nanoTime() - interval);
                        if (!send(replay, markReplayed(line.strip(), request.name()), rules)) {
                            return;
                        }
                        synchronized (replay) {
                            replay.replayed++;
                            replay.lastReplayed = time;
                        }
                    }
                } catch (NoSuchFileException e) {
                    // deleted by the retention sweep after the listing: its events are past retention, as
                    // AWS's are once expired; the following days are still replayed
                    gone.add(day.getKey());
                }
            }
        } catch (IOException | RuntimeException e) {
            synchronized (replay) {
                end(replay, ReplayState.FAILED, running ? "the archive could not be read: " + e.getMessage()
                        : "the monitor closed while the replay ran");
            }
            return;
        }
        synchronized (replay) {
            end(replay, replay.state == ReplayState.CANCELLING ? ReplayState.CANCELLED : ReplayState.COMPLETED, goneReason(gone));
        }
    }

    /**
     * The state reason of a replay that read on past day files its archive's retention deleted
     * meanwhile: it still ends COMPLETED (the days it could read were replayed in full, as AWS replays
     * what an archive holds, expired events not), and says which days' events it could not send.
     */
    static String goneReason(List<LocalDate> gone) {
        return gone.isEmpty() ? null : "the archive's retention deleted the events of " + gone
                + " (UTC days) while the replay ran; they were not replayed";
    }

    /** Queues one event for the bus, waiting while its queue is full; false when the replay must stop (cancelled, failed, closed). */
    private boolean send(Running replay, String eventJson, Set<String> rules) {
        while (true) {
            synchronized (replay) {
                if (replay.state == ReplayState.CANCELLING) {
                    end(replay, ReplayState.CANCELLED, null);
                    return false;
                }
            }
            if (!running) {
                synchronized (replay) {
                    end(replay, ReplayState.FAILED, "the monitor closed while the replay ran");
                }
                return false;
            }
            if (context.events().replay(replay.request.destinationBus(), eventJson, rules)) {
                return true;
            }
            if (!context.events().eventBuses().contains(replay.request.destinationBus())) {
                synchronized (replay) {
                    end(replay, ReplayState.FAILED, "Event bus " + replay.request.destinationBus() + " does not exist.");
                }
                return false;
            }
            LockSupport.parkNanos(5_000_000L); // the bus's queue is full: wait for room rather than drop
        }
    }

    private static boolean ended(Running replay) {
        synchronized (replay) {
            return replay.ended != null;
        }
    }

    /** Forgets the oldest finished replays beyond {@value #FINISHED_REPLAYS_KEPT}; under the lock of {@code replays}. */
    private void forgetOldFinished() {
        long finished = replays.values().stream().filter(ArchiveEngine::ended).count();
        for (Iterator<Running> all = replays.values().iterator(); finished >= FINISHED_REPLAYS_KEPT && all.hasNext(); ) {
            if (ended(all.next())) {
                all.remove();
                finished--;
            }
        }
    }

    private void end(Running replay, ReplayState state, String reason) {
        replay.state = state;
        replay.reason = reason;
        replay.ended = context.clock().instant();
    }

    /** The envelope with EventBridge's {@code replay-name} field added, as replayed events carry it. */
    static String markReplayed(String eventJson, String replayName) {
        int end = eventJson.lastIndexOf('}');
        StringBuilder json = new StringBuilder(eventJson.length() + replayName.length() + 20).append(eventJson, 0, end);
        json.append(",\"replay-name\":").append(JSON.valueToTree(replayName).toString()).append('}');
        return json.toString();
    }

    @Override
    public Optional<Replay> describeReplay(String name) {
        Running replay = replays.get(name);
        return replay == null ? Optional.empty() : Optional.of(describe(replay));
    }

    @Override
    public List<Replay> replays() {
        synchronized (replays) {
            return replays.values().stream().map(this::describe).toList();
        }
    }

    @Override
    public Replay cancelReplay(String name) {
        Running replay = replays.get(name);
        if (replay == null) {
            throw new IllegalArgumentException("Replay " + name + " does not exist.");
        }
        synchronized (replay) {
            if (replay.state == ReplayState.STARTING || replay.state == ReplayState.RUNNING) {
                replay.state = ReplayState.CANCELLING;
            }
            return describe(replay);
        }
    }

    private Replay describe(Running replay) {
        synchronized (replay) {
            ReplayRequest request = replay.request;
            List<String> filterArns = request.filterRules().stream()
                    .map(rule -> Rule.arn(request.destinationBus(), rule, context.account(), context.region())).toList();
            return new Replay(request.name(), replay.arn, request.description(), replay.state, replay.reason, replay.sourceArn,
                    Archive.busArn(request.destinationBus(), context.account(), context.region()), filterArns, request.eventStartTime(),
                    request.eventEndTime(), replay.lastReplayed, replay.started, replay.ended, replay.replayed);
        }
    }

    /** Stops archiving (what is queued is written first) and the replays, which end FAILED. */
    @Override
    public void close() {
        if (!running) {
            return;
        }
        observing.close();
        running = false;
        sweeping.cancel(false);
        queue.close(); // the archive thread writes what is queued, then ends
        try {
            writer.join(Duration.ofSeconds(2).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        replayThreads.shutdownNow(); // a running replay sees the monitor closed and ends FAILED
        synchronized (replays) {
            for (Running replay : replays.values()) {
                synchronized (replay) {
                    if (replay.state == ReplayState.STARTING) {
                        end(replay, ReplayState.FAILED, "the monitor closed before the replay started");
                    }
                }
            }
        }
        try {
            replayThreads.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
