package dev.monitor.xray.internal;

import dev.monitor.api.context.Context;
import dev.monitor.api.context.Scope;
import dev.monitor.api.trace.Segment;
import dev.monitor.api.trace.Subsegment;
import dev.monitor.api.trace.TraceEntity;
import dev.monitor.xray.TraceHeader;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A segment or subsegment being recorded. Its state is written by the application, one thread
 * at a time, until it is closed, then read once by the emitter thread (the segment's lock, see
 * {@link #lock()}, and the queue order the two); writes after close are ignored. The segment
 * counts its open entities and is sent when the count reaches zero.
 */
final class Entity implements Segment, Subsegment, Context.TraceIds {

    final TraceEngine tracer;
    final Entity root;
    final Entity parent;
    final String traceId;
    /** The id's random bits; the 16 hex digits are made when first asked for, mostly on the emitter thread. */
    private final long idBits;
    private String id;
    final String name;
    final boolean sampled;
    final String upstreamParent;
    final long startMicros;
    /** On a segment timed by the system clock: {@code System.nanoTime()} at its start, the anchor of its entities' times. */
    final long startNanos;
    /**
     * Written under the segment's lock, whose release publishes it. Not volatile: a volatile
     * write is a full fence on every close, and the unlocked reads (is this entity still open?)
     * are hints that the locked code checks again.
     */
    long endMicros = -1;
    /** Annotations as key, value, key, value, in the order first put: a few each, and cheap to hold. */
    Object[] annotations;
    int annotationCount;
    boolean error;
    boolean fault;
    boolean throttle;
    /** Everything else an entity may carry, made on first use: most carry a few annotations and nothing more. */
    Details details;
    /** Guarded by the segment ({@code root}). */
    List<Entity> children;
    /** On the root, guarded by it: entities not yet closed, and subsegments held. */
    int openEntities;
    int subsegments;
    private Scope scope;
    /** On a root whose own end came while subsegments were still open: the tracer holds it until they end. */
    boolean held;
    /** When (the tracer's clock, epoch milliseconds) {@link #held} was set. */
    long heldAtMillis;
    /** On the root: 1 while the segment's lock is held. */
    @SuppressWarnings("unused") // through LOCK
    private int locked;
    private static final VarHandle LOCK;

    static {
        try {
            LOCK = MethodHandles.lookup().findVarHandle(Entity.class, "locked", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    Entity(TraceEngine tracer, Entity parent, String traceId, String name, boolean sampled, String upstreamParent) {
        this.tracer = tracer;
        this.parent = parent;
        this.traceId = traceId;
        this.idBits = ThreadLocalRandom.current().nextLong();
        this.name = name;
        this.sampled = sampled;
        this.upstreamParent = upstreamParent;
        Entity holder = parent == null ? this : parent.root;
        boolean late = false;
        if (parent != null && sampled) {
            holder.lock();
            try {
                // A closed entity's subtree is final (the emitter reads it without a lock): none joins it late.
                late = parent.endMicros >= 0;
                if (!late) {
                    if (parent.children == null) {
                        parent.children = new ArrayList<>();
                    }
                    parent.children.add(this);
                    holder.openEntities++;
                    holder.subsegments++;
                }
            } finally {
                holder.unlock();
            }
        }
        // Begun under an entity that had already ended: it holds its own subtree and is sent alone
        // (type subsegment, parent_id), as X-Ray takes subsegments of a segment already sent.
        this.root = late ? this : holder;
        if (root == this) {
            Instant now = tracer.clock().instant();
            this.startMicros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
            this.startNanos = System.nanoTime();
            openEntities = sampled ? 1 : 0;
        } else {
            this.startMicros = tracer.nowMicros(root);
            this.startNanos = 0;
        }
    }

    /**
     * Takes the segment's lock (called on the root). A spin lock rather than a monitor: it is held
     * for a few field writes and almost never contended, and taking it is one atomic instruction
     * where a monitor's enter and exit are two.
     */
    void lock() {
        int spins = 0;
        while (!LOCK.compareAndSet(this, 0, 1)) {
            if (++spins < 100) {
                Thread.onSpinWait();
            } else {
                Thread.yield(); // the holder lost its core: let it finish
            }
        }
    }

    void unlock() {
        LOCK.setRelease(this, 0);
    }

    /** What few entities carry; each map or list made on first use. */
    static final class Details {
        String namespace;
        String user;
        String serviceVersion;
        String origin;
        Map<String, Map<String, Object>> metadata;
        Map<String, Object> httpRequest;
        Map<String, Object> sql;
        Map<String, Object> aws;
        int status = -1;
        long contentLength = -1;
        List<Throwable> exceptions;
        List<String> precursorIds;
    }

    private Details details() {
        Details made = details;
        if (made == null) {
            made = new Details();
            details = made;
        }
        return made;
    }

    /** Whether this entity calls a remote service ({@code namespace: remote}): its exceptions are errors, not faults. */
    private boolean remote() {
        return details != null && "remote".equals(details.namespace);
    }

    /** Makes this the current entity of the creating thread until it is closed there. */
    Entity makeCurrent() {
        scope = Context.makeCurrentWithTrace(TraceEngine.CURRENT, this);
        return this;
    }

    /** Details are kept only when the trace is sampled; outcome flags always (segment metrics count them). */
    boolean writable() {
        return sampled && endMicros < 0;
    }

    private boolean open() {
        return endMicros < 0;
    }

    @Override
    public String traceId() {
        return traceId;
    }

    @Override
    public String id() {
        // A race makes the same string twice, which is harmless: strings are immutable.
        String formatted = id;
        if (formatted == null) {
            formatted = Ids.entityId(idBits);
            id = formatted;
        }
        return formatted;
    }

    @Override
    public String segmentId() {
        return id();
    }

    @Override
    public boolean sampled() {
        return sampled;
    }

    @Override
    public Entity putAnnotation(String key, Object value) {
        boolean validValue = value instanceof String || value instanceof Number || value instanceof Boolean;
        if (!validAnnotationKey(key) || !validValue) {
            tracer.invalid();
            return this;
        }
        if (writable()) {
            putPair(key, value);
        }
        return this;
    }

    private void putPair(String key, Object value) {
        for (int i = 0; i < annotationCount * 2; i += 2) {
            if (annotations[i].equals(key)) {
                annotations[i + 1] = value;
                return;
            }
        }
        if (annotations == null) {
            annotations = new Object[8];
        } else if (annotationCount * 2 == annotations.length) {
            annotations = java.util.Arrays.copyOf(annotations, annotations.length * 2);
        }
        annotations[annotationCount * 2] = key;
        annotations[annotationCount * 2 + 1] = value;
        annotationCount++;
    }

    /**
     * Keys found valid, by hash: most keys are a few literals, checked once each rather than per
     * annotation. Racy by design: a slot read stale only means checking a key again.
     */
    private static final String[] VALID_KEYS = new String[256];

    /** X-Ray's rule for annotation keys: {@code ^[a-zA-Z0-9_]{1,500}$}. */
    static boolean validAnnotationKey(String key) {
        if (key == null) {
            return false;
        }
        int slot = key.hashCode() & (VALID_KEYS.length - 1);
        if (VALID_KEYS[slot] == key) {
            return true;
        }
        if (key.isEmpty() || key.length() > 500) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_')) {
                return false;
            }
        }
        VALID_KEYS[slot] = key;
        return true;
    }

    @Override
    public Entity putMetadata(String namespace, String key, Object value) {
        if (writable() && key != null) {
            Details d = details();
            if (d.metadata == null) {
                d.metadata = new LinkedHashMap<>();
            }
            d.metadata.computeIfAbsent(namespace == null ? "default" : namespace, n -> new LinkedHashMap<>()).put(key, value);
        }
        return this;
    }

    @Override
    public Entity putHttpRequest(String key, Object value) {
        if (writable() && key != null) {
            Details d = details();
            d.httpRequest = put(d.httpRequest, key, value);
        }
        return this;
    }

    /** Puts into {@code map}, made on first use; returns the map to keep. */
    private static Map<String, Object> put(Map<String, Object> map, String key, Object value) {
        Map<String, Object> kept = map != null ? map : new LinkedHashMap<>();
        kept.put(key, value);
        return kept;
    }

    @Override
    public Entity setHttpResponse(int status, long contentLength) {
        if (open()) {
            details().status = status;
            details().contentLength = contentLength;
            // As the X-Ray SDKs flag them: 4xx an error, 429 also a throttle, 5xx a fault.
            if (status >= 400 && status < 500) {
                error = true;
                throttle |= status == 429;
            } else if (status >= 500) {
                fault = true;
            }
        }
        return this;
    }

    @Override
    public Entity addException(Throwable throwable) {
        if (open() && throwable != null) {
            if (sampled) {
                Details d = details();
                if (d.exceptions == null) {
                    d.exceptions = new ArrayList<>();
                }
                d.exceptions.add(throwable);
            }
            if (remote()) {
                error = true;
            } else {
                fault = true;
            }
        }
        return this;
    }

    @Override
    public Entity setError(boolean error) {
        if (open()) {
            this.error = error;
        }
        return this;
    }

    @Override
    public Entity setFault(boolean fault) {
        if (open()) {
            this.fault = fault;
        }
        return this;
    }

    @Override
    public Entity setThrottle(boolean throttle) {
        if (open()) {
            this.throttle = throttle;
        }
        return this;
    }

    @Override
    public String traceHeader() {
        return new TraceHeader(traceId, id(), sampled, null, Map.of()).toString();
    }

    @Override
    public Entity setUser(String user) {
        if (writable()) {
            details().user = user;
        }
        return this;
    }

    @Override
    public Entity setServiceVersion(String version) {
        if (writable()) {
            details().serviceVersion = version;
        }
        return this;
    }

    @Override
    public Entity setOrigin(String origin) {
        if (writable()) {
            details().origin = origin;
        }
        return this;
    }

    @Override
    public Entity setNamespace(String namespace) {
        if (open() && ("remote".equals(namespace) || "aws".equals(namespace))) {
            details().namespace = namespace;
        }
        return this;
    }

    @Override
    public Entity putSql(String key, String value) {
        if (writable() && key != null) {
            Details d = details();
            d.sql = put(d.sql, key, value);
        }
        return this;
    }

    @Override
    public Entity putAws(String key, Object value) {
        if (writable() && key != null) {
            Details d = details();
            d.aws = put(d.aws, key, value);
        }
        return this;
    }

    @Override
    public Entity addPrecursor(Subsegment sibling) {
        if (writable() && sibling instanceof Entity other && other.parent == parent && other != this) {
            Details d = details();
            if (d.precursorIds == null) {
                d.precursorIds = new ArrayList<>(2);
            }
            d.precursorIds.add(other.id());
        }
        return this;
    }

    @Override
    public void close() {
        long end = tracer.nowMicros(root);
        List<Entity> ready;
        // Under the segment's lock, so that no child joins this entity once it has ended.
        root.lock();
        try {
            if (endMicros >= 0) {
                return;
            }
            endMicros = Math.max(startMicros, end);
            ready = sampled ? tracer.ended(this) : List.of();
        } finally {
            root.unlock();
        }
        // The scope restores only the thread that opened it: closing elsewhere leaves that thread alone.
        if (scope != null) {
            scope.close();
        }
        tracer.finished(this, ready);
    }
}
