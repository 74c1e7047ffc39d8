package dev.monitor.xray.internal;

import dev.monitor.api.context.Context;
import dev.monitor.api.metrics.Counter;
import dev.monitor.api.metrics.Metrics;
import dev.monitor.api.trace.Segment;
import dev.monitor.api.trace.Subsegment;
import dev.monitor.api.trace.TraceEntity;
import dev.monitor.api.trace.Tracer;
import dev.monitor.core.export.Exporter;
import dev.monitor.core.export.SegmentDocument;
import dev.monitor.core.export.Signal;
import dev.monitor.core.export.internal.ExportPipeline;
import dev.monitor.core.export.internal.SignalProducer;
import dev.monitor.core.internal.InternalErrors;
import dev.monitor.core.redaction.SecretWords;
import dev.monitor.xray.Sampler;
import dev.monitor.xray.SamplingRequest;
import dev.monitor.xray.SamplingStrategy;
import dev.monitor.xray.TraceHeader;
import dev.monitor.xray.TraceIndex;
import dev.monitor.xray.XRaySettings;
import dev.monitor.xray.XRayTracer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.LoggerFactory;

/**
 * Not API: the implementation of {@link XRayTracer}, which a monitor makes through its
 * {@link XRayTracerProvider} with the monitor's traces pipeline (tests and benchmarks build one
 * with {@link #builder()}). Monitor's X-Ray tracer: segments and subsegments in the X-Ray segment document format. The
 * application's thread only records and, when a segment ends, queues it (a full queue drops it,
 * counted in {@code Monitor/SegmentsDropped}); one emitter thread writes the documents and hands
 * them to the traces {@link ExportPipeline}, whose exporters (by default the X-Ray daemon over
 * UDP and segment files, see {@link XRaySettings}) send them on threads of their own.
 *
 * <p>Large segments are streamed: once a segment holds more than {@code streamingThreshold}
 * subsegments, each completed subsegment subtree goes out on its own. No document exceeds
 * what a datagram carries: an oversized one is sent again without its metadata and long SQL
 * (marked {@code metadata.monitor.truncated}), and then with its subsegments on their own.
 *
 * <p>Asynchronous work: a segment that ends while subsegments of its are still open is sent when
 * the last of them ends; if that takes more than two seconds it is sent before, with them
 * {@code in_progress}, and again whole when they end (as at {@link #close}); a subsegment begun
 * under an entity that has already ended is sent alone ({@code type: subsegment}). Documents are
 * handed to the exporters whenever the emitter has written all that was queued and at least once
 * a second under a steady backlog, so a crash loses at most about the last second. Secrets are
 * redacted on the emitter thread (see {@link Builder#secretWords}). The emitter thread survives any
 * Throwable of one iteration: it is logged once and counted in {@code Monitor/InternalErrors}.
 *
 * <p>Thread-safe. Beginning and ending an entity touches only memory: no lock but the segment's
 * own spin lock, no I/O.
 */
public final class TraceEngine implements XRayTracer, SignalProducer, dev.monitor.core.health.DependencyRates, AutoCloseable {
    static final Context.Key<Entity> CURRENT = new Context.Key<>("xray.entity");
    /**
     * Segment names beyond this many get no metrics of their own (the registry's limit applies
     * too); their segments are counted in {@code Monitor/SegmentsUnmeasured}.
     */
    public static final int MAX_SERVICES = 1000;
    /** X-Ray's limit on segment and subsegment names. */
    private static final int MAX_NAME = 200;
    /** How many ended segments may wait for their subsegments; past it they are sent in progress (memory stays bounded). */
    public static final int MAX_HELD = 10_000;
    /**
     * How long, by the tracer's clock, an ended segment waits for its open subsegments before it is
     * sent in progress (and again whole when they end): a subsegment that never ends must not keep
     * its segment out of the files and the daemon.
     */
    public static final long MAX_HOLD_MILLIS = 2000;
    private static final String EMITTER_THREAD = "monitor-xray-emitter";

    private final Clock clock;
    private final boolean systemClock;
    private final SamplingStrategy sampler;
    private final MissingContext missingContext;
    private final int streamingThreshold;
    private final Counter invalid;
    private final InternalErrors samplingErrors;
    private final Counter malformedHeaders;
    private final Counter invalidNames;
    private final SegmentMetrics segmentMetrics;
    private final HeldSegments held = new HeldSegments(MAX_HELD, MAX_HOLD_MILLIS);
    final SecretWords secretWords;
    private final TraceIndex recent;
    private final boolean keepRecent;
    private final ExportPipeline<SegmentDocument> pipeline;
    /** Whether the pipeline is this tracer's own (made from {@link Builder#exporter}), closed with it. */
    private final boolean ownsPipeline;
    private final EmitterThread<Entity> emitter;
    private final AtomicBoolean closed = new AtomicBoolean();

    private TraceEngine(Builder builder) {
        this.clock = builder.clock;
        this.systemClock = builder.clock.getClass() == Clock.systemUTC().getClass();
        this.sampler = builder.sampler != null ? builder.sampler : Sampler.defaults(builder.clock);
        XRaySettings settings = builder.settings.build();
        this.missingContext = settings.missingContext();
        this.streamingThreshold = settings.streamingThreshold();
        this.invalid = builder.self.counter("InvalidAnnotations");
        this.samplingErrors = new InternalErrors(builder.self, SamplingStrategy.class);
        this.malformedHeaders = builder.self.counter("MalformedTraceHeaders");
        this.invalidNames = builder.self.counter("InvalidTraceNames");
        this.segmentMetrics = new SegmentMetrics(builder.metrics, builder.self.counter("SegmentsUnmeasured"), MAX_SERVICES);
        this.secretWords = new SecretWords(settings.secretWords());
        this.keepRecent = builder.recentDocuments > 0;
        this.recent = new TraceIndex(Math.max(1, builder.recentDocuments));
        this.ownsPipeline = builder.pipeline == null;
        this.pipeline = ownsPipeline ? new ExportPipeline<>(Signal.TRACES, builder.exporters, builder.self, 3,
                Duration.ofMillis(200)) : builder.pipeline;
        Counter dropped = builder.self.counter("SegmentsDropped");
        SegmentWriter writer = new SegmentWriter(held, clock, dropped, keepRecent ? recent : null,
                keepRecent || pipeline.hasExporters());
        this.emitter = new EmitterThread<>(EMITTER_THREAD, writer, pipeline, settings.queueCapacity(), settings.emitterShare(),
                dropped, new InternalErrors(builder.self, XRayTracer.class));
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
    @Override
    public Segment beginSegment(String name, String incomingHeader, String host, String method, String path) {
        name = validName(name);
        TraceHeader header = TraceHeader.parse(incomingHeader);
        if (header == null && incomingHeader != null && !incomingHeader.isBlank()) {
            malformedHeaders.increment();
        }
        if (header == null) {
            boolean sampled = sample(name, host, method, path);
            return new Entity(this, null, Ids.traceId(clock.instant().getEpochSecond()), name, sampled, null).makeCurrent();
        }
        boolean sampled = header.sampled() != null ? header.sampled() : sample(name, host, method, path);
        return new Entity(this, null, header.root(), name, sampled, header.parent()).makeCurrent();
    }

    /** The strategy's decision; a strategy that throws (it must not) records nothing rather than fail the request. */
    private boolean sample(String name, String host, String method, String path) {
        try {
            return sampler.sample(SamplingRequest.of(name, host, method, path));
        } catch (RuntimeException e) {
            samplingErrors.report("sampling", e, "the sampling strategy failed; the trace is not recorded");
            return false;
        }
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
    @Override
    public Subsegment beginDetached(TraceEntity parent, String name) {
        if (!(parent instanceof Entity entity)) {
            return Tracer.noop().beginSubsegment(name);
        }
        return new Entity(this, entity, entity.traceId, validName(name), entity.sampled, null);
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
            held.release(root);
            return List.of(root);
        }
        if (entity == root) {
            // Subsegments still in flight (asynchronous work): the document waits for them, a while;
            // past MAX_HELD waiting it goes out now, in progress, and again whole when they end.
            return held.hold(root, clock.millis()) ? List.of() : List.of(root);
        }
        if (root.subsegments <= streamingThreshold) {
            return List.of();
        }
        return Streaming.detachCompleted(root);
    }

    /** Called after {@code entity} closed, outside any lock: measures a segment and queues what is ready. */
    void finished(Entity entity, List<Entity> ready) {
        if (entity.parent == null) {
            segmentMetrics.measure(entity);
        }
        if (!ready.isEmpty()) {
            emitter.offer(ready);
        }
    }

    /** For health: each dependency's calls, from the service graph of the recent traces. */
    @Override
    public java.util.List<Calls> dependencies(java.time.Instant start, java.time.Instant end) {
        return traces().dependencyCalls(start, end);
    }

    /**
     * The traces this tracer sent recently (the last {@code recentDocuments} documents, 10,000 by
     * default): ask it for the service map, for traces matching a filter expression, or for an SLA check.
     */
    @Override
    public TraceIndex traces() {
        return recent;
    }

    /**
     * Waits until queued segments are written and their documents exported and flushed by every
     * exporter (files written to the OS), at most {@code timeout}. Whether all finished in time.
     */
    @Override
    public boolean flush(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        return emitter.awaitHandedOn(deadline)
                && pipeline.flush(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    }

    /**
     * Sends the segments still waiting for subsegments (those {@code in_progress}), waits at most
     * 10 seconds for everything queued to be exported, and stops the emitter thread; closes the
     * exporters given to {@link Builder#exporter}, not a pipeline given to {@link Builder#pipeline}.
     * Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (Entity root : held.takeAll()) {
            emitter.offer(List.of(root));
        }
        flush(Duration.ofSeconds(10));
        emitter.stop(Duration.ofSeconds(5));
        sampler.close();
        if (ownsPipeline) {
            pipeline.close();
        }
    }

    /** Configures an {@link TraceEngine}. */
    public static final class Builder {
        private Clock clock = Clock.systemUTC();
        private SamplingStrategy sampler;
        private ExportPipeline<SegmentDocument> pipeline;
        private final List<ExportPipeline.Named<SegmentDocument>> exporters = new ArrayList<>();
        /** The settings this builder's setters check and keep; the daemon is the pipeline's business, not the tracer's. */
        private final XRaySettings.Builder settings = XRaySettings.builder().daemonAddress("off");
        private Metrics self = Metrics.noop();
        private Metrics metrics = Metrics.noop();
        private int recentDocuments = 10_000;

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

        /** The sampling strategy (local rules or centralized); closed with the tracer. The SDKs' default rules when not set. */
        public Builder sampling(SamplingStrategy strategy) {
            this.sampler = Objects.requireNonNull(strategy, "strategy");
            return this;
        }

        /**
         * Where the documents go: a monitor's traces pipeline, which its owner flushes and closes.
         * A tracer made by a {@code Monitor} gets the monitor's.
         *
         * @throws IllegalStateException when exporters were given instead
         */
        public Builder pipeline(ExportPipeline<SegmentDocument> pipeline) {
            if (!exporters.isEmpty()) {
                throw new IllegalStateException("exporters were already given (" + exporters.get(0).name()
                        + "); give a pipeline or exporters, not both");
            }
            this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
            return this;
        }

        /**
         * Adds an exporter of the documents, with a name unique among them. The tracer makes its own
         * pipeline of them (a bounded queue and a thread each, retries, drops counted in
         * {@code Monitor/Dropped}) and closes it when it closes; without exporters or a pipeline,
         * documents go only to {@link TraceEngine#traces()}.
         *
         * @throws IllegalStateException when a pipeline was given instead
         * @throws IllegalArgumentException when the name is taken
         */
        public Builder exporter(String name, Exporter<SegmentDocument> exporter) {
            if (pipeline != null) {
                throw new IllegalStateException("a pipeline was already given; add the exporter '" + name + "' to it instead");
            }
            Objects.requireNonNull(name, "name");
            if (exporters.stream().anyMatch(named -> named.name().equals(name))) {
                throw new IllegalArgumentException("exporter name '" + name + "' is already used; names must be unique");
            }
            exporters.add(new ExportPipeline.Named<>(name, Objects.requireNonNull(exporter, "exporter")));
            return this;
        }

        /** What a subsegment without a current segment does; IGNORE (a no-op subsegment) by default. */
        public Builder missingContext(MissingContext strategy) {
            settings.missingContext(strategy);
            return this;
        }

        /** How many subsegments a segment holds before completed ones are sent on their own; 100 by default. */
        public Builder streamingThreshold(int subsegments) {
            settings.streamingThreshold(subsegments);
            return this;
        }

        /**
         * How many finished entities may wait for the emitter thread; 4,096 by default. A segment
         * that finds the queue full is dropped and counted in {@code Monitor/SegmentsDropped}:
         * the application never waits for the emitter.
         */
        public Builder queueCapacity(int entities) {
            settings.queueCapacity(entities);
            return this;
        }

        /**
         * The most of one core the emitter thread takes when it has a backlog: after each batch
         * it rests in proportion to the time the batch took. A quarter by default, which still
         * writes over 200,000 documents a second on our 2-core build machines; 1 never rests.
         */
        public Builder emitterShare(double share) {
            settings.emitterShare(share);
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

        /** How many recent documents {@link TraceEngine#traces()} keeps; 10,000 by default, 0 for none. */
        public Builder recentDocuments(int documents) {
            if (documents < 0) {
                throw new IllegalArgumentException("recentDocuments must be 0 or more, not " + documents);
            }
            this.recentDocuments = documents;
            return this;
        }

        /**
         * Words that mark a secret (default {@link SecretWords#DEFAULTS}): annotation and
         * metadata values under such keys, at any depth, are written as {@code [REDACTED]}, and URLs,
         * SQL, exception messages and other text lose {@code key=value} secrets and URL passwords.
         */
        public Builder secretWords(List<String> words) {
            settings.secretWords(words);
            return this;
        }

        public TraceEngine build() {
            return new TraceEngine(this);
        }
    }
}
