package dev.monitor.xray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.monitor.api.metrics.Dimension;
import dev.monitor.api.trace.Segment;
import dev.monitor.api.trace.Subsegment;
import dev.monitor.core.config.ConfigException;
import dev.monitor.testing.ManualClock;
import dev.monitor.core.Monitor;
import dev.monitor.core.logs.QueryEngine;
import dev.monitor.core.metrics.MetricStatistics;
import dev.monitor.core.metrics.StatisticsQuery;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tracer as a monitor makes it from its configuration: files, the daemon, metrics and logs. */
class MonitorTracingTest {
    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    @TempDir
    Path dir;

    @Test
    void theConfiguredTracerWritesFilesSendsDatagramsMeasuresSegmentsAndLabelsLogs() throws Exception {
        Path rules = Files.writeString(dir.resolve("sampling.json"), "{\"version\": 2, \"default\": {\"fixed_target\": 100, \"rate\": 1}}");
        try (DatagramSocket daemon = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            daemon.setSoTimeout(3000);
            Path config = Files.writeString(dir.resolve("monitor.yaml"), """
                    namespace: Shop
                    dataDir: %s
                    metrics:
                      builtin: {memory: false, gc: false, threads: false, classes: false, process: false, system: false}
                    traces:
                      daemonAddress: "tcp:127.0.0.1:1 udp:127.0.0.1:%d"
                      samplingRules: %s
                      missingContext: throw
                    """.formatted(dir.resolve("data"), daemon.getLocalPort(), rules));
            ManualClock clock = new ManualClock(T0);
            String traceId;
            try (Monitor monitor = Monitor.builder().config(config).clock(clock).tickEvery(Duration.ZERO).build()) {
                XRayTracer tracer = assertInstanceOf(XRayTracer.class, monitor.tracer(), "monitor-xray on the classpath is the tracer");
                try (Segment segment = tracer.beginSegment("orders")) {
                    traceId = segment.traceId();
                    try (Subsegment db = tracer.beginSubsegment("db")) {
                        monitor.logs().logger("shop").info("inside the trace");
                        clock.advance(Duration.ofMillis(40));
                    }
                }
                for (int status : new int[] {200, 503, 429}) {
                    try (Segment segment = tracer.beginSegment("orders")) {
                        clock.advance(Duration.ofMillis(10));
                        segment.setHttpResponse(status, 0);
                    }
                }
                assertThrows(IllegalStateException.class, () -> tracer.beginSubsegment("orphan"), "missingContext: throw");
                clock.advance(Duration.ofMinutes(1));
                monitor.flush(Duration.ofSeconds(10));
                StatisticsQuery latency = new StatisticsQuery("Shop", "SegmentLatency", List.of(new Dimension("Service", "orders")),
                        T0, T0.plusSeconds(60), 60, List.of("SampleCount", "Maximum"), List.of());
                Map<String, Double> statistics = monitor.getStatistics(latency).datapoints().get(0).statistics();
                assertEquals(4.0, statistics.get("SampleCount"));
                assertEquals(40.0, statistics.get("Maximum"), 0.5, "milliseconds");
                assertEquals(1.0, sum(monitor, "SegmentFaults"));
                assertEquals(1.0, sum(monitor, "SegmentThrottles"));
                assertEquals(1.0, sum(monitor, "SegmentErrors"), "429 is an error too");
                assertTrue(monitor.logs().flush(Duration.ofSeconds(5)));
                var rows = QueryEngine.run("fields traceId, @message | filter @message like /inside the trace/",
                        dir.resolve("data/logs"), List.of(monitor.logs().defaultGroup()), T0, T0.plusSeconds(3600)).rows();
                assertEquals(traceId, rows.get(0).get("traceId"), "a log event inside a segment carries its trace id");
                assertTrue(tracer.flush(Duration.ofSeconds(5)));
            }
            byte[] buffer = new byte[65_536];
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            daemon.receive(packet);
            String datagram = new String(buffer, 0, packet.getLength(), StandardCharsets.UTF_8);
            assertTrue(datagram.startsWith("{\"format\": \"json\", \"version\": 1}\n{\"name\":\"orders\""), datagram);
            TraceIndex files = TraceIndex.read(dir.resolve("data/traces"));
            JsonNode summaries = files.traceSummariesTree("fault", T0, T0.plusSeconds(60)).get("TraceSummaries");
            assertEquals(1, summaries.size(), "the segment files hold every segment");
            assertEquals(4, files.traceSummariesTree("", T0, T0.plusSeconds(60)).get("TracesProcessedCount").asInt());
        }
    }

    private static double sum(Monitor monitor, String metric) {
        MetricStatistics answer = monitor.getStatistics(new StatisticsQuery("Shop", metric,
                List.of(new Dimension("Service", "orders")), T0, T0.plusSeconds(60), 60, List.of("Sum"), List.of()));
        return answer.datapoints().get(0).statistics().get("Sum");
    }

    @Test
    void badTraceSettingsAreReportedWithTheirPaths() throws Exception {
        Path config = Files.writeString(dir.resolve("bad.yaml"), """
                traces:
                  daemonAddress: nowhere
                  samplingRules: %s
                  missingContext: sometimes
                  streamingThreshold: 0
                  queueCapacity: 0
                  emitterShare: 2
                  colour: blue
                """.formatted(dir.resolve("missing.json")));
        String message = assertThrows(ConfigException.class, () -> Monitor.builder().config(config).dataDir(dir).build()).getMessage();
        assertTrue(message.contains("traces.daemonAddress: ") && message.contains("'nowhere'"), message);
        assertTrue(message.contains("traces.samplingRules: '" + dir.resolve("missing.json") + "' cannot be read"), message);
        assertTrue(message.contains("traces.missingContext: "), message);
        assertTrue(message.contains("traces.streamingThreshold: "), message);
        assertTrue(message.contains("traces.queueCapacity: 0 is out of range; allowed 1 to 1048576"), message);
        assertTrue(message.contains("traces.emitterShare: emitterShare 2.0 must be above 0 and at most 1"), message);
        assertTrue(message.contains("traces.colour"), message);
    }
}
