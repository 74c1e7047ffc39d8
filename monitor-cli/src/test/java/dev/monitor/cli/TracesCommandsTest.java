package dev.monitor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monitor.api.trace.Segment;
import dev.monitor.api.trace.Subsegment;
import dev.monitor.api.trace.Tracer;
import dev.monitor.core.ManualClock;
import dev.monitor.core.Monitor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code monitor traces ...} over the segment files a monitor wrote. */
class TracesCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** Two services, one calling the other and a remote API, written by a real monitor. */
    private void writeTraces() throws Exception {
        Path config = Files.writeString(dir.resolve("monitor.yaml"), """
                dataDir: %s
                metrics:
                  builtin: {memory: false, gc: false, threads: false, classes: false, process: false, system: false}
                traces:
                  daemonAddress: "off"
                """.formatted(dir.resolve("data")));
        ManualClock clock = ManualClock.at("2026-11-22T10:00:00Z");
        try (Monitor monitor = Monitor.builder().config(config).clock(clock).tickEvery(Duration.ZERO).build()) {
            Tracer tracer = monitor.tracer();
            for (int i = 0; i < 4; i++) {
                try (Segment gateway = tracer.beginSegment("gateway", "Root=1-6921a6a0-00000000000000000000000" + i + ";Sampled=1")) {
                    gateway.setUser(i == 3 ? "bob" : "ann").putAnnotation("attempt", i);
                    String header;
                    try (Subsegment call = tracer.beginSubsegment("orders")) {
                        call.setNamespace("remote");
                        header = call.traceHeader();
                        try (Segment orders = tracer.beginSegment("orders", header)) {
                            try (Subsegment api = tracer.beginSubsegment("tax-api")) {
                                api.setNamespace("remote");
                                clock.advance(Duration.ofMillis(100 * (i + 1)));
                            }
                            orders.setHttpResponse(i == 3 ? 500 : 200, 2);
                        }
                        call.setHttpResponse(i == 3 ? 500 : 200, 2);
                    }
                    gateway.setHttpResponse(i == 3 ? 502 : 200, 2);
                }
                clock.advance(Duration.ofSeconds(1));
            }
        }
    }

    @Test
    void getServiceGraphAnswersWithEveryServiceAndEdge() throws Exception {
        writeTraces();
        CliRun cli = new CliRun();
        assertEquals(0, cli.run("traces", "get-service-graph", "--data-dir", dir.resolve("data").toString(),
                "--start-time", "2026-11-22T10:00:00Z", "--end-time", "2026-11-22T11:00:00Z"), cli.err());
        JsonNode graph = JSON.readTree(cli.out());
        Map<String, JsonNode> services = new HashMap<>();
        graph.get("Services").forEach(s -> services.put(s.get("Name").asText(), s));
        assertEquals(java.util.Set.of("client", "gateway", "orders", "tax-api"), services.keySet(), cli.out());
        assertEquals(4, services.get("orders").at("/SummaryStatistics/TotalCount").asInt());
        assertEquals(1, services.get("orders").at("/SummaryStatistics/FaultStatistics/TotalCount").asInt());
        assertEquals("bob", services.get("orders").at("/UsersImpacted/Fault/0").asText());
        assertEquals(services.get("orders").get("ReferenceId"), services.get("gateway").at("/Edges/0/ReferenceId"));
        assertEquals(services.get("tax-api").get("ReferenceId"), services.get("orders").at("/Edges/0/ReferenceId"));
        assertEquals(1.0, services.get("tax-api").at("/SummaryStatistics/TotalResponseTime").asDouble(), 1e-6, "0.1+0.2+0.3+0.4 s");
        assertEquals("remote", services.get("tax-api").get("Type").asText());
        assertEquals(0.4, services.get("tax-api").at("/ResponseTimePercentiles/p99").asDouble(), 0.004);
    }

    @Test
    void getTraceSummariesFiltersAndPointsAtErrors() throws Exception {
        writeTraces();
        CliRun cli = new CliRun();
        assertEquals(0, cli.run("traces", "get-trace-summaries", "--data-dir", dir.resolve("data").toString(),
                "--filter-expression", "service(\"orders\") AND responsetime > 0.25"), cli.err());
        JsonNode answer = JSON.readTree(cli.out());
        assertEquals(4, answer.get("TracesProcessedCount").asInt());
        assertEquals(2, answer.get("TraceSummaries").size(), cli.out());
        JsonNode newest = answer.get("TraceSummaries").get(0);
        assertEquals("1-6921a6a0-000000000000000000000003", newest.get("Id").asText());
        assertTrue(newest.get("HasFault").asBoolean());
        assertEquals(502, newest.at("/Http/HttpStatus").asInt());
        assertEquals("bob", newest.at("/Users/0/UserName").asText());
        assertEquals(3.0, newest.at("/Annotations/attempt/0/AnnotationValue/NumberValue").asDouble());

        CliRun bad = new CliRun();
        assertEquals(252, bad.run("traces", "get-trace-summaries", "--data-dir", dir.resolve("data").toString(),
                "--filter-expression", "fault AND"));
        assertTrue(bad.err().contains("--filter-expression: filter expression 'fault AND': expected a keyword"), bad.err());
        assertTrue(bad.err().contains("at position 10"), bad.err());
    }
}
