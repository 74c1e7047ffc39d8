package dev.monitor.core.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monitor.api.metrics.Metrics;
import dev.monitor.api.metrics.Resolution;
import dev.monitor.core.export.StderrCapture;
import dev.monitor.core.metrics.Datapoint;
import dev.monitor.core.metrics.internal.MetricRegistry;
import dev.monitor.testing.ManualClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class InternalErrorsTest {
    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    private final ManualClock clock = new ManualClock(T0);
    private final MetricRegistry registry = new MetricRegistry("Shop", clock, Resolution.STANDARD, 10);
    private final InternalErrors errors = new InternalErrors(registry.forNamespace("Monitor"), InternalErrorsTest.class);

    @Test
    void countsEveryFailureByThreadAndLogsTheFirstOfEachThreadOnly() throws Exception {
        int threads = 4;
        int perThread = 500;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> started = new ArrayList<>();
        try (StderrCapture stderr = new StderrCapture()) {
            for (int t = 0; t < threads; t++) {
                String name = "worker-" + t;
                Thread thread = new Thread(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    for (int i = 0; i < perThread; i++) {
                        errors.report(name, new OutOfMemoryError("planted " + i), "{} caught {} and goes on", name,
                                new OutOfMemoryError("planted"));
                    }
                }, name);
                thread.start();
                started.add(thread);
            }
            start.countDown();
            for (Thread thread : started) {
                thread.join(10_000);
                assertFalse(thread.isAlive(), thread.getName() + " finished");
            }
            Map<String, Double> counted = counted();
            for (int t = 0; t < threads; t++) {
                assertEquals(perThread, counted.get("worker-" + t), counted.toString());
                String prefix = "worker-" + t + " caught java.lang.OutOfMemoryError: planted and goes on";
                assertEquals(1, stderr.text().lines().filter(line -> line.contains(prefix)).count(), stderr.text());
            }
        }
    }

    @Test
    void printsTheFailureInlineWhenAnArgumentIsItAndAsTheStackTraceOtherwise() {
        IllegalStateException inline = new IllegalStateException("inline one");
        IllegalStateException traced = new IllegalStateException("traced one");
        try (StderrCapture stderr = new StderrCapture()) {
            errors.report("a", inline, "thread {} threw {}", "a", inline);
            errors.report("b", traced, "thread b failed");
            String text = stderr.text();
            assertTrue(text.contains("thread a threw java.lang.IllegalStateException: inline one"), text);
            assertFalse(text.contains("\tat ") && text.indexOf("\tat ") < text.indexOf("thread b failed"), text);
            assertTrue(text.contains("thread b failed"), text);
            assertTrue(text.contains("java.lang.IllegalStateException: traced one"), text);
            assertTrue(text.substring(text.indexOf("traced one")).contains("\tat "), "the stack trace follows: " + text);
        }
    }

    @Test
    void aRegisteredThreadIsCountedFromZeroAndFailuresAddToIt() {
        errors.register("quiet");
        assertEquals(0.0, counted().getOrDefault("quiet", 0.0));
        try (StderrCapture stderr = new StderrCapture()) {
            errors.report("quiet", new Error("once"), "quiet failed");
            errors.report("quiet", new Error("twice"), "quiet failed");
            assertEquals(1, stderr.text().lines().filter(line -> line.contains("quiet failed")).count(), stderr.text());
        }
        assertEquals(2.0, counted().get("quiet"));
    }

    @Test
    void survivesALoggerThatThrowsAndStillCounts() {
        PrintStream original = System.err;
        System.setErr(new PrintStream(new ByteArrayOutputStream(), true) {
            @Override
            public void println(String line) {
                throw new OutOfMemoryError("the logger ran out of memory");
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                throw new OutOfMemoryError("the logger ran out of memory");
            }
        });
        try {
            assertDoesNotThrow(() -> errors.report("logless", new Error("first"), "logless failed"));
            assertDoesNotThrow(() -> errors.report("logless", new Error("second"), "logless failed"));
        } finally {
            System.setErr(original);
        }
        assertEquals(2.0, counted().get("logless"));
    }

    @Test
    void survivesMetricsThatThrowAndStillLogs() {
        Metrics broken = (Metrics) Proxy.newProxyInstance(Metrics.class.getClassLoader(), new Class<?>[] {Metrics.class},
                (proxy, method, arguments) -> {
                    throw new OutOfMemoryError("the registry ran out of memory");
                });
        InternalErrors uncounted = new InternalErrors(broken, InternalErrorsTest.class);
        try (StderrCapture stderr = new StderrCapture()) {
            assertDoesNotThrow(() -> uncounted.report("uncounted", new Error("lost"), "uncounted failed"));
            assertTrue(stderr.text().contains("uncounted failed"), stderr.text());
        }
    }

    /** InternalErrors sums by thread. */
    private Map<String, Double> counted() {
        Map<String, Double> sums = new TreeMap<>();
        for (Datapoint point : registry.collect(Resolution.STANDARD, clock.instant())) {
            if (point.metric().name().equals("InternalErrors")) {
                sums.merge(point.metric().dimensions().get(0).value(), point.sum(), Double::sum);
            }
        }
        return sums;
    }
}
