package dev.monitor.core.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.monitor.api.Subscription;
import dev.monitor.api.context.Context;
import dev.monitor.api.metrics.Counter;
import dev.monitor.api.metrics.Metrics;
import dev.monitor.core.redaction.SecretWords;
import dev.monitor.core.internal.InternalErrors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit trail: CloudTrail records of the application's own API calls, kept so that none
 * acknowledged is lost and each appears once. A record goes to the journal first (forced to
 * disk before the call returns in {@code SYNC} mode, every 100 ms in {@code BUFFERED} mode, where
 * callers wait rather than have more acknowledged and unforced than one interval's writing), then
 * every few minutes, or every {@code deliverAfterRecords} records, the journal's segment becomes a
 * trail file in CloudTrail's layout. A start after a crash delivers what the last run left in the
 * journal. Files older than the retention (90 days) are deleted.
 */
public final class AuditTrail implements AutoCloseable {
    /** CloudTrail's record format version that has every field written here ({@code eventCategory} came in 1.08). */
    static final String EVENT_VERSION = "1.09";
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
    private final List<EventSelector> selectors;
    private final Redactor redactor;
    private final Path auditDir;
    private final Path journalDir;
    private final TrailFiles trail;
    private final Journal journal;
    private final Duration retention;
    private final int deliverAfterRecords;
    private final AtomicInteger sinceDelivery = new AtomicInteger();
    private final AtomicBoolean deliveryQueued = new AtomicBoolean();
    private final ScheduledExecutorService deliverer;
    private final Counter recorded;
    private final Counter failed;
    private final Counter filtered;
    private final Counter quarantined;
    private final FileModes modes;
    /** Threads whose first internal error was logged: later ones are only counted. */
    private final InternalErrors internalErrors;
    private final Digests digests;
    private final Insights insights;
    private final List<Consumer<JsonNode>> insightListeners = new CopyOnWriteArrayList<>();
    private final ObjectMapper json = new ObjectMapper();
    /** Closed segments not yet delivered: left by the last run, or whose delivery failed; guarded by itself. */
    private final List<Path> undelivered = new ArrayList<>();
    private volatile boolean closed;

    private AuditTrail(Builder builder) throws IOException {
        this.clock = builder.clock;
        this.account = builder.account;
        this.region = builder.region;
        this.selectors = List.copyOf(builder.selectors);
        this.redactor = new Redactor(builder.secretWords, json);
        this.modes = builder.modes;
        this.auditDir = modes.folders(builder.dataDir.resolve("audit"));
        this.journalDir = auditDir.resolve("journal");
        this.trail = new TrailFiles(auditDir, account, region, modes);
        this.retention = builder.retention;
        this.deliverAfterRecords = builder.deliverAfterRecords;
        this.recorded = builder.self.counter("AuditRecords");
        this.failed = builder.self.counter("AuditRecordsFailed");
        this.filtered = builder.self.counter("AuditRecordsFiltered");
        this.quarantined = builder.self.counter("AuditRecordsQuarantined");
        this.internalErrors = new InternalErrors(builder.self, AuditTrail.class);
        KeyPair keys;
        if (builder.keys != null) {
            keys = builder.keys;
        } else if (builder.privateKeyFile != null) {
            keys = SigningKeys.loadOrCreate(builder.privateKeyFile, builder.publicKeyFile, modes);
        } else {
            keys = SigningKeys.loadOrCreate(auditDir, modes);
        }
        if (builder.keys != null || builder.privateKeyFile != null) {
            SigningKeys.writePublicKey(auditDir.resolve("public-key.pem"), keys.getPublic(), modes);
        }
        this.digests = new Digests(auditDir, account, region, builder.trailName, keys, clock, json, modes);
        this.insights = new Insights(builder.insightWindow, builder.insightFactor, builder.insightErrorMargin, builder.insightMinimumCalls,
                account, region, json, builder.self.counter("AuditInsightCallsUntracked"));
        // What the last run acknowledged but did not deliver goes out first, each segment once; one that cannot
        // be delivered now stays for the next delivery rather than stop the start.
        undelivered.addAll(Journal.segments(journalDir));
        deliverPending("left by the last run");
        this.journal = new Journal(journalDir, builder.durability, builder.fsyncEvery.toMillis(), QUEUE_CAPACITY,
                builder.deliverAfterRecords, clock, modes, error -> internalError("monitor-audit-journal", error));
        this.deliverer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "monitor-audit-delivery");
            thread.setDaemon(true);
            return thread;
        });
        long every = builder.deliverEvery.toMillis();
        // A task that throws would never run again: each one is guarded.
        deliverer.scheduleWithFixedDelay(guarded(this::deliverQuietly), every, every, TimeUnit.MILLISECONDS);
        deliverer.scheduleAtFixedRate(guarded(this::evaluateInsights), 60, 60, TimeUnit.SECONDS);
        long digestEvery = builder.digestEvery.toMillis();
        deliverer.scheduleWithFixedDelay(guarded(this::digestQuietly), digestEvery, digestEvery, TimeUnit.MILLISECONDS);
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

    /** Starts a trail writing under {@code <dataDir>/audit}. */
    public static Builder builder(Path dataDir) {
        return new Builder(dataDir);
    }

    /** Describes an audited call; its record is written when {@code run} or {@code call} ends. */
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
        if (!selected(event)) {
            filtered.increment();
            return;
        }
        Instant time = event.eventTime != null ? event.eventTime : clock.instant();
        String traceId = Context.current().traceId(); // the caller's: the line may be made on another thread
        journal.append(new PendingRecord(event, time, traceId));
        if (sinceDelivery.incrementAndGet() >= deliverAfterRecords && deliveryQueued.compareAndSet(false, true)) {
            deliverer.execute(guarded(this::deliverQuietly));
        }
    }

    private boolean selected(AuditEvent event) {
        for (EventSelector selector : selectors) {
            if (selector.matches(event)) {
                return true;
            }
        }
        return false;
    }

    /** An event on its way to the journal; counted in {@code AuditRecords} once written, else in {@code AuditRecordsFailed}. */
    private final class PendingRecord implements Journal.Line {
        private final AuditEvent event;
        private final Instant time;
        private final String traceId;

        PendingRecord(AuditEvent event, Instant time, String traceId) {
            this.event = event;
            this.time = time;
            this.traceId = traceId;
        }

        /** The record's JSON line, counted in the insights (the call happened); null (counted and logged) when it cannot be made. */
        @Override
        public byte[] bytes() {
            try {
                ObjectNode record = toRecord(event, time, traceId);
                byte[] bytes = json.writeValueAsBytes(record);
                byte[] line = Arrays.copyOf(bytes, bytes.length + 1);
                line[bytes.length] = '\n';
                insights.count(event, time, record.at("/userIdentity/arn").asText(record.at("/userIdentity/userName").asText(null)),
                        record.path("userAgent").asText(null));
                return line;
            } catch (IOException | RuntimeException e) {
                failed.increment();
                LOG.error("audit record {} could not be made: {}", event.eventName(), e.toString());
                return null;
            }
        }

        @Override
        public void written() {
            recorded.increment();
        }

        @Override
        public void notWritten(IOException cause) {
            failed.increment();
            LOG.error("audit record {} could not be written: {}", event.eventName(), cause.toString());
        }
    }

    /** The record in CloudTrail's field names and order. */
    ObjectNode toRecord(AuditEvent event, Instant time, String traceId) {
        ObjectNode record = json.createObjectNode();
        record.put("eventVersion", EVENT_VERSION);
        if (event.identity != null) {
            ObjectNode identity = record.putObject("userIdentity");
            UserIdentity who = event.identity;
            putIfPresent(identity, "type", who.type());
            putIfPresent(identity, "principalId", who.principalId());
            putIfPresent(identity, "arn", who.arn());
            putIfPresent(identity, "accountId", who.accountId());
            putIfPresent(identity, "accessKeyId", who.accessKeyId());
            putIfPresent(identity, "userName", who.userName());
            if (!who.sessionContext().isEmpty()) {
                identity.set("sessionContext", json.valueToTree(who.sessionContext()));
            }
        }
        record.put("eventTime", time.truncatedTo(ChronoUnit.SECONDS).toString());
        record.put("eventSource", event.eventSource);
        record.put("eventName", event.eventName);
        record.put("awsRegion", region);
        putIfPresent(record, "sourceIPAddress", event.sourceIpAddress);
        String scrubbedAgent = redactor.scrub(event.userAgent);
        String userAgent = Redactor.userAgent(scrubbedAgent);
        putIfPresent(record, "userAgent", userAgent);
        JsonNode request = redactor.elements(event.requestParameters);
        JsonNode response = redactor.elements(event.responseElements);
        record.set("requestParameters", request);
        record.set("responseElements", response);
        putIfPresent(record, "errorCode", event.errorCode);
        putIfPresent(record, "errorMessage", redactor.scrub(event.errorMessage));
        putIfPresent(record, "requestID", event.requestId);
        record.put("eventID", UUID.randomUUID().toString());
        record.put("readOnly", event.readOnly);
        if (!event.resources.isEmpty()) {
            ArrayNode resources = record.putArray("resources");
            for (AuditResource resource : event.resources) {
                ObjectNode entry = resources.addObject();
                entry.put("ARN", resource.arn());
                entry.put("accountId", resource.accountId() != null ? resource.accountId() : account);
                putIfPresent(entry, "type", resource.type());
            }
        }
        record.put("eventType", "AwsApiCall");
        record.put("managementEvent", event.category == AuditEvent.Category.Management);
        record.put("recipientAccountId", account);
        record.put("eventCategory", event.category.name());
        if (traceId != null) {
            record.putObject("additionalEventData").put("traceId", traceId);
        }
        // A cut user agent cannot carry its own mark, so the record names every field that was cut.
        List<String> omitted = new ArrayList<>(0);
        if (userAgent != scrubbedAgent) {
            omitted.add("userAgent");
        }
        if (Redactor.isOmitted(request)) {
            omitted.add("requestParameters");
        }
        if (Redactor.isOmitted(response)) {
            omitted.add("responseElements");
        }
        if (!omitted.isEmpty()) {
            ObjectNode additional = record.has("additionalEventData") ? (ObjectNode) record.get("additionalEventData")
                    : record.putObject("additionalEventData");
            omitted.forEach(additional.putArray("omittedFields")::add);
        }
        return record;
    }

    private static void putIfPresent(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    /** Delivers what the journal holds now as trail files, and prunes expired ones; returns when done. */
    public void deliverNow() {
        try {
            deliverer.submit(guarded(this::deliverQuietly)).get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("audit delivery did not finish: {}", e.toString());
        }
    }

    private void deliverQuietly() {
        deliveryQueued.set(false);
        try {
            sinceDelivery.set(0);
            journal.awaitWritten();
            // Exactly the segments the journal closed: never the one being written, whatever the clock named them.
            List<Path> rotated = journal.rotate();
            synchronized (undelivered) {
                undelivered.addAll(rotated);
            }
            deliverPending("of the journal");
            trail.prune(clock.instant().minus(retention));
        } catch (IOException | RuntimeException e) {
            LOG.error("audit delivery failed; the journal keeps the records for the next attempt: {}", e.toString());
        }
    }

    /**
     * Delivers the closed segments not yet delivered, oldest first; one that fails is logged and kept
     * for the next delivery, and the others still go out. One that is gone (its disk went) is dropped.
     */
    private void deliverPending(String what) {
        synchronized (undelivered) {
            for (java.util.Iterator<Path> pending = undelivered.iterator(); pending.hasNext(); ) {
                Path segment = pending.next();
                try {
                    if (Files.exists(segment)) {
                        deliver(segment);
                    } else {
                        LOG.warn("the audit journal segment {} is gone; its records cannot be delivered", segment);
                    }
                    pending.remove();
                } catch (IOException | RuntimeException e) {
                    LOG.error("audit delivery failed; the journal keeps the records for the next attempt: the segment {} {} could not"
                            + " be delivered: {}", segment.getFileName(), what, e.toString());
                }
            }
        }
    }

    /**
     * Turns one closed segment into its trail file, its index and its digest entry, then deletes the
     * segment. A delivery repeated after a crash finds the trail file there and completes the rest.
     */
    private void deliver(Path segment) throws IOException {
        JournalRecords.Parsed read = JournalRecords.parse(segment);
        int kept = JournalRecords.quarantine(auditDir, segment, read.bad(), modes, json);
        if (kept > 0) {
            quarantined.increment(kept);
            LOG.warn("{} line(s) of the audit journal {} are not records and were quarantined in {}: {}", kept, segment.getFileName(),
                    JournalRecords.quarantineOf(auditDir, segment), read.bad().get(0).reason());
        }
        List<String> lines = new ArrayList<>(read.good().size());
        List<LookupIndex.Entry> entries = new ArrayList<>(read.good().size());
        List<Instant> times = new ArrayList<>(read.good().size());
        for (JournalRecords.Good good : read.good()) {
            lines.add(good.text());
            entries.add(good.entry());
            times.add(good.time());
        }
        Path name = nameOf(segment);
        TrailFiles.Delivered delivered = trail.deliver(Journal.idOf(segment), name, clock.instant(), lines, times);
        if (delivered != null) {
            Path index = LookupIndex.indexOf(auditDir, delivered.file());
            if (!Files.exists(index)) {
                LookupIndex.write(index, entries, modes);
            }
            digests.delivered(delivered);
        }
        Files.delete(segment);
        Files.deleteIfExists(name);
    }

    /** Where a segment's trail file name is kept between the first attempt to deliver it and its deletion. */
    private static Path nameOf(Path segment) {
        return segment.resolveSibling(segment.getFileName() + ".name");
    }

    /**
     * Receives each insight record as it is written (the event bus subscribes here). A listener
     * that throws is logged and the others still receive it. Closing the returned handle removes
     * the listener: insights announced after that do not reach it (closing twice is harmless).
     */
    public Subscription onInsight(Consumer<JsonNode> listener) {
        Consumer<JsonNode> added = java.util.Objects.requireNonNull(listener, "listener")::accept; // one per call
        insightListeners.add(added);
        return Subscription.of(() -> insightListeners.remove(added));
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
        List<ObjectNode> found = insights.evaluate(now);
        if (found.isEmpty()) {
            return;
        }
        try {
            List<String> texts = new ArrayList<>();
            for (ObjectNode insight : found) {
                texts.add(json.writeValueAsString(insight));
            }
            trail.deliverInsights(texts, now);
        } catch (IOException | RuntimeException e) {
            LOG.error("audit insights could not be written: {}", e.toString());
        }
        for (ObjectNode insight : found) {
            for (Consumer<JsonNode> listener : insightListeners) {
                try {
                    listener.accept(insight);
                } catch (RuntimeException e) {
                    LOG.warn("an insight listener failed: {}", e.toString());
                }
            }
        }
    }

    /** Delivers what the journal holds, then writes a digest of every file delivered since the last one. */
    public void digestNow() {
        try {
            deliverer.submit(guarded(this::digestQuietly)).get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("audit digest did not finish: {}", e.toString());
        }
    }

    private void digestQuietly() {
        deliverQuietly();
        try {
            digests.write();
        } catch (IOException | RuntimeException e) {
            LOG.error("the audit digest could not be written; the next one covers its files: {}", e.toString());
        }
    }

    /** The trail files, oldest first: for lookups and validation. */
    List<Path> trailFiles() throws IOException {
        return trail.files();
    }

    /**
     * Answers like CloudTrail's LookupEvents: the records in the trail files matching one lookup
     * attribute (null for all) in {@code [start, end]}, newest first, a page of at most
     * {@code maxResults} (1 to 50), continued with the returned {@code NextToken}.
     *
     * @throws IllegalArgumentException naming an unknown attribute key, a bad page size or token
     */
    public ObjectNode lookupEvents(LookupAttribute attribute, Instant start, Instant end, int maxResults, String nextToken)
            throws IOException {
        List<String> problems = new ArrayList<>();
        ObjectNode answer = Lookup.run(auditDir, trail::files, journalDir, attribute, start, end, maxResults, nextToken, json, problems);
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
    public static ObjectNode lookupEvents(Path dataDir, LookupAttribute attribute, Instant start, Instant end, int maxResults,
                                          String nextToken) throws IOException {
        return lookupEvents(dataDir, attribute, start, end, maxResults, nextToken, new ArrayList<>());
    }

    /**
     * As {@link #lookupEvents(Path, LookupAttribute, Instant, Instant, int, String)}, also finding
     * records a crash left in the journal, not yet in a trail file; every file that could not be read
     * (a cut or garbled trail file, index or journal line, a folder where a file belongs) is added to
     * {@code problems} as {@code path: reason}, and the answer comes from the rest.
     */
    public static ObjectNode lookupEvents(Path dataDir, LookupAttribute attribute, Instant start, Instant end, int maxResults,
                                          String nextToken, List<String> problems) throws IOException {
        Path auditDir = dataDir.resolve("audit");
        return Lookup.run(auditDir, () -> TrailFiles.everyAccount(auditDir, "CloudTrail"), auditDir.resolve("journal"), attribute, start,
                end, maxResults, nextToken, new ObjectMapper(), problems);
    }

    /** How many records under {@code <dataDir>/audit/journal} await delivery to a trail file (a crash left them there). */
    public static long pendingRecords(Path dataDir) throws IOException {
        long pending = 0;
        for (Path segment : Journal.segments(dataDir.resolve("audit").resolve("journal"))) {
            pending += JournalRecords.parse(segment).good().size();
        }
        return pending;
    }

    /** Delivers the journal's records and stops. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        deliverNow();
        deliverer.shutdownNow();
        try {
            journal.close();
            synchronized (undelivered) { // every segment is closed now: all of them go out
                undelivered.clear();
                undelivered.addAll(Journal.segments(journalDir));
            }
            deliverPending("left at close");
            digests.write(); // after the last delivery: a stopped application's trail is fully covered
        } catch (IOException | RuntimeException e) {
            LOG.error("closing the audit trail failed; the journal keeps the records for the next start: {}", e.toString());
        }
    }

    /** Configures an {@link AuditTrail}. */
    public static final class Builder {
        private final Path dataDir;
        private Clock clock = Clock.systemUTC();
        private String account = "000000000000";
        private String region = "local";
        private Journal.Durability durability = Journal.Durability.BUFFERED;
        private Duration fsyncEvery = Duration.ofMillis(100);
        private Duration deliverEvery = Duration.ofMinutes(5);
        private int deliverAfterRecords = 10_000;
        private Duration retention = Duration.ofDays(90);
        private final List<EventSelector> selectors = new ArrayList<>();
        private List<String> secretWords = SecretWords.DEFAULTS;
        private Metrics self = Metrics.noop();
        private static final Pattern TRAIL_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{2,127}");
        private String trailName = "monitor";
        private Duration digestEvery = Duration.ofHours(1);
        private KeyPair keys;
        private Path privateKeyFile;
        private Path publicKeyFile;
        private FileModes modes = FileModes.OWNER_ONLY;
        private Duration insightWindow = Duration.ofDays(7);
        private double insightFactor = 3;
        private double insightErrorMargin = 0.25;
        private int insightMinimumCalls = 10;

        private Builder(Path dataDir) {
            this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
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

        /** Each record forced to disk before the audited call returns (group commit shares the forces). */
        public Builder sync() {
            this.durability = Journal.Durability.SYNC;
            return this;
        }

        /** Records forced every {@code fsyncEvery} (100 ms by default): a crash may lose that window. The default. */
        public Builder buffered(Duration fsyncEvery) {
            this.durability = Journal.Durability.BUFFERED;
            this.fsyncEvery = positive("fsyncEvery", fsyncEvery);
            return this;
        }

        /** How often the journal becomes trail files (5 minutes), and after how many records at most (10,000). */
        public Builder deliverEvery(Duration every, int records) {
            this.deliverEvery = positive("deliverEvery", every);
            if (records < 1) {
                throw new IllegalArgumentException("deliverAfterRecords " + records + " must be at least 1");
            }
            this.deliverAfterRecords = records;
            return this;
        }

        /** How long trail files are kept: 90 days by default, as CloudTrail's event history. */
        public Builder retention(Duration retention) {
            this.retention = positive("retention", retention);
            return this;
        }

        /** What is recorded; every event when none is given. */
        public Builder selector(EventSelector selector) {
            selectors.add(Objects.requireNonNull(selector, "selector"));
            return this;
        }

        /** Keys containing any of these words (any case) have their values hidden; password, secret, token, ... by default. */
        public Builder secretWords(List<String> words) {
            this.secretWords = List.copyOf(words);
            return this;
        }

        /**
         * The trail's name in digest file names; {@code monitor} by default. CloudTrail's rules
         * apply: 3 to 128 letters, digits, periods, underscores and dashes, starting with a letter
         * or digit.
         */
        public Builder trailName(String name) {
            Objects.requireNonNull(name, "name");
            if (!TRAIL_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("trail name '" + name + "' must be 3 to 128 letters, digits, '.', '_' or '-',"
                        + " starting with a letter or digit");
            }
            this.trailName = name;
            return this;
        }

        /** How often a digest is written (every hour by default, as CloudTrail's); also on close. */
        public Builder digestEvery(Duration every) {
            this.digestEvery = positive("digestEvery", every);
            return this;
        }

        /**
         * The key pair that signs digests; by default one is generated and kept under
         * {@code <data-dir>/audit} ({@code keys/private-key.pem}, {@code public-key.pem}).
         */
        public Builder keyPair(KeyPair keys) {
            this.keys = Objects.requireNonNull(keys, "keys");
            return this;
        }

        /**
         * The PEM files of the key pair that signs digests: read when they exist, the public key made
         * from the private one when only that exists, and a pair made and kept there when neither does.
         */
        public Builder keyFiles(Path privateKeyFile, Path publicKeyFile) {
            this.privateKeyFile = Objects.requireNonNull(privateKeyFile, "privateKeyFile");
            this.publicKeyFile = Objects.requireNonNull(publicKeyFile, "publicKeyFile");
            return this;
        }

        /**
         * The permissions of every file the trail creates, in {@code ls -l} form: {@code rw-------}
         * (owner only; folders {@code rwx------}) by default, as records hold personal data. Folders
         * add execute wherever they may read.
         */
        public Builder filePermissions(String permissions) {
            this.modes = new FileModes(permissions);
            return this;
        }

        /**
         * Insights over write management events: a minute of at least {@code minimumCalls} calls
         * is unusual when it has more than {@code factor} times the baseline's calls per minute
         * (over the trailing {@code window}), or an error rate above the baseline's by more than
         * {@code errorRateMargin}. By default: 7 days, 3x, 0.25 and 10 calls.
         */
        public Builder insights(Duration window, double factor, double errorRateMargin, int minimumCalls) {
            this.insightWindow = positive("insights window", window);
            if (!(factor > 0) || !(errorRateMargin >= 0 && errorRateMargin <= 1) || minimumCalls < 1) {
                throw new IllegalArgumentException("insights take a factor above 0 (not " + factor + "), an errorRateMargin from 0 to 1 (not "
                        + errorRateMargin + ") and minimumCalls of at least 1 (not " + minimumCalls + ")");
            }
            this.insightFactor = factor;
            this.insightErrorMargin = errorRateMargin;
            this.insightMinimumCalls = minimumCalls;
            return this;
        }

        private static Duration positive(String what, Duration duration) {
            Objects.requireNonNull(duration, what);
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException(what + " " + duration + " must be positive");
            }
            return duration;
        }

        /** Where the trail's own counters go. */
        public Builder selfMetrics(Metrics metrics) {
            this.self = Objects.requireNonNull(metrics, "metrics");
            return this;
        }

        /** @throws IOException when the journal directory cannot be written */
        public AuditTrail build() throws IOException {
            if (selectors.isEmpty()) {
                selectors.add(EventSelector.allEvents());
            }
            return new AuditTrail(this);
        }
    }
}
