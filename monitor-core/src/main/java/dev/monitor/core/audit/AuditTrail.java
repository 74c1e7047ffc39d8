package dev.monitor.core.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.monitor.api.metrics.Counter;
import dev.monitor.api.metrics.Metrics;
import dev.monitor.api.subscription.Subscription;
import dev.monitor.core.audit.internal.CloudTrailFilesExporter;
import dev.monitor.core.audit.internal.CloudTrailFilesProvider;
import dev.monitor.core.audit.internal.FileModes;
import dev.monitor.core.audit.internal.Journal;
import dev.monitor.core.audit.internal.JournalDelivery;
import dev.monitor.core.audit.internal.JournalRecords;
import dev.monitor.core.audit.internal.TrailFiles;
import dev.monitor.core.export.AuditRecord;
import dev.monitor.core.export.Exporter;
import dev.monitor.core.export.Signal;
import dev.monitor.core.export.internal.ExportPipeline;
import dev.monitor.core.export.internal.PipelineDelivery;
import dev.monitor.core.files.DataLayout.TrailKind;
import dev.monitor.core.files.DataLayout;
import dev.monitor.core.internal.InternalErrors;
import dev.monitor.core.internal.Scheduler;
import dev.monitor.core.redaction.SecretWords;
import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit trail: CloudTrail records of the application's own API calls, kept so that none
 * acknowledged is lost. A record goes to the journal first (forced to disk before the call returns
 * in {@code SYNC} mode, every 100 ms in {@code BUFFERED} mode, where callers wait rather than have
 * more acknowledged and unforced than one interval's writing), then every few minutes, or every
 * {@code deliverAfterRecords} records, the journal's closed segment is handed to the audit
 * exporters; it is deleted only once every exporter took it, else kept and offered again at the
 * next delivery. The default exporter, {@code cloudtrail-files}, writes each segment as one trail
 * file in CloudTrail's layout, with signed digests, and never writes a record twice. Any other
 * audit exporter is at least once: after a failure or a crash it may see a record again, with the
 * same {@link AuditRecord#eventId()}. A start after a crash delivers what the last run left in
 * the journal. Trail files older than the retention (90 days) are deleted.
 *
 * <p>The trail's timers (delivery, digest, insights) and its deliveries run one at a time on an
 * executor: in a monitor, the I/O lane of the monitor's scheduler, shared with the log files'
 * compression ({@link Builder#executor}); a trail built alone starts a scheduler of its own and
 * stops it at {@link #close()}. The compression goes in 1 MB steps, so a delivery or a
 * {@link #flush} queued behind it waits one step, not the whole file (measured in
 * monitor-benchmarks, {@code SchedulerLateness}, RESULTS.md 2026-12-02); a record is safe in the
 * journal from the call's return whatever the delivery waits for.
 *
 * <p>Libraries that only know {@code monitor-api} audit through {@link dev.monitor.api.audit.AuditTrail},
 * which this class implements.
 */
public final class AuditTrail implements dev.monitor.api.audit.AuditTrail, AutoCloseable {
    /** CloudTrail's record format version that has every field written here. */
    static final String EVENT_VERSION = Recorder.EVENT_VERSION;
    private static final Logger LOG = LoggerFactory.getLogger(AuditTrail.class);
    /**
     * The most events queued for the journal's writer in buffered mode, whatever its pace; the
     * journal lets fewer wait unforced (what it writes in one fsync interval). Beyond, callers wait,
     * and no record is dropped.
     */
    private static final int QUEUE_CAPACITY = 65_536;

    private final Clock clock;
    private final String account;
    private final String region;
    private final DataLayout layout;
    private final TrailFiles trail;
    private final Journal journal;
    private final Recorder recorder;
    private final JournalDelivery delivery;
    /** Where each journal segment is delivered: this trail's own exporters, or those given to {@link Builder#deliverTo}. */
    private final Exporter<AuditRecord> exporters;
    /** The pipeline this trail made for itself and closes; null when {@link Builder#deliverTo} was given. */
    private final ExportPipeline<AuditRecord> ownPipeline;
    private final int deliverAfterRecords;
    private final AtomicInteger sinceDelivery = new AtomicInteger();
    private final AtomicBoolean deliveryQueued = new AtomicBoolean();
    /** Where the timers and deliveries run, one task at a time: the monitor's I/O lane, or {@link #ownScheduler}'s. */
    private final ScheduledExecutorService deliverer;
    /** The scheduler this trail made for itself and closes; null when the monitor's lane was given. */
    private final Scheduler ownScheduler;
    private final List<ScheduledFuture<?>> timers = new ArrayList<>();
    /** Deliveries one at a time, whatever executor runs them; none after {@link #stopped}. */
    private final Object deliveryLock = new Object();
    /** Set under {@link #deliveryLock} once the journal is closed: a delivery still queued then does nothing. */
    private boolean stopped;
    /** Threads whose first internal error was logged: later ones are only counted. */
    private final InternalErrors internalErrors;
    private final InsightFeed insights;
    private final ObjectMapper json = new ObjectMapper();
    private volatile boolean closed;

    private AuditTrail(Builder builder) throws IOException {
        AuditSettings settings = builder.settings.build();
        this.clock = builder.clock;
        this.account = builder.account;
        this.region = builder.region;
        this.layout = new DataLayout(builder.dataDir);
        FileModes modes = new FileModes(settings.filePermissions());
        modes.folders(layout.auditJournal()); // before the exporter: a trail runs here, so it reads its keys now
        this.trail = new TrailFiles(layout, account, region, modes);
        this.deliverAfterRecords = settings.deliverAfterRecords();
        this.internalErrors = new InternalErrors(builder.self, AuditTrail.class);
        Insights counts = new Insights(settings.insightWindow(), settings.insightFactor(), settings.insightErrorRateMargin(),
                settings.insightMinimumCalls(), account, region, json, builder.self.counter("AuditInsightCallsUntracked"));
        this.insights = new InsightFeed(counts, trail, json);
        this.recorder = new Recorder(clock, account, region, settings, counts, builder.self.counter("AuditRecords"),
                builder.self.counter("AuditRecordsFailed"), builder.self.counter("AuditRecordsFiltered"));
        if (builder.deliverTo != null) {
            this.exporters = builder.deliverTo;
            this.ownPipeline = null;
        } else {
            List<ExportPipeline.Named<AuditRecord>> exporters = new ArrayList<>();
            exporters.add(new ExportPipeline.Named<>(CloudTrailFilesProvider.TYPE,
                    new CloudTrailFilesExporter(layout, clock, exporterSettings(settings, account, region))));
            exporters.addAll(builder.exporters);
            this.ownPipeline = new ExportPipeline<>(Signal.AUDIT, exporters, builder.self, 3, Duration.ofMillis(100));
            this.exporters = new PipelineDelivery<>(ownPipeline);
        }
        Counter quarantined = builder.self.counter("AuditRecordsQuarantined");
        this.delivery = new JournalDelivery(layout, exporters, modes, quarantined);
        // What the last run acknowledged but did not deliver goes out first, each segment once; one that cannot
        // be delivered now stays for the next delivery rather than stop the start.
        delivery.add(Journal.segments(layout.auditJournal()));
        delivery.deliverPending("left by the last run");
        this.journal = new Journal(layout.auditJournal(), settings.durability() == AuditSettings.Durability.SYNC
                ? Journal.Durability.SYNC : Journal.Durability.BUFFERED, settings.fsyncEvery().toMillis(), QUEUE_CAPACITY,
                settings.deliverAfterRecords(), clock, modes, error -> internalError("monitor-audit-journal", error));
        this.ownScheduler = builder.executor == null ? new Scheduler(builder.self) : null;
        this.deliverer = ownScheduler != null ? ownScheduler.io() : builder.executor;
        long every = settings.deliverEvery().toMillis();
        // A task that throws would never run again: each one is guarded.
        timers.add(deliverer.scheduleWithFixedDelay(guarded(this::deliverQuietly), every, every, TimeUnit.MILLISECONDS));
        timers.add(deliverer.scheduleAtFixedRate(guarded(this::evaluateInsights), 60, 60, TimeUnit.SECONDS));
        long digestEvery = settings.digestEvery().toMillis();
        timers.add(deliverer.scheduleWithFixedDelay(guarded(this::digestQuietly), digestEvery, digestEvery, TimeUnit.MILLISECONDS));
    }

    /** The settings of the {@code cloudtrail-files} exporter that {@code settings} configure for a trail of {@code account} and {@code region}. */
    private static CloudTrailFilesExporter.Settings exporterSettings(AuditSettings settings, String account, String region) {
        return new CloudTrailFilesExporter.Settings(account, region, settings.trailName(), settings.keyPair(), settings.privateKeyFile(),
                settings.publicKeyFile(), settings.filePermissions(), settings.retention());
    }

    /** {@code task}, reporting (never rethrowing) whatever it throws, so that the delivery thread goes on. */
    private Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (Throwable t) {
                internalError("monitor-audit-delivery", t);
            }
        };
    }

    /**
     * A Throwable one of the trail's threads caught in a task: logged once per thread (then only
     * counted, in {@code Monitor/InternalErrors} by {@code Thread}); the thread goes on.
     */
    void internalError(String thread, Throwable error) {
        internalErrors.report(thread, error,
                "{} caught {} in a task and goes on; later ones are only counted in Monitor/InternalErrors", thread, error);
    }

    /** Configures a trail of its own (not a monitor's): give its {@link Builder#dataDir}, it writes under {@code <dataDir>/audit}. */
    public static Builder builder() {
        return new Builder();
    }

    /** Describes an audited call; its record is written when {@code run} or {@code call} ends. */
    @Override
    public AuditCall call(String eventName) {
        return new AuditCall(this, eventName);
    }

    /**
     * Records {@code event} if a selector matches it. Never throws: a record that cannot be
     * written is counted in {@code Monitor/AuditRecordsFailed} and logged. In buffered mode the
     * caller only queues the event: the record is made and serialized on the journal's thread.
     */
    public void record(AuditEvent event) {
        if (closed) {
            return;
        }
        Journal.Line line = recorder.lineOf(event);
        if (line == null) {
            return;
        }
        journal.append(line);
        if (sinceDelivery.incrementAndGet() >= deliverAfterRecords && deliveryQueued.compareAndSet(false, true)) {
            try {
                deliverer.execute(guarded(this::deliverQuietly));
            } catch (java.util.concurrent.RejectedExecutionException closing) {
                // the trail is closing on another thread: its close delivers what the journal holds
            }
        }
    }

    /** Delivers what the journal holds now to the audit exporters; returns when done, or after a minute with a warning. */
    public void deliverNow() {
        if (!flush(Duration.ofSeconds(60))) {
            LOG.warn("audit delivery did not finish within 60s; the journal keeps what was not delivered");
        }
    }

    /**
     * Delivers what the journal holds now to the audit exporters, waiting at most {@code timeout}:
     * {@code Monitor.flush} calls this within its own timeout. Whether the delivery finished in time.
     */
    public boolean flush(Duration timeout) {
        try {
            deliverer.submit(guarded(this::deliverQuietly)).get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) { // timed out, or the trail is closed: what was not delivered stays in the journal
            return false;
        }
    }

    private void deliverQuietly() {
        deliveryQueued.set(false);
        synchronized (deliveryLock) {
            if (stopped) {
                return; // close delivered everything: a delivery queued behind it has nothing left
            }
            try {
                sinceDelivery.set(0);
                journal.awaitWritten();
                // Exactly the segments the journal closed: never the one being written, whatever the clock named them.
                delivery.add(journal.rotate());
                delivery.deliverPending("of the journal");
            } catch (IOException | RuntimeException e) {
                LOG.error("audit delivery failed; the journal keeps the records for the next attempt: {}", e.toString());
            }
        }
    }

    /**
     * Receives each insight record, as CloudTrail's JSON text, as it is written (the event bus
     * subscribes here). A listener that throws is logged and the others still receive it. Closing
     * the returned handle removes the listener: insights announced after that do not reach it
     * (closing twice is harmless).
     */
    public Subscription onInsight(Consumer<String> listener) {
        return insights.subscribe(insight -> listener.accept(insight.toString()));
    }

    /**
     * Judges the minute that ended before now (on the trail's clock) against its baseline, and
     * writes and announces the insights it starts or ends. Runs every minute; tests call it.
     */
    public void evaluateInsights() {
        Instant now = clock.instant();
        try {
            journal.awaitWritten(); // records are counted as the journal's thread makes them
        } catch (IOException e) {
            LOG.warn("insights judged before every queued record was counted: {}", e.toString());
        }
        insights.evaluate(now);
    }

    /** Delivers what the journal holds, then has the exporters write a digest of every file delivered since the last one. */
    public void digestNow() {
        try {
            deliverer.submit(guarded(this::digestQuietly)).get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("audit digest did not finish: {}", e.toString());
        }
    }

    /** A flush of the audit exporters: {@code cloudtrail-files} writes its digest and prunes expired files. */
    private void digestQuietly() {
        deliverQuietly();
        synchronized (deliveryLock) {
            if (!stopped) { // close writes the last digest itself
                flushExporters();
            }
        }
    }

    /** Has the exporters write what they buffer (at most a minute); one that does not finish is logged, not thrown. */
    private void flushExporters() {
        try {
            exporters.flush();
        } catch (IOException | RuntimeException e) {
            LOG.debug("flushing the audit exporters did not finish: {}", e.toString());
        }
    }

    /** The trail files of this trail's account and region, oldest first: for lookups and validation. */
    List<Path> trailFiles() throws IOException {
        return trail.files();
    }

    /**
     * Answers like CloudTrail's LookupEvents: the records in the trail files matching one lookup
     * attribute (null for all) in {@code [start, end]}, newest first, a page of at most
     * {@code maxResults} (1 to 50), continued with the returned {@code NextToken}.
     *
     * @return the JSON that {@code aws cloudtrail lookup-events} prints
     * @throws IllegalArgumentException naming an unknown attribute key, a bad page size or token
     */
    public String lookupEvents(LookupAttribute attribute, Instant start, Instant end, int maxResults, String nextToken)
            throws IOException {
        return lookupEventsTree(attribute, start, end, maxResults, nextToken).toPrettyString();
    }

    ObjectNode lookupEventsTree(LookupAttribute attribute, Instant start, Instant end, int maxResults, String nextToken)
            throws IOException {
        List<String> problems = new ArrayList<>();
        ObjectNode answer = Lookup.run(layout, trail::files, attribute, start, end, maxResults, nextToken, json, problems);
        Path writing = journal.current();
        // The segment being written may end in a line still being written: not a problem.
        problems.removeIf(problem -> writing != null && problem.startsWith(writing + " ") && problem.contains("cut short"));
        if (!problems.isEmpty()) {
            LOG.warn("audit lookup passed over what it could not read: {}", problems);
        }
        return answer;
    }

    /**
     * LookupEvents over the trail files under {@code <dataDir>/audit}, of every account and
     * region there, without a running trail: what {@code monitor audit lookup-events} answers.
     */
    public static String lookupEvents(Path dataDir, LookupAttribute attribute, Instant start, Instant end, int maxResults,
                                      String nextToken) throws IOException {
        return lookupEvents(dataDir, attribute, start, end, maxResults, nextToken, new ArrayList<>());
    }

    /**
     * As {@link #lookupEvents(Path, LookupAttribute, Instant, Instant, int, String)}, also finding
     * records a crash left in the journal, not yet in a trail file; every file that could not be read
     * (a cut or garbled trail file, index or journal line, a folder where a file belongs) is added to
     * {@code problems} as {@code path: reason}, and the answer comes from the rest.
     */
    public static String lookupEvents(Path dataDir, LookupAttribute attribute, Instant start, Instant end, int maxResults,
                                      String nextToken, List<String> problems) throws IOException {
        return lookupEventsTree(dataDir, attribute, start, end, maxResults, nextToken, problems).toPrettyString();
    }

    static ObjectNode lookupEventsTree(Path dataDir, LookupAttribute attribute, Instant start, Instant end, int maxResults,
                                       String nextToken, List<String> problems) throws IOException {
        DataLayout layout = new DataLayout(dataDir);
        return Lookup.run(layout, () -> TrailFiles.everyAccount(layout, TrailKind.RECORDS), attribute, start, end, maxResults, nextToken,
                new ObjectMapper(), problems);
    }

    /** How many records in the journal under {@code <dataDir>/audit} await delivery (a crash left them there). */
    public static long pendingRecords(Path dataDir) throws IOException {
        long pending = 0;
        for (Path segment : Journal.segments(new DataLayout(dataDir).auditJournal())) {
            pending += JournalRecords.parse(segment).good().size();
        }
        return pending;
    }

    /** Delivers the journal's records, has the exporters write their last digest, and stops. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        timers.forEach(timer -> timer.cancel(false));
        deliverNow();
        synchronized (deliveryLock) { // waits for a delivery running now; none starts after
            stopped = true;
            try {
                journal.close();
                delivery.addEverySegment(); // every segment is closed now: all of them go out
                delivery.deliverPending("left at close");
            } catch (IOException | RuntimeException e) {
                LOG.error("closing the audit trail failed; the journal keeps the records for the next start: {}", e.toString());
            }
        }
        flushExporters(); // after the last delivery: a stopped application's trail is fully covered
        if (ownPipeline != null) {
            ownPipeline.close();
        }
        if (ownScheduler != null) {
            ownScheduler.close();
        }
    }

    /**
     * Configures an {@link AuditTrail} of its own, outside a monitor (which makes its trail with
     * {@code Monitor.Builder.audit(AuditSettings)}). The settings' setters here are those of
     * {@link AuditSettings.Builder}.
     */
    public static final class Builder {
        private Path dataDir;
        private Clock clock = Clock.systemUTC();
        private String account = "000000000000";
        private String region = "local";
        private AuditSettings.Builder settings = AuditSettings.builder();
        private Metrics self = Metrics.noop();
        private final List<ExportPipeline.Named<AuditRecord>> exporters = new ArrayList<>();
        private Exporter<AuditRecord> deliverTo;
        private ScheduledExecutorService executor;

        private Builder() {
        }

        /** The data directory: the journal and the trail files go to its {@code audit} folder. Required. */
        public Builder dataDir(Path dataDir) {
            this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The account and region every record and path carries; {@code 000000000000} and {@code local} by default. */
        public Builder account(String account, String region) {
            this.account = Objects.requireNonNull(account, "account");
            this.region = Objects.requireNonNull(region, "region");
            return this;
        }

        /** Every setting at once; the setters below change one of them. */
        public Builder settings(AuditSettings settings) {
            this.settings = settings.toBuilder();
            return this;
        }

        /** See {@link AuditSettings.Builder#sync()}. */
        public Builder sync() {
            settings.sync();
            return this;
        }

        /** See {@link AuditSettings.Builder#buffered(Duration)}. */
        public Builder buffered(Duration fsyncEvery) {
            settings.buffered(fsyncEvery);
            return this;
        }

        /** See {@link AuditSettings.Builder#deliverEvery(Duration, int)}. */
        public Builder deliverEvery(Duration every, int records) {
            settings.deliverEvery(every, records);
            return this;
        }

        /** See {@link AuditSettings.Builder#retention(Duration)}. */
        public Builder retention(Duration retention) {
            settings.retention(retention);
            return this;
        }

        /** See {@link AuditSettings.Builder#selector(EventSelector)}. */
        public Builder selector(EventSelector selector) {
            settings.selector(selector);
            return this;
        }

        /** See {@link AuditSettings.Builder#secretWords(List)}. */
        public Builder secretWords(List<String> words) {
            settings.secretWords(words);
            return this;
        }

        /** See {@link AuditSettings.Builder#trailName(String)}. */
        public Builder trailName(String name) {
            settings.trailName(name);
            return this;
        }

        /** See {@link AuditSettings.Builder#digestEvery(Duration)}. */
        public Builder digestEvery(Duration every) {
            settings.digestEvery(every);
            return this;
        }

        /** See {@link AuditSettings.Builder#keyPair(KeyPair)}. */
        public Builder keyPair(KeyPair keys) {
            settings.keyPair(keys);
            return this;
        }

        /** See {@link AuditSettings.Builder#keyFiles(Path, Path)}. */
        public Builder keyFiles(Path privateKeyFile, Path publicKeyFile) {
            settings.keyFiles(privateKeyFile, publicKeyFile);
            return this;
        }

        /** See {@link AuditSettings.Builder#filePermissions(String)}. */
        public Builder filePermissions(String permissions) {
            settings.filePermissions(permissions);
            return this;
        }

        /** See {@link AuditSettings.Builder#insights(Duration, double, double, int)}. */
        public Builder insights(Duration window, double factor, double errorRateMargin, int minimumCalls) {
            settings.insights(window, factor, errorRateMargin, minimumCalls);
            return this;
        }

        /** Where the trail's own counters go. */
        public Builder selfMetrics(Metrics metrics) {
            this.self = Objects.requireNonNull(metrics, "metrics");
            return this;
        }

        /**
         * Another audit exporter beside the trail's {@code cloudtrail-files}: it receives every
         * segment's records, at least once (the same {@link AuditRecord#eventId()} again after a
         * failure or a crash); while it fails, segments stay in the journal.
         */
        public Builder exporter(String name, Exporter<AuditRecord> exporter) {
            exporters.add(new ExportPipeline.Named<>(Objects.requireNonNull(name, "name"), Objects.requireNonNull(exporter, "exporter")));
            return this;
        }

        /**
         * Delivers each journal segment to {@code exporters} alone, in place of the trail's own
         * {@code cloudtrail-files} exporter and those given to {@link #exporter}: exporters that
         * someone else owns, retries and closes (a monitor's trail delivers to the monitor's audit
         * exporters this way). Its {@code export} must return only once every record is safely
         * taken and throw otherwise: the segment then stays in the journal for the next delivery.
         * The trail flushes it and never closes it.
         */
        public Builder deliverTo(Exporter<AuditRecord> exporters) {
            this.deliverTo = Objects.requireNonNull(exporters, "exporters");
            return this;
        }

        /**
         * Runs the trail's timers (delivery, digest, insights) and its deliveries on {@code executor},
         * which must run one task at a time and which its owner shuts down (the trail cancels its own
         * tasks at close): a monitor gives the I/O lane of its scheduler. Without, the trail starts a
         * scheduler of its own and stops it at close.
         */
        public Builder executor(ScheduledExecutorService executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /**
         * @throws IllegalStateException when no {@link #dataDir} was given
         * @throws IOException when the journal directory cannot be written
         */
        public AuditTrail build() throws IOException {
            if (dataDir == null) {
                throw new IllegalStateException("the audit trail has no data directory: give AuditTrail.builder().dataDir(path)");
            }
            return new AuditTrail(this);
        }
    }
}
