package dev.monitor.otlp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monitor.api.trace.Segment;
import dev.monitor.api.trace.Subsegment;
import dev.monitor.core.Await;
import dev.monitor.core.Monitor;
import dev.monitor.otlp.TraceIds;
import dev.monitor.testing.ManualClock;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.trace.v1.Span;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A monitor configured with {@code type: otlp} (found through ServiceLoader), recording metrics,
 * a log event inside a trace, and a segment with a subsegment (monitor-xray's tracer): everything
 * reaches the receiver, typed by the instrument each metric was registered as, the log event
 * carrying the trace's ids.
 */
class MonitorOtlpTest {
    private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");

    @TempDir
    Path dir;

    @Test
    void aConfiguredMonitorSendsItsMetricsLogsAndTracesOverOtlp() throws Exception {
        try (OtlpReceiver receiver = new OtlpReceiver();
             DatagramSocket daemon = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            Path rules = Files.writeString(dir.resolve("sampling.json"), "{\"version\": 2, \"default\": {\"fixed_target\": 100, \"rate\": 1}}");
            Path config = Files.writeString(dir.resolve("monitor.yaml"), """
                    namespace: Shop
                    dataDir: %s
                    metrics:
                      builtin: {memory: false, gc: false, threads: false, classes: false, process: false, system: false}
                    traces:
                      daemonAddress: "tcp:127.0.0.1:1 udp:127.0.0.1:%d"
                      samplingRules: %s
                    exporters:
                      - type: otlp
                        endpoint: %s
                        service-name: shop
                        temporality: delta
                    """.formatted(dir.resolve("data"), daemon.getLocalPort(), rules, receiver.url()));
            ManualClock clock = new ManualClock(T0);
            String traceId;
            String subsegmentId;
            try (Monitor monitor = Monitor.builder().config(config).clock(clock).tickEvery(Duration.ZERO).build()) {
                monitor.metrics().counter("Orders", "Service", "checkout").increment(3);
                monitor.metrics().gauge("QueueDepth").set(4);
                monitor.metrics().timer("Latency").record(12, TimeUnit.MILLISECONDS);
                try (Segment segment = monitor.tracer().beginSegment("orders")) {
                    traceId = segment.traceId();
                    try (Subsegment db = monitor.tracer().beginSubsegment("db")) {
                        subsegmentId = db.id();
                        monitor.logs().logger("shop.orders").info("order placed");
                        clock.advance(Duration.ofMillis(40));
                    }
                }
                clock.advance(Duration.ofMinutes(1));
                monitor.flush(Duration.ofSeconds(10));
                Await.until(Duration.ofSeconds(10), () -> !receiver.received("/v1/metrics").isEmpty()
                        && !receiver.received("/v1/logs").isEmpty() && !receiver.received("/v1/traces").isEmpty(),
                        () -> "requests to all three paths, not " + receiver.received().stream().map(OtlpReceiver.Received::path).toList());
            }
            List<Metric> metrics = new ArrayList<>();
            for (OtlpReceiver.Received request : receiver.received("/v1/metrics")) {
                for (ScopeMetrics scope : request.metrics().getResourceMetrics(0).getScopeMetricsList()) {
                    if (scope.getScope().getName().equals("Shop")) {
                        metrics.addAll(scope.getMetricsList());
                    }
                }
            }
            assertTrue(metrics.stream().anyMatch(m -> m.getName().equals("Orders") && m.hasSum() && m.getSum().getIsMonotonic()
                    && m.getSum().getDataPoints(0).getAsDouble() == 3.0), metrics::toString);
            assertTrue(metrics.stream().anyMatch(m -> m.getName().equals("QueueDepth") && m.hasGauge()), metrics::toString);
            assertTrue(metrics.stream().anyMatch(m -> m.getName().equals("Latency") && m.hasExponentialHistogram()
                    && m.getUnit().equals("ms") && m.getExponentialHistogram().getDataPoints(0).getCount() == 1), metrics::toString);

            String w3cTrace = TraceIds.toW3c(traceId);
            List<LogRecord> records = receiver.received("/v1/logs").stream()
                    .flatMap(r -> r.logs().getResourceLogs(0).getScopeLogsList().stream())
                    .filter(s -> s.getScope().getName().equals("shop.orders"))
                    .flatMap(s -> s.getLogRecordsList().stream()).toList();
            assertEquals(1, records.size());
            LogRecord record = records.get(0);
            assertEquals("order placed", record.getBody().getStringValue());
            assertEquals(9, record.getSeverityNumberValue(), "INFO");
            assertEquals("INFO", record.getSeverityText());
            assertEquals(w3cTrace, HexFormat.of().formatHex(record.getTraceId().toByteArray()));
            assertEquals(subsegmentId, HexFormat.of().formatHex(record.getSpanId().toByteArray()));

            List<Span> spans = receiver.received("/v1/traces").stream()
                    .flatMap(r -> r.traces().getResourceSpansList().stream())
                    .flatMap(r -> r.getScopeSpansList().stream()).flatMap(s -> s.getSpansList().stream()).toList();
            Span root = spans.stream().filter(s -> s.getName().equals("orders")).findFirst().orElseThrow(() -> new AssertionError(spans));
            Span db = spans.stream().filter(s -> s.getName().equals("db")).findFirst().orElseThrow(() -> new AssertionError(spans));
            assertEquals(w3cTrace, HexFormat.of().formatHex(root.getTraceId().toByteArray()));
            assertEquals(root.getSpanId(), db.getParentSpanId());
            assertEquals(40_000_000L, db.getEndTimeUnixNano() - db.getStartTimeUnixNano());
        }
    }
}
