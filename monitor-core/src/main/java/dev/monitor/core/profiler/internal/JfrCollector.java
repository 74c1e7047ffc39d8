package dev.monitor.core.profiler.internal;

import dev.monitor.core.profiler.CollapsedProfile;
import dev.monitor.core.profiler.ProfileKind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedClass;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingStream;

/**
 * Streams JFR events of this JVM ({@link RecordingStream}: no agent, no native code) into per-kind stack tables: CPU
 * samples, allocation samples weighted by bytes, monitor enters and lock parks above the threshold weighted by
 * nanoseconds, {@code Thread.sleep} calls, native-method samples, and GC pauses. The profiler's own threads and JFR's
 * are left out. The handlers run on JFR's stream thread; everything else is called from the profiler's thread.
 */
final class JfrCollector implements AutoCloseable {
    static final String EXECUTION_SAMPLE = "jdk.ExecutionSample";
    static final String NATIVE_SAMPLE = "jdk.NativeMethodSample";
    static final String ALLOCATION_SAMPLE = "jdk.ObjectAllocationSample";
    static final int STACK_LIMIT = 20_000;
    private static final Duration HEARTBEAT = Duration.ofSeconds(1);
    /** The most stacks (and frames) remembered by identity between drains. */
    private static final int CACHE_LIMIT = 20_000;
    private static final Duration SLEEP_THRESHOLD = Duration.ofMillis(1);

    private final Map<ProfileKind, StackTable> tables = new EnumMap<>(ProfileKind.class);
    private final StackTable sleeps = new StackTable(STACK_LIMIT);
    private final StackTable natives = new StackTable(STACK_LIMIT);
    private final Duration lockThreshold;
    /** {@code jdk.ObjectAllocationSample}'s throttle ("150/s"), or null for no allocation samples. */
    private final String allocationThrottle;
    private final String ownThreadPrefix;
    /** Frame texts of the current interval, so that the tables share one string per frame. */
    private final Map<String, String> frameNames = new HashMap<>();
    /**
     * JFR's parser resolves a stack trace (and a method) once per chunk and hands every event of that chunk the same
     * object: remembering the frames by identity turns a repeated stack into one lookup instead of a walk that builds
     * a string per frame. Touched only by JFR's stream thread; bounded, and emptied at each drain.
     */
    private final Map<RecordedStackTrace, List<String>> stacks = new java.util.IdentityHashMap<>();
    private final Map<RecordedMethod, String> methods = new java.util.IdentityHashMap<>();
    private volatile boolean forget;
    private final Object gcLock = new Object();
    private long gcCount;
    private long gcPauseNanos;
    private long gcLongestPauseNanos;
    private volatile Instant lastEvent = Instant.EPOCH;
    /**
     * The latest event time of the segments JFR has finished handing over: the stream does not order events within a
     * segment, so only at a segment's end is every event before this time known to have been handled.
     */
    private volatile Instant flushed = Instant.EPOCH;
    private volatile Thread streamThread;
    private RecordingStream stream;
    private Duration period;
    private volatile AllocationWeights weights;

    /** @param allocationSamplesPerSecond the most allocation samples a second; 0 for none */
    JfrCollector(Duration samplingInterval, int allocationSamplesPerSecond, Duration lockThreshold, String ownThreadPrefix) {
        for (ProfileKind kind : ProfileKind.values()) {
            tables.put(kind, new StackTable(STACK_LIMIT));
        }
        this.period = samplingInterval;
        this.lockThreshold = lockThreshold;
        this.allocationThrottle = allocationSamplesPerSecond == 0 ? null : allocationSamplesPerSecond + "/s";
        this.ownThreadPrefix = ownThreadPrefix;
    }

    /** Starts the stream. @throws IllegalStateException when JFR is not available in this JVM */
    synchronized void start() {
        if (stream != null) {
            return;
        }
        weights = new AllocationWeights();
        RecordingStream rs = new RecordingStream();
        rs.setReuse(true);
        rs.setOrdered(false);
        rs.enable(EXECUTION_SAMPLE).withPeriod(period);
        rs.enable(NATIVE_SAMPLE).withPeriod(period);
        enableAllocationSamples(rs);
        rs.enable("jdk.JavaMonitorEnter").withThreshold(lockThreshold).withStackTrace();
        rs.enable("jdk.ThreadPark").withThreshold(lockThreshold).withStackTrace();
        rs.enable("jdk.ThreadSleep").withThreshold(SLEEP_THRESHOLD).withStackTrace();
        rs.enable("jdk.GarbageCollection");
        rs.enable("jdk.CPULoad").withPeriod(HEARTBEAT);
        rs.onEvent(EXECUTION_SAMPLE, e -> sample(ProfileKind.CPU, e, e.getThread("sampledThread"), 1, null));
        rs.onEvent(NATIVE_SAMPLE, e -> sample(null, e, e.getThread("sampledThread"), 1, null));
        rs.onEvent(ALLOCATION_SAMPLE, e -> {
            RecordedThread thread = e.getThread();
            long weight = e.getLong("weight");
            if (thread == null || weights.plausible(thread.getJavaThreadId(), weight)) {
                sample(ProfileKind.ALLOC, e, thread, weight, null);
            } else {
                noteEvent(e);
            }
        });
        rs.onEvent("jdk.JavaMonitorEnter", e -> {
            RecordedClass monitor = e.getClass("monitorClass");
            sample(ProfileKind.LOCK, e, e.getThread(), e.getDuration().toNanos(), "lock:" + (monitor == null ? "?" : monitor.getName()));
        });
        rs.onEvent("jdk.ThreadPark", e -> {
            RecordedClass parked = e.getClass("parkedClass");
            if (parked != null && isLock(parked.getName())) {
                sample(ProfileKind.LOCK, e, e.getThread(), e.getDuration().toNanos(), "lock:" + parked.getName());
            }
        });
        rs.onEvent("jdk.ThreadSleep", e -> {
            if (!excluded(e.getThread())) {
                sleeps.add(frames(e.getStackTrace(), null), 1);
            }
        });
        rs.onEvent("jdk.GarbageCollection", e -> {
            long pause = e.getDuration("sumOfPauses").toNanos();
            long longest = e.getDuration("longestPause").toNanos();
            synchronized (gcLock) {
                gcCount++;
                gcPauseNanos += pause;
                gcLongestPauseNanos = Math.max(gcLongestPauseNanos, longest);
            }
        });
        rs.onEvent("jdk.CPULoad", e -> noteEvent(e));
        rs.onFlush(() -> flushed = lastEvent);
        rs.startAsync();
        stream = rs;
    }

    /**
     * Parks of a lock's synchronizer count as contention; parks on a condition or a queue are threads waiting for work,
     * which is not contention.
     */
    static boolean isLock(String parkedClass) {
        return (parkedClass.endsWith("Sync") && !parkedClass.contains("CountDownLatch")) || parkedClass.endsWith("StampedLock");
    }

    private void sample(ProfileKind kind, RecordedEvent event, RecordedThread thread, long weight, String leaf) {
        noteEvent(event);
        if (excluded(thread)) {
            return;
        }
        List<String> frames = frames(event.getStackTrace(), leaf);
        if (kind == null) {
            natives.add(frames, weight);
        } else {
            tables.get(kind).add(frames, weight);
        }
    }

    private void noteEvent(RecordedEvent event) {
        if (streamThread == null) {
            streamThread = Thread.currentThread();
        }
        Instant end = event.getEndTime();
        if (end.isAfter(lastEvent)) {
            lastEvent = end;
        }
    }

    private boolean excluded(RecordedThread thread) {
        if (thread == null) {
            return false;
        }
        String name = thread.getJavaName();
        return name != null && (name.startsWith("JFR ") || name.startsWith(ownThreadPrefix));
    }

    /** The stack root first, as the collapsed format writes it; a truncated stack starts with {@code [truncated]}. */
    private List<String> frames(RecordedStackTrace trace, String leaf) {
        if (forget || stacks.size() > CACHE_LIMIT || methods.size() > CACHE_LIMIT) {
            forget = false;
            stacks.clear();
            methods.clear();
        }
        if (trace != null && leaf == null) {
            List<String> known = stacks.get(trace);
            if (known == null) {
                known = List.copyOf(walk(trace, null));
                stacks.put(trace, known);
            }
            return known;
        }
        return walk(trace, leaf);
    }

    private List<String> walk(RecordedStackTrace trace, String leaf) {
        List<String> frames = new ArrayList<>();
        if (trace != null) {
            List<RecordedFrame> recorded = trace.getFrames();
            if (trace.isTruncated()) {
                frames.add("[truncated]");
            }
            for (int i = recorded.size() - 1; i >= 0; i--) {
                frames.add(frameName(recorded.get(i).getMethod()));
            }
        }
        if (leaf != null) {
            frames.add(name(leaf));
        }
        if (frames.isEmpty()) {
            frames.add("[no stack]");
        }
        return frames;
    }

    private String frameName(RecordedMethod method) {
        if (method == null) {
            return "[unknown]";
        }
        String known = methods.get(method);
        if (known == null) {
            RecordedClass type = method.getType();
            known = name((type == null ? "?" : type.getName()) + "." + method.getName());
            methods.put(method, known);
        }
        return known;
    }

    /** One string per frame text, with what the collapsed format cannot hold replaced. */
    private String name(String text) {
        synchronized (frameNames) {
            String known = frameNames.get(text);
            if (known != null) {
                return known;
            }
            String clean = text.replace(';', ':').replace('\n', ' ').replace('\r', ' ');
            if (frameNames.size() < 100_000) {
                frameNames.put(text, clean);
            }
            return clean;
        }
    }

    StackTable table(ProfileKind kind) {
        return tables.get(kind);
    }

    /** The interval's stacks of {@code kind}, and a new interval begun. */
    CollapsedProfile drain(ProfileKind kind) {
        return tables.get(kind).drain();
    }

    CollapsedProfile drainSleeps() {
        return sleeps.drain();
    }

    CollapsedProfile drainNatives() {
        CollapsedProfile drained = natives.drain();
        synchronized (frameNames) {
            frameNames.clear(); // the last table of an interval drained: the next interval names its frames afresh
        }
        forget = true; // and JFR's thread forgets its stacks at its next event
        return drained;
    }

    /** Stacks folded since the last call, of every table, because a table was full. */
    long takeFolded() {
        long folded = sleeps.takeFolded() + natives.takeFolded();
        for (StackTable table : tables.values()) {
            folded += table.takeFolded();
        }
        return folded;
    }

    /** Allocation samples dropped since the last call because they weighed more than their thread allocated. */
    long takeImplausibleAllocations() {
        AllocationWeights current = weights;
        return current == null ? 0 : current.takeDropped();
    }

    /** {count, sum of pauses in ns, longest pause in ns} since the last call. */
    long[] takeGc() {
        synchronized (gcLock) {
            long[] gc = {gcCount, gcPauseNanos, gcLongestPauseNanos};
            gcCount = 0;
            gcPauseNanos = 0;
            gcLongestPauseNanos = 0;
            return gc;
        }
    }

    /** Samples less or more often. */
    synchronized void period(Duration period) {
        this.period = period;
        if (stream != null) {
            stream.enable(EXECUTION_SAMPLE).withPeriod(period);
            stream.enable(NATIVE_SAMPLE).withPeriod(period);
        }
    }

    /** Stops (true) or restarts (false) the sampling events; lock, sleep and GC events go on: they are rare and thresholded. */
    synchronized void paused(boolean paused) {
        if (stream == null) {
            return;
        }
        if (paused) {
            stream.disable(EXECUTION_SAMPLE);
            stream.disable(NATIVE_SAMPLE);
            stream.disable(ALLOCATION_SAMPLE);
        } else {
            stream.enable(EXECUTION_SAMPLE).withPeriod(period);
            stream.enable(NATIVE_SAMPLE).withPeriod(period);
            enableAllocationSamples(stream);
        }
    }

    private void enableAllocationSamples(RecordingStream rs) {
        if (allocationThrottle != null) {
            rs.enable(ALLOCATION_SAMPLE).with("throttle", allocationThrottle).withStackTrace();
        }
    }

    /**
     * Waits, at most {@code timeout}, until JFR delivered the events it recorded up to {@code time} (JFR hands the stream
     * its events about once a second); whether it did.
     */
    boolean awaitDelivered(Instant time, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (flushed.isBefore(time)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    /** JFR's thread that runs the handlers, once it ran one. */
    Thread streamThread() {
        return streamThread;
    }

    synchronized boolean started() {
        return stream != null;
    }

    @Override
    public synchronized void close() {
        if (stream != null) {
            stream.close();
            stream = null;
        }
    }
}
