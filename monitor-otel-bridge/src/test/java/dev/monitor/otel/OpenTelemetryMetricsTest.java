package dev.monitor.otel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monitor.api.metrics.Dimension;
import dev.monitor.api.metrics.Unit;
import dev.monitor.api.trace.Tracer;
import dev.monitor.core.Monitor;
import dev.monitor.core.QuietMonitor;
import dev.monitor.core.metrics.MetricStatistics;
import dev.monitor.core.metrics.StatisticsQuery;
import dev.monitor.testing.ManualClock;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongUpDownCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.ObservableDoubleMeasurement;
import io.opentelemetry.api.metrics.ObservableLongMeasurement;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What code instrumented with OpenTelemetry's metrics API records arrives as Monitor's statistics. */
class OpenTelemetryMetricsTest {

    private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");
    private static final AttributeKey<String> ROUTE = AttributeKey.stringKey("http.route");

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(T0);
    private Monitor monitor;
    private Meter meter;

    @BeforeEach
    void start() {
        monitor = QuietMonitor.builder(dir, clock).cardinalityLimit(3_000).build();
        meter = MonitorOpenTelemetry.create(monitor.metrics(), Tracer.noop()).getMeter("io.example.shop");
    }

    @AfterEach
    void stop() {
        monitor.close();
    }

    @Test
    void countersSumPerPeriodWithAttributesAsDimensions() {
        LongCounter orders = meter.counterBuilder("orders.placed").setUnit("{order}").build();
        orders.add(2, Attributes.of(ROUTE, "/checkout"));
        orders.add(3, Attributes.of(ROUTE, "/checkout"));
        orders.add(7, Attributes.of(ROUTE, "/cart"));

        endPeriod();
        MetricStatistics.Point checkout = point("orders.placed", List.of(new Dimension("http.route", "/checkout")), T0);
        assertEquals(5.0, checkout.statistics().get("Sum"));
        assertEquals(Unit.COUNT, checkout.unit());
        assertEquals(7.0, point("orders.placed", List.of(new Dimension("http.route", "/cart")), T0).statistics().get("Sum"));
    }

    /** OpenTelemetry's HTTP duration histogram is in seconds; Monitor keeps it as a timer in milliseconds. */
    @Test
    void aHistogramInSecondsIsATimerWithPercentiles() {
        DoubleHistogram duration = meter.histogramBuilder("http.server.request.duration").setUnit("s").build();
        for (int i = 1; i <= 1000; i++) {
            duration.record(i / 1000.0, Attributes.of(ROUTE, "/orders"));
        }
        endPeriod();
        MetricStatistics.Point point = point("http.server.request.duration", List.of(new Dimension("http.route", "/orders")), T0);
        assertEquals(1000.0, point.statistics().get("SampleCount"));
        assertEquals(Unit.MILLISECONDS, point.unit());
        assertEquals(990.0, point.extendedStatistics().get("p99"), 990.0 / 256 + 1e-6);
    }

    @Test
    void aHistogramOfBytesIsADistribution() {
        meter.histogramBuilder("http.server.response.body.size").setUnit("By").ofLongs().build().record(512);
        endPeriod();
        MetricStatistics.Point point = point("http.server.response.body.size", List.of(), T0);
        assertEquals(Unit.BYTES, point.unit());
        assertEquals(512.0, point.statistics().get("Maximum"), 2.0);
    }

    @Test
    void anUpDownCounterIsAGaugeOfItsSumAndAGaugeReportsItsLastValue() {
        LongUpDownCounter active = meter.upDownCounterBuilder("http.server.active_requests").build();
        active.add(5);
        active.add(-2);
        meter.gaugeBuilder("queue.depth").build().set(11.5);
        endPeriod();
        assertEquals(3.0, point("http.server.active_requests", List.of(), T0).statistics().get("Maximum"));
        assertEquals(11.5, point("queue.depth", List.of(), T0).statistics().get("Maximum"));
    }

    @Test
    void observableInstrumentsAreReadOncePerPeriod() {
        AtomicLong collections = new AtomicLong(100);
        AtomicLong callbacks = new AtomicLong();
        meter.counterBuilder("gc.collections").buildWithCallback((ObservableLongMeasurement m) -> {
            callbacks.incrementAndGet();
            m.record(collections.get(), Attributes.of(AttributeKey.stringKey("gc"), "young"));
        });
        meter.gaugeBuilder("pool.usage").buildWithCallback((ObservableDoubleMeasurement m) -> {
            m.record(0.25, Attributes.of(AttributeKey.stringKey("pool"), "eden"));
            m.record(0.75, Attributes.of(AttributeKey.stringKey("pool"), "old"));
        });
        endPeriod();
        collections.set(130);
        Instant second = clock.instant();
        endPeriod();

        assertEquals(30.0, point("gc.collections", List.of(new Dimension("gc", "young")), second).statistics().get("Sum"),
                "an observable counter reports what its total grew by");
        assertEquals(0.75, point("pool.usage", List.of(new Dimension("pool", "old")), second).statistics().get("Maximum"));
        assertEquals(2, callbacks.get(), "the callback ran once per collection, not once per series");
    }

    @Test
    void aBatchCallbackReportsEachOfItsInstruments() {
        ObservableLongMeasurement threads = meter.upDownCounterBuilder("jvm.thread.count").buildObserver();
        ObservableDoubleMeasurement cpu = meter.gaugeBuilder("jvm.cpu.recent_utilization").buildObserver();
        meter.batchCallback(() -> {
            threads.record(42);
            cpu.record(0.5);
        }, threads, cpu);
        endPeriod();
        endPeriod();
        Instant second = clock.instant().minusSeconds(60);
        assertEquals(42.0, point("jvm.thread.count", List.of(), second).statistics().get("Maximum"));
        assertEquals(0.5, point("jvm.cpu.recent_utilization", List.of(), second).statistics().get("Maximum"));
    }

    /** As the OpenTelemetry SDK's cardinality limit: past it, new attribute sets fold into one overflow set. */
    @Test
    void attributeSetsPastTheLimitFoldIntoTheOverflowSet() {
        LongCounter requests = meter.counterBuilder("requests").build();
        for (int i = 0; i < Series.MAX_ATTRIBUTE_SETS + 10; i++) {
            requests.add(1, Attributes.of(AttributeKey.stringKey("user"), "u" + i));
        }
        endPeriod();
        assertEquals(10.0, point("requests", List.of(new Dimension("otel.metric.overflow", "true")), T0)
                .statistics().get("Sum"));
    }

    private void endPeriod() {
        clock.advance(Duration.ofMinutes(1));
        assertTrue(monitor.flush(Duration.ofSeconds(5)));
    }

    private MetricStatistics.Point point(String name, List<Dimension> dimensions, Instant start) {
        MetricStatistics answer = monitor.getStatistics(new StatisticsQuery("Shop", name, dimensions, start,
                start.plusSeconds(60), 60, List.of("SampleCount", "Sum", "Maximum"), List.of("p99")));
        assertEquals(1, answer.datapoints().size(), name + " " + dimensions + ": " + answer);
        return answer.datapoints().get(0);
    }
}
