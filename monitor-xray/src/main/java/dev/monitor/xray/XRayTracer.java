package dev.monitor.xray;

import dev.monitor.api.context.Context;
import dev.monitor.api.metrics.Counter;
import dev.monitor.api.metrics.Metrics;
import dev.monitor.api.trace.Segment;
import dev.monitor.api.trace.Subsegment;
import dev.monitor.api.trace.TraceEntity;
import dev.monitor.api.trace.Tracer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
 */
public final class XRayTracer implements Tracer, AutoCloseable {
    static final Context.Key<Entity> CURRENT = new Context.Key<>("xray.entity");

    /** What {@link #beginSubsegment(String)} does when there is no current entity. */
    public enum MissingContext { IGNORE, LOG, THROW }

    private final Clock clock;
    private final Sampler sampler;
    private final List<Emitter> emitters;
    private final MissingContext missingContext;
    private final int streamingThreshold;
    private final BlockingQueue<Entity> outbox;
    private final Counter dropped;
    private final Counter invalid;
    private final Counter malformedHeaders;
    /** Queued or being sent: what {@link #flush} waits for. */
    private final AtomicInteger pending = new AtomicInteger();
    private final Thread emitter;
    private volatile boolean running = true;

    private XRayTracer(Builder builder) {
        this.clock = builder.clock;
        this.sampler = builder.sampler != null ? builder.sampler : Sampler.defaults(builder.clock);
        this.emitters = List.copyOf(builder.emitters);
        this.missingContext = builder.missingContext;
        this.streamingThreshold = builder.streamingThreshold;
        this.outbox = new ArrayBlockingQueue<>(builder.queueCapacity);
        this.dropped = builder.self.counter("SegmentsDropped");
        this.invalid = builder.self.counter("InvalidAnnotations");
        this.malformedHeaders = builder.self.counter("MalformedTraceHeaders");
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

    void invalid() {
        invalid.increment();
    }

    @Override
    public Segment beginSegment(String name) {
        boolean sampled = sampler.sample(null, null, null);
        return new Entity(this, null, Ids.traceId(clock.instant().getEpochSecond()), name, sampled, null).makeCurrent();
    }

    @Override
    public Segment beginSegment(String name, String incomingHeader) {
        TraceHeader header = TraceHeader.parse(incomingHeader);
        if (header == null) {
            if (incomingHeader != null && !incomingHeader.isBlank()) {
                malformedHeaders.increment();
            }
            return beginSegment(name);
        }
        // An upstream decision is honoured; "?" or none leaves it to the sampling rules.
        boolean sampled = header.sampled() != null ? header.sampled() : sampler.sample(null, null, null);
        return new Entity(this, null, header.root(), name, sampled, header.parent()).makeCurrent();
    }

    /** A segment of a new trace whose sampling the rules decide from the request. */
    public Segment beginSegment(String name, String host, String method, String path) {
        boolean sampled = sampler.sample(host, method, path);
        return new Entity(this, null, Ids.traceId(clock.instant().getEpochSecond()), name, sampled, null).makeCurrent();
    }

    @Override
    public Subsegment beginSubsegment(String name) {
        Entity current = Context.current().get(CURRENT);
        if (current == null || current.endMicros >= 0) {
            switch (missingContext) {
                case THROW -> throw new IllegalStateException("no segment is current for subsegment '" + name + "'");
                case LOG -> LoggerFactory.getLogger(XRayTracer.class).warn("no segment is current for subsegment '{}'", name);
                default -> {
                }
            }
            return Tracer.noop().beginSubsegment(name);
        }
        return new Entity(this, current, current.traceId, name, current.sampled, null).makeCurrent();
    }

    @Override
    public Subsegment beginSubsegment(TraceEntity parent, String name) {
        if (!(parent instanceof Entity entity) || entity.root.endMicros >= 0 && entity.root.open.get() == 0) {
            return Tracer.noop().beginSubsegment(name);
        }
        return new Entity(this, entity, entity.traceId, name, entity.sampled, null).makeCurrent();
    }

    @Override
    public TraceEntity current() {
        return Context.current().get(CURRENT);
    }

    /** Called when {@code entity} closes: sends the segment when its last entity closes, or streams. */
    void ended(Entity entity) {
        Entity root = entity.root;
        if (entity != root && root.subsegments.get() > streamingThreshold && entity.sampled && allClosed(entity)) {
            // A big segment: this completed subtree goes out on its own now.
            synchronized (root) {
                entity.parent.children.remove(entity);
            }
            root.subsegments.addAndGet(-count(entity));
            queue(entity);
        }
        if (root.open.decrementAndGet() == 0 && root.sampled) {
            queue(root);
        }
    }

    private static boolean allClosed(Entity entity) {
        if (entity.endMicros < 0) {
            return false;
        }
        synchronized (entity.root) {
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
        synchronized (entity.root) {
            for (Entity child : entity.children) {
                total += count(child);
            }
        }
        return total;
    }

    private void queue(Entity entity) {
        pending.incrementAndGet();
        if (!running || !outbox.offer(entity)) {
            pending.decrementAndGet();
            dropped.increment();
        }
    }

    private void emitLoop() {
        while (running || !outbox.isEmpty()) {
            Entity entity;
            try {
                entity = outbox.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (entity != null) {
                try {
                    send(entity);
                } finally {
                    pending.decrementAndGet();
                }
            }
        }
    }

    private void send(Entity entity) {
        List<String> documents;
        try {
            documents = documents(entity);
        } catch (RuntimeException e) {
            // A value Jackson cannot write (a user's metadata object, say) loses this segment only.
            dropped.increment();
            LoggerFactory.getLogger(XRayTracer.class).warn("segment {} could not be written: {}", entity.id, e.toString());
            return;
        }
                for (String document : documents) {
                    for (Emitter target : emitters) {
                        try {
                            target.send(document);
                        } catch (Exception e) {
                            dropped.increment();
                        }
                    }
                }
    }

    /** One document, or several when it would not fit a datagram. */
    List<String> documents(Entity entity) {
        boolean alone = entity.parent != null;
        String whole = Documents.write(Documents.document(entity, alone, false));
        if (fits(whole)) {
            return List.of(whole);
        }
        String cut = Documents.write(Documents.document(entity, alone, true));
        if (fits(cut)) {
            return List.of(cut);
        }
        // Still too large: the children go out on their own, then the entity without them.
        List<String> documents = new ArrayList<>();
        List<Entity> children;
        synchronized (entity.root) {
            children = new ArrayList<>(entity.children);
            entity.children.clear();
        }
        for (Entity child : children) {
            documents.addAll(documents(child));
        }
        documents.add(Documents.write(Documents.document(entity, alone, true)));
        return documents;
    }

    private static boolean fits(String document) {
        return (UdpEmitter.HEADER + document).getBytes(StandardCharsets.UTF_8).length <= UdpEmitter.MAX_DATAGRAM;
    }

    /** Waits until queued segments are sent, at most {@code timeout}. */
    public boolean flush(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (pending.get() > 0) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        for (Emitter target : emitters) {
            if (target instanceof FileEmitter file) {
                try {
                    file.flush();
                } catch (java.io.IOException e) {
                    dropped.increment();
                }
            }
        }
        return true;
    }

    @Override
    public void close() {
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

    /** Configures an {@link XRayTracer}. */
    public static final class Builder {
        private Clock clock = Clock.systemUTC();
        private Sampler sampler;
        private final List<Emitter> emitters = new ArrayList<>();
        private MissingContext missingContext = MissingContext.IGNORE;
        private int streamingThreshold = 100;
        private int queueCapacity = 4096;
        private Metrics self = Metrics.noop();

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
            this.streamingThreshold = subsegments;
            return this;
        }

        /** Where the tracer's own counters go (dropped segments, invalid annotations, malformed headers). */
        public Builder selfMetrics(Metrics metrics) {
            this.self = Objects.requireNonNull(metrics, "metrics");
            return this;
        }

        public XRayTracer build() {
            return new XRayTracer(this);
        }
    }
}
