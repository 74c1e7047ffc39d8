package dev.monitor.api.context;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What follows the work of one request from thread to thread: key-values that every log event
 * written inside it carries (an order id, a tenant), and the ids of the trace it belongs to.
 * Immutable; the current one lives in a thread-local that {@link #makeCurrent()} sets and its
 * {@link Scope} always restores. The {@code wrap} methods carry the context that is current at
 * submission into tasks run by other threads, as the tracing module's context is carried.
 *
 * <pre>{@code
 * try (Scope scope = Context.current().with("orderId", id).makeCurrent()) {
 *     log.info("placed");                       // carries orderId=...
 *     pool.submit(Context.current().wrap(() -> log.info("charged")));   // so does this
 * }
 * }</pre>
 */
public final class Context {
    private static final Object[] NO_VALUES = {};
    private static final Context ROOT = new Context(Map.of(), null, NO_VALUES);
    private static final ThreadLocal<Context> CURRENT = new ThreadLocal<>();

    private final Map<String, String> fields;
    /** The current trace's ids, or null outside a trace. */
    private final TraceIds trace;
    /** Slots as key, value, key, value: a context holds one or two, and is copied on every change. */
    private final Object[] values;

    /** A typed slot for a capability's own state, such as the tracer's current segment. */
    public static final class Key<T> {
        private final String name;

        public Key(String name) {
            this.name = Objects.requireNonNull(name, "name");
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /**
     * The ids of the trace a context is in, read only when asked: a tracer's entity can format
     * its id when a log event or a document needs it rather than when it begins.
     */
    public interface TraceIds {
        String traceId();

        String segmentId();
    }

    private record FixedIds(String traceId, String segmentId) implements TraceIds {
    }

    private Context(Map<String, String> fields, TraceIds trace, Object[] values) {
        this.fields = fields;
        this.trace = trace;
        this.values = values;
    }

    /** The empty context. */
    public static Context root() {
        return ROOT;
    }

    /** The context of the current thread; the root context when none was made current. */
    public static Context current() {
        Context context = CURRENT.get();
        return context == null ? ROOT : context;
    }

    /** This context with one more key-value (replacing a value under the same key). */
    public Context with(String key, String value) {
        Map<String, String> copy = new LinkedHashMap<>(fields);
        copy.put(Objects.requireNonNull(key, "key"), String.valueOf(value));
        return new Context(Collections.unmodifiableMap(copy), trace, values);
    }

    /** This context inside a trace: the tracing module calls this; log events then carry the ids. */
    public Context withTrace(String traceId, String segmentId) {
        return new Context(fields, traceId == null ? null : new FixedIds(traceId, segmentId), values);
    }

    /** This context with {@code value} in the slot {@code key} (null empties it). */
    public <T> Context with(Key<T> key, T value) {
        Object[] slots = slots(key, value);
        return slots == values ? this : new Context(fields, trace, slots);
    }

    /**
     * This context inside the trace of {@code entity}, which is also put in the slot {@code key},
     * in one step: what a tracer makes current for each entity it begins.
     */
    public <T extends TraceIds> Context withTrace(Key<T> key, T entity) {
        return new Context(fields, Objects.requireNonNull(entity, "entity"), slots(key, entity));
    }

    /** The slots with {@code key} set to {@code value} (or removed for null); the same array when nothing changes. */
    private Object[] slots(Key<?> key, Object value) {
        Objects.requireNonNull(key, "key");
        int at = indexOf(key);
        if (at >= 0 && value == null) {
            Object[] copy = new Object[values.length - 2];
            System.arraycopy(values, 0, copy, 0, at);
            System.arraycopy(values, at + 2, copy, at, values.length - at - 2);
            return copy;
        } else if (at >= 0) {
            Object[] copy = values.clone();
            copy[at + 1] = value;
            return copy;
        } else if (value == null) {
            return values;
        }
        Object[] copy = java.util.Arrays.copyOf(values, values.length + 2);
        copy[values.length] = key;
        copy[values.length + 1] = value;
        return copy;
    }

    /** The value in the slot {@code key}, or null. */
    @SuppressWarnings("unchecked")
    public <T> T get(Key<T> key) {
        int at = indexOf(key);
        return at < 0 ? null : (T) values[at + 1];
    }

    private int indexOf(Key<?> key) {
        for (int i = 0; i < values.length; i += 2) {
            if (values[i] == key) {
                return i;
            }
        }
        return -1;
    }

    /** The key-values, in the order they were added. */
    public Map<String, String> fields() {
        return fields;
    }

    /** The current trace id, such as {@code 1-5759e988-bd862e3fe1be46a994272793}, or null outside a trace. */
    public String traceId() {
        return trace == null ? null : trace.traceId();
    }

    /** The current segment (or subsegment) id, or null outside a trace. */
    public String segmentId() {
        return trace == null ? null : trace.segmentId();
    }

    /** Makes this the current thread's context until the returned scope is closed. */
    public Scope makeCurrent() {
        Context previous = CURRENT.get();
        CURRENT.set(this);
        return new Scope() {
            private boolean closed;

            @Override
            public void close() {
                if (!closed) {
                    closed = true;
                    CURRENT.set(previous);
                }
            }
        };
    }

    /** {@code task}, run inside this context on whichever thread runs it. */
    public Runnable wrap(Runnable task) {
        Objects.requireNonNull(task, "task");
        return () -> {
            try (Scope ignored = makeCurrent()) {
                task.run();
            }
        };
    }

    /** {@code task}, called inside this context on whichever thread calls it. */
    public <T> Callable<T> wrap(Callable<T> task) {
        Objects.requireNonNull(task, "task");
        return () -> {
            try (Scope ignored = makeCurrent()) {
                return task.call();
            }
        };
    }

    /** An executor that runs each task in the context current when it was submitted. */
    public static Executor wrap(Executor executor) {
        Objects.requireNonNull(executor, "executor");
        return task -> executor.execute(current().wrap(task));
    }

    /** An executor service that runs each task in the context current when it was submitted. */
    public static ExecutorService wrap(ExecutorService executor) {
        return new ContextExecutorService(Objects.requireNonNull(executor, "executor"));
    }

    /** A scheduled executor service that runs each task in the context current when it was scheduled. */
    public static ScheduledExecutorService wrap(ScheduledExecutorService executor) {
        return new ContextScheduledExecutorService(Objects.requireNonNull(executor, "executor"));
    }

    @Override
    public String toString() {
        return "Context" + fields + (trace == null ? "" : "[trace " + trace.traceId() + "/" + trace.segmentId() + "]");
    }
}
