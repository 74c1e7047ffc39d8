package dev.monitor.benchmarks;

import dev.monitor.api.events.PutEventsEntry;
import dev.monitor.api.events.PutEventsResult;
import dev.monitor.core.Monitor;
import dev.monitor.core.events.EventSettings;
import dev.monitor.core.events.Rule;
import dev.monitor.core.events.Target;
import dev.monitor.core.metrics.BuiltinMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What {@code putEvents} costs the application's thread: checking one entry, giving it an id and
 * offering it to the bus's queue, beside a log call's cost (run with {@code LogBenchmarks.monitorCall}).
 * The bus's dispatch thread (envelope, pattern match, delivery to a handler) is slower than a put, so
 * in a tight loop the queue fills and some puts are answered {@code ThrottlingException}: the
 * {@code accepted} and {@code throttled} counters say how many took each path, so the time per put
 * is read with its mix. Each iteration also prints the putting thread's CPU time per put ({@link CpuTime}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PutEventsBenchmark {
    private static final PutEventsEntry ORDER = PutEventsEntry.of("shop.orders", "Order Placed",
            "{\"orderId\":\"o-1\",\"total\":1500,\"currency\":\"EUR\",\"items\":[{\"sku\":\"a-1\",\"quantity\":2}]}");

    private Monitor monitor;

    /** How the puts of one iteration were answered. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Answers {
        public long accepted;
        public long throttled;

        @Setup(Level.Iteration)
        public void reset() {
            accepted = 0;
            throttled = 0;
        }
    }

    /** The putting thread's own CPU time per put, printed per iteration as a {@code [cpu]} line: what a loaded machine does not inflate. */
    @State(Scope.Thread)
    public static class Cpu extends CpuTime {
    }

    @Setup
    public void setUp() throws IOException {
        Monitor.Builder builder = Monitor.builder().namespace("Bench").dataDir(Files.createTempDirectory("monitor-bench"));
        for (BuiltinMetrics.Group group : BuiltinMetrics.Group.values()) {
            builder.builtin(group, false);
        }
        monitor = builder.build();
        monitor.events().putRule(Rule.builder("big-orders")
                .eventPattern("{\"source\": [\"shop.orders\"], \"detail\": {\"total\": [{\"numeric\": [\">\", 1000]}]}}")
                .target(Target.handler("count", input -> { })).build());
    }

    @TearDown
    public void tearDown() {
        monitor.close();
    }

    /**
     * A bus whose dispatch thread is held by an observer and whose queue (of one) is full: every put
     * takes the refusal path, so its bytes are the refusal's alone.
     */
    @State(Scope.Benchmark)
    public static class Refusing {
        private final CountDownLatch release = new CountDownLatch(1);
        private Monitor monitor;

        @Setup
        public void setUp() throws IOException {
            Monitor.Builder builder = Monitor.builder().namespace("Bench").dataDir(Files.createTempDirectory("monitor-bench"))
                    .events(EventSettings.builder().queueCapacity(1).build());
            for (BuiltinMetrics.Group group : BuiltinMetrics.Group.values()) {
                builder.builtin(group, false);
            }
            monitor = builder.build();
            monitor.events().observe((bus, json) -> {
                boolean interrupted = false;
                while (release.getCount() > 0) {
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            });
            while (monitor.events().putEvents(ORDER).failedEntryCount() == 0) {
                Thread.onSpinWait(); // until the dispatcher holds one and the queue the next
            }
        }

        @TearDown
        public void tearDown() {
            release.countDown();
            monitor.close();
        }
    }

    /** A put the bus refuses (ThrottlingException): its check, and nothing made for the queue. */
    @Benchmark
    public PutEventsResult refusedEntry(Refusing refusing) {
        return refusing.monitor.events().putEvents(ORDER);
    }

    @Benchmark
    public PutEventsResult putOneEntry(Answers answers, Cpu cpu) {
        cpu.operations++;
        PutEventsResult result = monitor.events().putEvents(ORDER);
        if (result.failedEntryCount() == 0) {
            answers.accepted++;
        } else {
            answers.throttled++;
        }
        return result;
    }
}
