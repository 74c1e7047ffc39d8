package dev.monitor.xray;

import dev.monitor.api.context.Context;
import dev.monitor.api.metrics.Counter;
import dev.monitor.api.metrics.Metrics;
import dev.monitor.api.trace.Segment;
import dev.monitor.api.trace.Subsegment;
import dev.monitor.api.trace.TraceEntity;
import dev.monitor.api.trace.Tracer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.LoggerFactory;

/**
 * Monitor's X-Ray tracer: segments and subsegments in the X-Ray segment document format, sent
 * by one emitter thread to the daemon (UDP) and to files. The application's thread only records
 * and, when a segment ends, queues it (a full queue drops it, counted in
 * {@code Monitor/SegmentsDropped}).
 *
 * <p>Large segments are streamed: once a segment holds more than {@code streamingThreshold}
 * subsegments, each completed subsegment subtree goes out on its own. No document exceeds
 * what a datagram carries: an oversized one is sent again without its metadata and long SQL
 * (marked {@code metadata.monitor.truncated}), and then with its subsegments on their own.
 *
 * <p>Asynchronous work: a segment that ends while subsegments of its are still open is sent when
 * the last of them ends; if that takes more than two seconds it is sent before, with them
 * {@code in_progress}, and again whole when they end (as at {@link #close}); a subsegment begun
 * under an entity that has already ended is sent alone ({@code type: subsegment}). Files are
 * flushed to the OS whenever the emitter has sent all that was queued and at least once a second
 * under a steady backlog, so a crash loses at most about the last second. Secrets are redacted on
 * the emitter thread (see {@link Builder#secretWords}). The emitter thread survives any Throwable
 * of one iteration: it is logged once and counted in {@code Monitor/InternalErrors}.
 */
public final class XRayTracer implements Tracer, AutoCloseable {
    static final Context.Key<Entity> CURRENT = new Context.Key<>("xray.entity");
    /**
     * Segment names beyond this many get no metrics of their own (the registry's limit applies
     * too); their segments are counted in {@code Monitor/SegmentsUnmeasured}.
     */
    static final int MAX_SERVICES = 1000;
    /** X-Ray's limit on segment and subsegment names. */
    private static final int MAX_NAME = 200;
    /** How long the emitter thread naps when it has nothing to send: the most a document waits. */
    private static final long NAP_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    /**
     * The longest rest after one batch: a slow batch (the JIT warming up, a stalled daemon) must
     * not hold back what follows for seconds, which a crash would then lose.
     */
    private static final long MAX_REST_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
    /** How many ended segments may wait for their subsegments; past it they are sent in progress (memory stays bounded). */
    static final int MAX_HELD = 10_000;
    /**
     * How long, by the tracer's clock, an ended segment waits for its open subsegments before it is
     * sent in progress (and again whole when they end): a subsegment that never ends must not keep
     * its segment out of the files and the daemon.
     */
    static final long MAX_HOLD_MILLIS = 2000;
    /** How often the emitter thread looks for segments held longer than {@link #MAX_HOLD_MILLIS}. */
    private static final long HOLD_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /** The longest a sent document stays in an emitter's buffer while a backlog keeps the queue from draining. */
    private static final long FLUSH_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** What {@link #beginSubsegment(String)} does when there is no current entity. */
    public enum MissingContext { IGNORE, LOG, THROW }

    private final Clock clock;
    private final boolean systemClock;
    private final Sampler sampler;
    private final Emitter[] emitters;
    private final MissingContext missingContext;
    private final int streamingThreshold;
    /** Batches of entities ready to send; the emitter thread naps when it is empty and is never woken. */
    private final Queue<List<Entity>> outbox = new ConcurrentLinkedQueue<>();
    private final int queueCapacity;
    private final double emitterShare;
    private final Counter dropped;
    private final Counter invalid;
    private final Counter malformedHeaders;
    private final Counter invalidNames;
    private final Counter unmeasured;
    private final Metrics metrics;
    /** Per service: the instruments each finished segment feeds; a service's are looked up once. */
    private final Map<String, ServiceMetrics> serviceMetrics = new ConcurrentHashMap<>();
    /** Entities queued or being sent: what {@link #flush} waits for, and what the capacity bounds. */
    private final AtomicInteger pending = new AtomicInteger();
    /** {@link #flush} asks by taking a ticket; the emitter thread answers by raising {@code flushesDone} to it. */
    private final java.util.concurrent.atomic.AtomicLong flushRequests = new java.util.concurrent.atomic.AtomicLong();
    private volatile long flushesDone;
    /** Segments ended with subsegments still open, waiting for them (see {@link #sendHeld}). */
    private final java.util.Set<Entity> held = ConcurrentHashMap.newKeySet();
    private final dev.monitor.core.metrics.InternalErrors internalErrors;
    final dev.monitor.core.redaction.SecretWords secretWords;
    private final TraceIndex recent;
    private final boolean keepRecent;
    private final Thread emitter;
    private volatile boolean running = true;

    private XRayTracer(Builder builder) {
        this.clock = builder.clock;
        this.systemClock = builder.clock.getClass() == Clock.systemUTC().getClass();
        this.sampler = builder.sampler != null ? builder.sampler : Sampler.defaults(builder.clock);
        this.emitters = builder.emitters.toArray(new Emitter[0]);
        this.missingContext = builder.missingContext;
        this.streamingThreshold = builder.streamingThreshold;
        this.queueCapacity = builder.queueCapacity;
        this.emitterShare = builder.emitterShare;
        this.dropped = builder.self.counter("SegmentsDropped");
        this.invalid = builder.self.counter("InvalidAnnotations");
        this.malformedHeaders = builder.self.counter("MalformedTraceHeaders");
        this.invalidNames = builder.self.counter("InvalidTraceNames");
        this.unmeasured = builder.self.counter("SegmentsUnmeasured");
        this.internalErrors = new dev.monitor.core.metrics.InternalErrors(builder.self, XRayTracer.class)
                .register("monitor-xray-emitter");
        this.secretWords = new dev.monitor.core.redaction.SecretWords(builder.secretWords);
        this.metrics = builder.metrics;
        this.keepRecent = builder.recentDocuments > 0;
        this.recent = new TraceIndex(Math.max(1, builder.recentDocuments));
        this.emitter = new Thread(this::emitLoop, "monitor-xray-emitter");
        emitter.setDaemon(true);
        emitter.start();
    }

    public static Builder builder() {
        return new Builder();
    }

    Clock clock() {
        return clock;
    }

    /**
     * Now in epoch microseconds, for an entity of {@code segment}. With the system clock, as
     * OpenTelemetry's anchored clock does: the segment's start plus the monotonic time since,
     * cheaper than reading the wall clock and immune to its steps within a segment. Any other
     * clock (a test's) is read as it is.
     */
    long nowMicros(Entity segment) {
        if (systemClock) {
            return segment.startMicros + (System.nanoTime() - segment.startNanos) / 1000;
        }
        Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
    }

    void invalid() {
        invalid.increment();
    }

    @Override
    public Segment beginSegment(String name) {
        return beginSegment(name, null, null, null, null);
    }

    @Override
    public Segment beginSegment(String name, String incomingHeader) {
        return beginSegment(name, incomingHeader, null, null, null);
    }

    /**
     * A segment for an incoming request: it continues the trace of {@code incomingHeader} (a
     * malformed one is counted and a new trace begins), honours an upstream {@code Sampled=1|0},
     * and otherwise lets the sampling rules decide from {@code host}, {@code method} and
     * {@code path} (any may be null).
     */
    public Segment beginSegment(String name, String incomingHeader, String host, String method, String path) {
        name = validName(name);
        TraceHeader header = TraceHeader.parse(incomingHeader);
        if (header == null && incomingHeader != null && !incomingHeader.isBlank()) {
            malformedHeaders.increment();
        }
        if (header == null) {
            boolean sampled = sampler.sample(host, method, path);
            return new Entity(this, null, Ids.traceId(clock.instant().getEpochSecond()), name, sampled, null).makeCurrent();
        }
        boolean sampled = header.sampled() != null ? header.sampled() : sampler.sample(host, method, path);
        return new Entity(this, null, header.root(), name, sampled, header.parent()).makeCurrent();
    }

    @Override
    public Subsegment beginSubsegment(String name) {
        Entity current = Context.current().get(CURRENT);
        if (current == null) {
            switch (missingContext) {
                case THROW -> throw new IllegalStateException("no segment is current for subsegment '" + name + "'");
                case LOG -> LoggerFactory.getLogger(XRayTracer.class).warn("no segment is current for subsegment '{}'", name);
                default -> {
                }
            }
            return Tracer.noop().beginSubsegment(name);
        }
        return new Entity(this, current, current.traceId, validName(name), current.sampled, null).makeCurrent();
    }

    @Override
    public Subsegment beginSubsegment(TraceEntity parent, String name) {
        if (!(parent instanceof Entity entity)) {
            return Tracer.noop().beginSubsegment(name);
        }
        return new Entity(this, entity, entity.traceId, validName(name), entity.sampled, null).makeCurrent();
    }

    /**
     * The name as X-Ray takes it (1 to 200 characters): a missing one becomes {@code unnamed}, a
     * longer one is cut; both are counted in {@code Monitor/InvalidTraceNames}, never thrown.
     */
    private String validName(String name) {
        if (name != null && !name.isEmpty() && name.length() <= MAX_NAME) {
            return name;
        }
        invalidNames.increment();
        return name == null || name.isEmpty() ? "unnamed" : name.substring(0, MAX_NAME);
    }

    @Override
    public TraceEntity current() {
        return Context.current().get(CURRENT);
    }

    /**
     * A subsegment of {@code parent} that is not made current: for work that ends on another
     * thread, such as an asynchronous HTTP call.
     */
    Subsegment beginDetached(TraceEntity parent, String name) {
        if (!(parent instanceof Entity entity)) {
            return Tracer.noop().beginSubsegment(name);
        }
        return new Entity(this, entity, entity.traceId, validName(name), entity.sampled, null);
    }

    /** Latency and outcome of each finished segment, sampled or not, per service. */
    private record ServiceMetrics(dev.monitor.api.metrics.Timer latency, Counter errors, Counter faults, Counter throttles) {
    }

    private void measure(Entity segment) {
        ServiceMetrics service = serviceMetrics.get(segment.name);
        if (service == null) {
            if (serviceMetrics.size() >= MAX_SERVICES) {
                unmeasured.increment();
                return;
            }
            service = serviceMetrics.computeIfAbsent(segment.name, name -> new ServiceMetrics(
                    metrics.timer("SegmentLatency", "Service", name), metrics.counter("SegmentErrors", "Service", name),
                    metrics.counter("SegmentFaults", "Service", name), metrics.counter("SegmentThrottles", "Service", name)));
        }
        service.latency().recordNanos((segment.endMicros - segment.startMicros) * 1000);
        service.errors().increment(segment.error ? 1 : 0);
        service.faults().increment(segment.fault ? 1 : 0);
        service.throttles().increment(segment.throttle ? 1 : 0);
    }

    /**
     * Called, under the segment's lock, when a sampled {@code entity} closes: what is ready to
     * send. That is the segment when its last entity has closed; before that, once the segment
     * holds more than {@code streamingThreshold} subsegments, every completed subtree, as the
     * X-Ray SDKs stream.
     */
    List<Entity> ended(Entity entity) {
        Entity root = entity.root;
        if (--root.openEntities == 0) {
            if (root.held) {
                root.held = false;
                held.remove(root);
            }
            return List.of(root);
        }
        if (entity == root) {
            if (held.size() >= MAX_HELD) {
                // Too many waiting: this one goes out now with its open subsegments in_progress, and
                // again whole, with the same id, when they end (X-Ray's in-progress rule).
                return List.of(root);
            }
            // Subsegments still in flight (asynchronous work): the document waits for them, a while.
            root.held = true;
            root.heldAtMillis = clock.millis();
            held.add(root);
            return List.of();
        }
        if (root.subsegments <= streamingThreshold) {
            return List.of();
        }
        List<Entity> completed = new ArrayList<>(root.subsegments);
        detachCompleted(root, completed);
        return completed;
    }

    /** Called after {@code entity} closed, outside any lock: measures a segment and queues what is ready. */
    void finished(Entity entity, List<Entity> ready) {
        if (entity.parent == null) {
            measure(entity);
        }
        if (!ready.isEmpty()) {
            queue(ready);
        }
    }

    /** Moves the completed subtrees under {@code entity} to {@code out}; the caller holds the segment's lock. */
    private static void detachCompleted(Entity entity, List<Entity> out) {
        if (entity.children == null) {
            return;
        }
        List<Entity> children = entity.children;
        int kept = 0;
        for (int i = 0; i < children.size(); i++) {
            Entity child = children.get(i);
            if (allClosed(child)) {
                entity.root.subsegments -= count(child);
                out.add(child);
            } else {
                detachCompleted(child, out);
                children.set(kept++, child);
            }
        }
        children.subList(kept, children.size()).clear();
    }

    private static boolean allClosed(Entity entity) {
        if (entity.endMicros < 0) {
            return false;
        }
        if (entity.children != null) {
            for (Entity child : entity.children) {
                if (!allClosed(child)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static int count(Entity entity) {
        int total = 1;
        if (entity.children != null) {
            for (Entity child : entity.children) {
                total += count(child);
            }
        }
        return total;
    }

    /** Queues one batch, or drops it (counted) when the queue holds {@code queueCapacity} entities. */
    private void queue(List<Entity> batch) {
        if (!running || pending.addAndGet(batch.size()) > queueCapacity) {
            if (running) {
                pending.addAndGet(-batch.size());
            }
            dropped.increment(batch.size());
            return;
        }
        outbox.add(batch);
    }

    private void emitLoop() {
        long lastFlush = System.nanoTime();
        long lastHoldCheck = lastFlush;
        boolean unflushed = false;
        while (running || !outbox.isEmpty()) {
            try {
                if (System.nanoTime() - lastHoldCheck >= HOLD_CHECK_NANOS) {
                    lastHoldCheck = System.nanoTime();
                    unflushed |= sendHeldTooLong();
                }
                List<Entity> batch = outbox.poll();
                if (batch == null) {
                    long asked = flushRequests.get();
                    if (unflushed || asked > flushesDone) {
                        // The queue is drained: what was sent reaches the OS before the nap.
                        flushEmitters();
                        unflushed = false;
                        lastFlush = System.nanoTime();
                        flushesDone = asked;
                    }
                    // Napping costs the application nothing; waking this thread per segment would.
                    LockSupport.parkNanos(NAP_NANOS);
                    continue;
                }
                long began = System.nanoTime();
                try {
                    for (Entity entity : batch) {
                        send(entity);
                    }
                } finally {
                    pending.addAndGet(-batch.size()); // once a batch: the counter is shared with every caller
                }
                unflushed = true;
                long rest = restFor(System.nanoTime() - began);
                // Before resting: at once when the batch emptied the queue, and at least once a second
                // (counting the rest) when a steady backlog keeps it from emptying.
                if (outbox.isEmpty() || System.nanoTime() + rest - lastFlush >= FLUSH_NANOS) {
                    flushEmitters();
                    unflushed = false;
                    lastFlush = System.nanoTime();
                }
                rest(rest);
            } catch (Throwable t) {
                // One failed iteration (an emitter's Error, even OutOfMemoryError) must not end tracing.
                internalErrors.report("monitor-xray-emitter", t,
                        "the X-Ray emitter thread failed and continues; later failures are counted in Monitor/InternalErrors only");
            }
        }
    }

    private void flushEmitters() {
        for (Emitter target : emitters) {
            try {
                target.flush();
            } catch (IOException | RuntimeException e) {
                dropped.increment();
            }
        }
    }

    /**
     * Keeps this thread within its share of a core: after {@code worked} nanoseconds it rests
     * {@code worked * (1 - share) / share}, at most {@link #MAX_REST_NANOS}. The application comes
     * first; under overload what cannot be queued meanwhile is dropped and counted rather than
     * taking more of its CPU.
     */
    private long restFor(long worked) {
        return emitterShare >= 1 ? 0 : Math.min(MAX_REST_NANOS, (long) (worked * (1 - emitterShare) / emitterShare));
    }

    private void rest(long nanos) {
        long until = System.nanoTime() + nanos;
        for (long left = until - System.nanoTime(); left > 0 && running; left = until - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }

    private void send(Entity entity) {
        try {
            Documents.Snapshot snapshot = null;
            if (entity.root == entity) {
                entity.lock();
                try {
                    if (entity.openEntities != 0) {
                        // Sent in progress: its tree may still change, so its shape is copied under the
                        // segment's lock, and redacted and written outside it (the application's threads
                        // beginning and ending subsegments wait only for the copy).
                        snapshot = Documents.Snapshot.of(entity);
                    }
                } finally {
                    entity.unlock();
                }
            }
            String whole = Documents.write(entity, entity.parent != null, false, snapshot);
            if (fits(whole)) {
                send(entity.traceId, whole);
            } else {
                for (String document : smaller(entity, snapshot != null ? snapshot : Documents.Snapshot.of(entity))) {
                    send(entity.traceId, document);
                }
            }
        } catch (RuntimeException e) {
            // A value Jackson cannot write (a user's metadata object, say) loses this segment only.
            dropped.increment();
            LoggerFactory.getLogger(XRayTracer.class).warn("segment {} could not be written: {}", entity.id(), e.toString());
        }
    }

    private void send(String traceId, String document) {
        if (keepRecent) {
            recent.add(traceId, document);
        }
        for (Emitter target : emitters) {
            try {
                target.send(document);
            } catch (IOException | RuntimeException e) {
                dropped.increment();
            }
        }
    }

    /**
     * Documents of {@code entity} that fit datagrams: without metadata and long SQL, then split.
     * Written from {@code snapshot}, which is cut down instead of the live tree: a segment sent in
     * progress keeps its subsegments for the whole document sent when they end.
     */
    private List<String> smaller(Entity entity, Documents.Snapshot snapshot) {
        boolean alone = entity.parent != null;
        String cut = Documents.write(entity, alone, true, snapshot);
        if (fits(cut)) {
            return List.of(cut);
        }
        // Still too large: the children go out on their own, then the entity without them.
        List<String> documents = new ArrayList<>();
        for (Entity child : snapshot.children(entity)) {
            String whole = Documents.write(child, true, false, snapshot);
            documents.addAll(fits(whole) ? List.of(whole) : smaller(child, snapshot));
        }
        snapshot.detach(entity);
        documents.add(Documents.write(entity, alone, true, snapshot));
        return documents;
    }

    /**
     * The traces this tracer sent recently (the last {@code recentDocuments} documents, 10,000 by
     * default): ask it for the service map, for traces matching a filter expression, or for an SLA check.
     */
    public TraceIndex traces() {
        return recent;
    }

    private static boolean fits(String document) {
        if ((UdpEmitter.HEADER.length() + document.length()) * 3 <= UdpEmitter.MAX_DATAGRAM) {
            return true; // no character takes more than 3 bytes in UTF-8 (a surrogate pair: 4 for 2)
        }
        return (UdpEmitter.HEADER + document).getBytes(StandardCharsets.UTF_8).length <= UdpEmitter.MAX_DATAGRAM;
    }

    /**
     * Waits until queued segments are sent and the emitters flushed (files written to the OS), at
     * most {@code timeout}. The flush happens on the emitter thread, the only one that writes.
     */
    public boolean flush(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long ticket = flushRequests.incrementAndGet();
        while (pending.get() > 0 || flushesDone < ticket) {
            if (System.nanoTime() > deadline || !emitter.isAlive()) {
                return false;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
        return true;
    }

    @Override
    public void close() {
        sendHeld();
        flush(Duration.ofSeconds(10));
        running = false;
        try {
            emitter.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Emitter target : emitters) {
            try {
                target.close();
            } catch (Exception e) {
                // Closing at shutdown: nothing more to do.
            }
        }
    }

    /**
     * Sends, in progress, the segments held longer than {@link #MAX_HOLD_MILLIS}: they are no longer
     * held, so the end of their last subsegment sends them again whole, with the same id (X-Ray's
     * in-progress rule, as past {@link #MAX_HELD}). Whether it sent any.
     */
    private boolean sendHeldTooLong() {
        if (held.isEmpty()) {
            return false;
        }
        long now = clock.millis();
        boolean sent = false;
        for (Entity root : held) {
            if (now - root.heldAtMillis < MAX_HOLD_MILLIS) {
                continue;
            }
            root.lock();
            try {
                if (!root.held) {
                    continue;
                }
                root.held = false;
            } finally {
                root.unlock();
            }
            held.remove(root);
            send(root);
            sent = true;
        }
        return sent;
    }

    /**
     * Segments that ended while subsegments of theirs were still in flight and are still waiting
     * for them: at close they are sent as they are, the open subsegments {@code in_progress} (as
     * X-Ray's in-progress documents), rather than lost.
     */
    private void sendHeld() {
        for (Entity root : held) {
            root.lock();
            try {
                if (!root.held) {
                    continue;
                }
                root.held = false;
                root.openEntities = Integer.MIN_VALUE / 2; // no later end sends it again
            } finally {
                root.unlock();
            }
            held.remove(root);
            queue(List.of(root));
        }
    }

    /** Configures an {@link XRayTracer}. */
    public static final class Builder {
        private Clock clock = Clock.systemUTC();
        private Sampler sampler;
        private final List<Emitter> emitters = new ArrayList<>();
        private MissingContext missingContext = MissingContext.IGNORE;
        private int streamingThreshold = 100;
        private int queueCapacity = 4096;
        private double emitterShare = 0.25;
        private Metrics self = Metrics.noop();
        private Metrics metrics = Metrics.noop();
        private int recentDocuments = 10_000;
        private List<String> secretWords = dev.monitor.core.redaction.SecretWords.DEFAULTS;

        private Builder() {
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The sampling rules; the SDKs' default (1 per second, then 5%) when not set. */
        public Builder sampler(Sampler sampler) {
            this.sampler = Objects.requireNonNull(sampler, "sampler");
            return this;
        }

        public Builder emitter(Emitter emitter) {
            emitters.add(Objects.requireNonNull(emitter, "emitter"));
            return this;
        }

        /** What a subsegment without a current segment does; IGNORE (a no-op subsegment) by default. */
        public Builder missingContext(MissingContext strategy) {
            this.missingContext = Objects.requireNonNull(strategy, "strategy");
            return this;
        }

        /** How many subsegments a segment holds before completed ones are sent on their own; 100 by default. */
        public Builder streamingThreshold(int subsegments) {
            if (subsegments < 1) {
                throw new IllegalArgumentException("streamingThreshold " + subsegments + " must be at least 1");
            }
            this.streamingThreshold = subsegments;
            return this;
        }

        /**
         * How many finished entities may wait for the emitter thread; 4,096 by default. A segment
         * that finds the queue full is dropped and counted in {@code Monitor/SegmentsDropped}:
         * the application never waits for the emitter.
         */
        public Builder queueCapacity(int entities) {
            if (entities < 1) {
                throw new IllegalArgumentException("queueCapacity " + entities + " must be at least 1");
            }
            this.queueCapacity = entities;
            return this;
        }

        /**
         * The most of one core the emitter thread takes when it has a backlog: after each batch
         * it rests in proportion to the time the batch took. A quarter by default, which still
         * writes over 200,000 documents a second on our 2-core build machines; 1 never rests.
         */
        public Builder emitterShare(double share) {
            if (!(share > 0 && share <= 1)) {
                throw new IllegalArgumentException("emitterShare " + share + " must be above 0 and at most 1");
            }
            this.emitterShare = share;
            return this;
        }

        /** Where the tracer's own counters go (dropped segments, invalid annotations, malformed headers). */
        public Builder selfMetrics(Metrics metrics) {
            this.self = Objects.requireNonNull(metrics, "metrics");
            return this;
        }

        /**
         * Where each finished segment is measured: {@code SegmentLatency} (a timer) and
         * {@code SegmentErrors}, {@code SegmentFaults}, {@code SegmentThrottles} (counters), each
         * with the dimension {@code Service} (the segment's name).
         */
        public Builder metrics(Metrics metrics) {
            this.metrics = Objects.requireNonNull(metrics, "metrics");
            return this;
        }

        /** How many recent documents {@link XRayTracer#traces()} keeps; 10,000 by default, 0 for none. */
        public Builder recentDocuments(int documents) {
            if (documents < 0) {
                throw new IllegalArgumentException("recentDocuments must be 0 or more, not " + documents);
            }
            this.recentDocuments = documents;
            return this;
        }

        /**
         * Words that mark a secret (default {@link dev.monitor.core.redaction.SecretWords#DEFAULTS}): annotation and
         * metadata values under such keys, at any depth, are written as {@code [REDACTED]}, and URLs,
         * SQL, exception messages and other text lose {@code key=value} secrets and URL passwords.
         */
        public Builder secretWords(List<String> words) {
            this.secretWords = List.copyOf(Objects.requireNonNull(words, "words"));
            return this;
        }

        public XRayTracer build() {
            return new XRayTracer(this);
        }
    }
}
