package dev.monitor.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monitor.api.metrics.Dimension;
import dev.monitor.api.metrics.Unit;
import dev.monitor.core.Monitor;
import dev.monitor.core.QuietMonitor;
import dev.monitor.core.alarms.AlarmState;
import dev.monitor.core.alarms.ComparisonOperator;
import dev.monitor.core.alarms.MetricAlarm;
import dev.monitor.core.export.StderrCapture;
import dev.monitor.core.metrics.MetricStatistics;
import dev.monitor.core.metrics.StatisticsQuery;
import dev.monitor.testing.ManualClock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What Micrometer-instrumented code records arrives in Monitor as CloudWatch-style statistics. */
class MonitorMeterRegistryTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(T0);
    private Monitor monitor;
    private MonitorMeterRegistry registry;

    @BeforeEach
    void start() {
        monitor = QuietMonitor.builder(dir, clock).build();
        registry = new MonitorMeterRegistry(monitor.metrics());
    }

    @AfterEach
    void stop() {
        registry.close();
        monitor.close();
    }

    @Test
    void countersArriveAsPerPeriodSumsWithTagsAsDimensions() {
        Counter orders = registry.counter("orders.placed", "region", "eu");
        orders.increment();
        orders.increment(2.5);

        MetricStatistics.Point point = onePeriod("orders.placed", List.of(new Dimension("region", "eu")));
        assertEquals(3.5, point.statistics().get("Sum"));
        assertEquals(3.5, orders.count(), "Micrometer's own view stays cumulative");
    }

    /** Spring Boot's request timer: CloudWatch-style percentiles come from Monitor's histogram. */
    @Test
    void timersGiveMonitorsPercentilesInMilliseconds() {
        Timer requests = Timer.builder("http.server.requests").tags("method", "GET", "uri", "/orders", "status", "200")
                .register(registry);
        for (int i = 1; i <= 1000; i++) {
            requests.record(i, TimeUnit.MILLISECONDS);
        }

        MetricStatistics.Point point = onePeriod("http.server.requests", List.of(new Dimension("method", "GET"),
                new Dimension("uri", "/orders"), new Dimension("status", "200")));
        assertEquals(1000.0, point.statistics().get("SampleCount"));
        assertEquals(500_500.0, point.statistics().get("Sum"), 1e-6);
        assertEquals(990.0, point.extendedStatistics().get("p99"), 990.0 / 256);
        assertEquals(Unit.MILLISECONDS, point.unit());
    }

    /** The point of the bridge: Spring Boot's request timer can page someone through Monitor's alarms. */
    @Test
    void anAlarmOnSpringBootsRequestTimerGoesToAlarm() {
        monitor.alarms().putMetricAlarm(MetricAlarm.builder("SlowOrders")
                .metric("Shop", "http.server.requests").dimension("uri", "/orders")
                .extendedStatistic("p99").period(60).evaluationPeriods(1)
                .threshold(500).comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD).build());
        Timer requests = Timer.builder("http.server.requests").tags("uri", "/orders").register(registry);
        for (int i = 0; i < 100; i++) {
            requests.record(Duration.ofMillis(900));
        }
        onePeriod("http.server.requests", List.of(new Dimension("uri", "/orders")));
        clock.advance(Duration.ofSeconds(10));
        assertTrue(monitor.flush(Duration.ofSeconds(5)));
        assertEquals(AlarmState.ALARM, monitor.alarms().describe("SlowOrders").orElseThrow().state());
    }

    @Test
    void distributionSummariesArriveScaledWithTheirBaseUnit() {
        DistributionSummary sizes = DistributionSummary.builder("response.size").baseUnit("bytes").scale(2)
                .register(registry);
        sizes.record(100);
        sizes.record(300);

        MetricStatistics.Point point = onePeriod("response.size", List.of());
        assertEquals(800.0, point.statistics().get("Sum"));
        assertEquals(600.0, point.statistics().get("Maximum"), 600.0 / 256);
        assertEquals(Unit.BYTES, point.unit());
    }

    @Test
    void gaugesFunctionCountersAndLongTaskTimersAreReadOncePerPeriod() {
        AtomicLong queue = new AtomicLong(7);
        Gauge.builder("queue.depth", queue, AtomicLong::get).register(registry);
        AtomicLong evictions = new AtomicLong(10);
        FunctionCounter.builder("cache.evictions", evictions, AtomicLong::get).register(registry);
        LongTaskTimer jobs = LongTaskTimer.builder("batch.jobs").register(registry);
        jobs.start();
        jobs.start();

        clock.advance(Duration.ofMinutes(1));
        assertTrue(monitor.flush(Duration.ofSeconds(5)));
        evictions.set(25);
        queue.set(3);
        Instant secondStart = clock.instant();
        clock.advance(Duration.ofMinutes(1));
        assertTrue(monitor.flush(Duration.ofSeconds(5)));

        assertEquals(3.0, statistics("queue.depth", List.of(), secondStart).statistics().get("Maximum"));
        assertEquals(15.0, statistics("cache.evictions", List.of(), secondStart).statistics().get("Sum"),
                "a function counter reports what its total grew by in the period");
        assertEquals(2.0, statistics("batch.jobs.active", List.of(), secondStart).statistics().get("Maximum"));
    }

    @Test
    void aRemovedGaugeIsNoLongerReported() {
        AtomicLong value = new AtomicLong(4);
        Gauge gauge = Gauge.builder("pool.size", value, AtomicLong::get).register(registry);
        clock.advance(Duration.ofMinutes(1));
        assertTrue(monitor.flush(Duration.ofSeconds(5)));
        registry.remove(gauge);
        Instant secondStart = clock.instant();
        clock.advance(Duration.ofMinutes(1));
        assertTrue(monitor.flush(Duration.ofSeconds(5)));

        assertEquals(1, query("pool.size", List.of(), T0, secondStart).datapoints().size());
        assertEquals(0, query("pool.size", List.of(), secondStart, clock.instant()).datapoints().size());
    }

    /** A binder Spring Boot registers: JVM memory by area and pool, with Micrometer's names kept. */
    @Test
    void micrometersJvmBindersFlowIntoMonitor() {
        new JvmMemoryMetrics().bindTo(registry);
        clock.advance(Duration.ofMinutes(1));
        assertTrue(monitor.flush(Duration.ofSeconds(5)));

        List<String> names = new ArrayList<>();
        monitor.recentMetrics().forEach(metric -> names.add(metric.metric().name()));
        assertTrue(names.contains("jvm.memory.used"), names.toString());
        assertTrue(names.contains("jvm.memory.max"), names.toString());
    }

    /**
     * A meter Monitor refuses still works for Micrometer's readers, and Monitor counts the refusal:
     * here the name is already Monitor's counter when Micrometer asks for a gauge under other tags.
     */
    @Test
    void aMeterMonitorRefusesStillWorksOnMicrometersSideAndIsCounted() {
        registry.counter("conflict", "k", "a").increment();
        AtomicLong value = new AtomicLong(9);
        try (StderrCapture stderr = new StderrCapture()) {
            Gauge gauge = Gauge.builder("conflict", value, AtomicLong::get).tag("k", "b").register(registry);
            assertEquals(9.0, gauge.value());
            assertTrue(stderr.text().contains("metric 'conflict' is already registered as a counter; it cannot also be a gauge"),
                    stderr.text());
        }

        clock.advance(Duration.ofMinutes(1));
        assertTrue(monitor.flush(Duration.ofSeconds(5)));
        MetricStatistics refused = monitor.getStatistics(new StatisticsQuery("Monitor", "InvalidLookups", List.of(),
                T0, clock.instant(), 60, List.of("Sum"), List.of()));
        assertEquals(1.0, refused.datapoints().get(0).statistics().get("Sum"));
    }

    @Test
    void blankTagValuesAreLeftOutAsMicrometersCloudWatchRegistryDoes() {
        registry.counter("logins", "user.type", " ", "outcome", "ok").increment();
        assertEquals(1.0, onePeriod("logins", List.of(new Dimension("outcome", "ok"))).statistics().get("Sum"));
    }

    private MetricStatistics.Point onePeriod(String name, List<Dimension> dimensions) {
        clock.advance(Duration.ofMinutes(1));
        assertTrue(monitor.flush(Duration.ofSeconds(5)));
        return statistics(name, dimensions, clock.instant().minusSeconds(60));
    }

    private MetricStatistics.Point statistics(String name, List<Dimension> dimensions, Instant start) {
        MetricStatistics answer = query(name, dimensions, start, start.plusSeconds(60));
        assertEquals(1, answer.datapoints().size(), name + ": " + answer);
        return answer.datapoints().get(0);
    }

    private MetricStatistics query(String name, List<Dimension> dimensions, Instant start, Instant end) {
        return monitor.getStatistics(new StatisticsQuery("Shop", name, dimensions, start, end, 60,
                List.of("SampleCount", "Sum", "Maximum"), List.of("p99")));
    }
}
