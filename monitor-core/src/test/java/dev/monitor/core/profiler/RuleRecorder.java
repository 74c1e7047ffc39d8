package dev.monitor.core.profiler;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntConsumer;
import java.util.function.LongConsumer;

/**
 * Checks a recommendation rule on real JFR recordings: a small program that has the problem, and one doing the same work
 * well, each run on a thread of its own under a running profiler, then the interval ended and the rules run over the
 * program's own stacks (those naming the program's class; the test JVM's other threads would dilute the shares).
 * <p>
 * A verdict counts only on a recording thick enough: CPU samples of the program's stacks, twice the rules' minimum, or
 * for an allocation rule's problem, sampled bytes. On a loaded machine JFR takes far fewer samples than the interval
 * promises (a CI run saw 8 in 0.6 s of CPU, another none of a program's allocations, and once a program is compiled JFR
 * may fail to walk its stacks at all), so a thin recording is extended with another run of the program rather than judged,
 * the work done well as well: one longer profile of the same program, as a longer reporting interval would have been.
 */
public final class RuleRecorder {
    private static final long ENOUGH_CPU_SAMPLES = 40;
    private static final long ENOUGH_ALLOCATED_BYTES = 1 << 20;
    private static final int RECORDINGS = 6;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final Profiler profiler;
    private final String programClass;

    /** Records with {@code profiler} (started, with no CPU budget to keep) the stacks that name {@code programClass}. */
    public RuleRecorder(Profiler profiler, Class<?> programClass) {
        this.profiler = profiler;
        this.programClass = programClass.getName();
    }

    /** Settings for such a profiler: samples every 10 ms, no self-limit (the rules are under test, not the budget). */
    public static ProfilerSettings settings() {
        return ProfilerSettings.builder().samplingInterval(Duration.ofMillis(10)).cpuBudget(1).heapSummaryEvery(null).build();
    }

    /** One program's recordings: its own stacks per kind, and the rules over them. */
    public record Run(Map<ProfileKind, CollapsedProfile> own, List<Recommendation> found) {
        public Optional<Recommendation> rule(String id) {
            return found.stream().filter(r -> r.ruleId().equals(id)).findFirst();
        }

        @Override
        public String toString() {
            return found.stream().map(r -> r.ruleId() + " " + r.share()).toList() + "\nCPU (" + own.get(ProfileKind.CPU).total() + "):\n"
                    + own.get(ProfileKind.CPU).write() + "\nALLOC (" + own.get(ProfileKind.ALLOC).total() + "):\n" + own.get(ProfileKind.ALLOC).write();
        }
    }

    /**
     * The rule fires on the wasteful program, its top stack in {@code wastefulMethod} of the program's class, and not on
     * the same work done well. Each run of a program is given the CPU time that follows it, in nanoseconds.
     */
    public void check(String rule, String wastefulMethod, LongConsumer wasteful, long wastefulCpu, LongConsumer done, long doneCpu)
            throws InterruptedException {
        ProfileKind kind = Recommendations.rules().stream().filter(r -> r.id().equals(rule)).findFirst().orElseThrow().kind();
        Run bad = recordEnough(wastefulMethod, wasteful, wastefulCpu, kind);
        Recommendation found = bad.rule(rule).orElseThrow(() -> new AssertionError(rule + " not found in " + bad));
        assertTrue(found.matchingStacks().get(0).stack().contains(programClass + "." + wastefulMethod), found.toString());
        // the work done well may allocate nothing: it counts once the profiler has seen it run
        Run good = recordEnough(wastefulMethod + "-done-well", done, doneCpu, ProfileKind.CPU);
        assertFalse(good.rule(rule).isPresent(), rule + " found on the same work done well: " + good);
    }

    /** Records the program again until its recordings together hold enough samples of {@code kind}, then runs the rules. */
    public Run recordEnough(String name, LongConsumer program, long cpuNanos, ProfileKind kind) throws InterruptedException {
        Map<ProfileKind, CollapsedProfile> own = new EnumMap<>(ProfileKind.class);
        Duration recorded = Duration.ZERO;
        for (int attempt = 0; attempt < RECORDINGS; attempt++) {
            recorded = recorded.plus(record(name, () -> program.accept(cpuNanos), own));
            long cpu = own.get(ProfileKind.CPU).total();
            if (kind == ProfileKind.CPU ? cpu >= ENOUGH_CPU_SAMPLES : own.get(kind).total() >= ENOUGH_ALLOCATED_BYTES) {
                return new Run(own, Recommendations.analyze(new Recommendations.Input(own, CollapsedProfile.empty(), recorded), null));
            }
        }
        throw new AssertionError(name + " never held enough " + kind + " samples in " + RECORDINGS + " recordings: " + new Run(own, List.of()));
    }

    /**
     * Runs {@code step(i)} for i = 0, 1, ... until this thread has used {@code cpuNanos} of CPU, or {@code 4 x cpuNanos}
     * passed. The CPU clock is read every 5 ms only: JFR takes no CPU sample while the thread is in that native call.
     */
    public static void forCpu(long cpuNanos, IntConsumer step) {
        long cpuUntil = THREADS.getCurrentThreadCpuTime() + cpuNanos;
        long start = System.nanoTime();
        long wallUntil = start + 4 * cpuNanos;
        long nextCheck = start;
        for (int i = 0; ; i++) {
            step.accept(i);
            long now = System.nanoTime();
            if (now >= nextCheck) {
                if (now >= wallUntil || THREADS.getCurrentThreadCpuTime() >= cpuUntil) {
                    return;
                }
                nextCheck = now + 5_000_000;
            }
        }
    }

    /** Runs the program and ends the interval, adding the program's own stacks per kind; how long the interval was. */
    private Duration record(String name, Runnable program, Map<ProfileKind, CollapsedProfile> own) throws InterruptedException {
        // no interval ended first: whatever ran since the last one is other threads', left out below (each end waits for JFR)
        Thread thread = new Thread(program, name);
        thread.start();
        thread.join();
        Optional<Profiler.IntervalReport> ended = profiler.endInterval();
        if (ended.isEmpty()) {
            // intervals have the files' one-second resolution: a program that ran within one second ends at the next
            Thread.sleep(1010 - System.currentTimeMillis() % 1000);
            ended = profiler.endInterval();
        }
        Profiler.IntervalReport report = ended.orElseThrow();
        for (ProfileKind kind : ProfileKind.values()) {
            own.merge(kind, CollapsedProfile.of(report.profile(kind).stacks().stream()
                    .filter(s -> s.text().contains(programClass)).toList()), CollapsedProfile::merge);
        }
        return Duration.between(report.start(), report.end());
    }
}
