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
 * {@link Scope} restores when closed on the same thread (closed elsewhere, it does nothing).
 * The {@code wrap} methods carry the context that is current at submission into tasks run by
 * other threads, as the tracing module's context is carried.
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
    private static final Context ROOT = new Context(Map.of(), null, null, NO_VALUES);
    private static final ThreadLocal<Current> CURRENT = ThreadLocal.withInitial(Current::new);

    /**
     * A thread's current context in a field of its own: making one current is a field write, not
     * a thread-local map update. Padded on both sides (a superclass's fields are laid out first):
     * the holders of two threads, copied next to each other by the garbage collector, must not
     * share a cache line, written as they are twice per traced call. Unpadded, two threads'
     * subsegments took 139 to 249 ns from one JVM to the next, by where the holders landed.
     */
    private static final class Current extends CurrentFields {
        @SuppressWarnings("unused")
        private long p1, p2, p3, p4, p5, p6, p7;
    }

    private static class CurrentFields extends CurrentPadding {
        final Thread thread = Thread.currentThread();
        Context context = ROOT;
    }

    private static class CurrentPadding {
        @SuppressWarnings("unused")
        private long p1, p2, p3, p4, p5, p6, p7;
    }

    /** Restores the context that was current, on the thread that made this one current. */
    private static final class Restore implements Scope {
        private final Current current;
        private final Context previous;
        private boolean closed;

        Restore(Current current, Context previous) {
            this.current = current;
            this.previous = previous;
        }

        @Override
        public void close() {
            // Another thread's close leaves both threads alone: it cannot know what the opener is doing.
            if (!closed && Thread.currentThread() == current.thread) {
                closed = true;
                current.context = previous;
            }
        }
    }

    private final Map<String, String> fields;
    /** The current trace's ids, or null outside a trace. */
    private final TraceIds trace;
    /** The slot that holds {@link #trace} itself (a tracer's current entity), kept out of {@link #values}; or null. */
    private final Key<?> traceKey;
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

    private Context(Map<String, String> fields, TraceIds trace, Key<?> traceKey, Object[] values) {
        this.fields = fields;
        this.trace = trace;
        this.traceKey = traceKey;
        this.values = values;
    }

    /** The empty context. */
    public static Context root() {
        return ROOT;
    }

    /** The context of the current thread; the root context when none was made current. */
    public static Context current() {
        return CURRENT.get().context;
    }

    /** This context with one more key-value (replacing a value under the same key). */
    public Context with(String key, String value) {
        Map<String, String> copy = new LinkedHashMap<>(fields);
        copy.put(Objects.requireNonNull(key, "key"), String.valueOf(value));
        return new Context(Collections.unmodifiableMap(copy), trace, traceKey, values);
    }

    /** This context inside a trace: the tracing module calls this; log events then carry the ids. */
    public Context withTrace(String traceId, String segmentId) {
        // The slot that held the trace keeps its value as an ordinary slot.
        Object[] slots = traceKey == null ? values : slots(traceKey, trace);
        return new Context(fields, traceId == null ? null : new FixedIds(traceId, segmentId), null, slots);
    }

    /** This context with {@code value} in the slot {@code key} (null empties it). */
    public <T> Context with(Key<T> key, T value) {
        if (key == traceKey) { // the slot leaves the trace: the ids stay, the value is an ordinary slot's
            return new Context(fields, trace, null, slots(key, value));
        }
        Object[] slots = slots(key, value);
        return slots == values ? this : new Context(fields, trace, traceKey, slots);
    }

    /**
     * This context inside the trace of {@code entity}, which is also put in the slot {@code key},
     * in one step: what a tracer makes current for each entity it begins.
     */
    public <T extends TraceIds> Context withTrace(Key<T> key, T entity) {
        // The entity is the trace's ids and the slot's value at once: no slot array to copy per entity.
        return new Context(fields, Objects.requireNonNull(entity, "entity"), key, slots(key, null));
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
        if (key == traceKey) {
            return (T) trace;
        }
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
        Current current = CURRENT.get();
        Context previous = current.context;
        current.context = this;
        return new Restore(current, previous);
    }

    /**
     * {@code current().withTrace(key, entity).makeCurrent()} in one step, reading the thread's
     * current context once: what a tracer does for each entity it begins.
     */
    public static <T extends TraceIds> Scope makeCurrentWithTrace(Key<T> key, T entity) {
        Current current = CURRENT.get();
        Context previous = current.context;
        current.context = previous.withTrace(key, entity);
        return new Restore(current, previous);
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
