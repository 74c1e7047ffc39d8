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

    /** Issue 11: the simple keywords are the root segment's; complex keywords find what happened downstream. */
    @Test
    void getTraceSummariesTakesTheGuidesComplexKeywords() throws Exception {
        writeTraces();
        CliRun cli = new CliRun();
        assertEquals(0, cli.run("traces", "get-trace-summaries", "--data-dir", dir.resolve("data").toString(),
                "--filter-expression", "service(\"orders\") { fault } AND edge(\"gateway\", \"orders\") AND annotation.attempt"), cli.err());
        JsonNode answer = JSON.readTree(cli.out());
        assertEquals(1, answer.get("TraceSummaries").size(), cli.out());
        JsonNode summary = answer.get("TraceSummaries").get(0);
        assertEquals("orders", summary.at("/FaultRootCauses/0/Services/1/Name").asText(), cli.out());
        assertEquals("gateway", summary.at("/EntryPoint/Name").asText());
        assertEquals(java.util.List.of(), fieldsNotInPascalCase(answer), "the AWS CLI's style throughout");
    }

    private static java.util.List<String> fieldsNotInPascalCase(JsonNode node) {
        java.util.List<String> out = new java.util.ArrayList<>();
        node.fields().forEachRemaining(field -> {
            // Annotation keys are the user's own.
            if (!Character.isUpperCase(field.getKey().charAt(0)) && !field.getKey().equals("attempt")) {
                out.add(field.getKey());
            }
            out.addAll(fieldsNotInPascalCase(field.getValue()));
        });
        node.elements().forEachRemaining(element -> out.addAll(fieldsNotInPascalCase(element)));
        return out;
    }

    /** Issue 12: damaged files are skipped and reported on stderr; the answer comes from the rest. */
    @Test
    void damagedSegmentFilesAreReportedAndTheRestAnswer() throws Exception {
        writeTraces();
        Path traces = dir.resolve("data/traces");
        Files.write(traces.resolve("segments-cut.jsonl.gz"), new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3});
        Files.write(traces.resolve("segments-latin1.jsonl"), "{\"name\":\"caf\u00e9\"}\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        Files.createDirectories(traces.resolve("segments-dir.jsonl"));
        Files.writeString(traces.resolve("segments-garbage.jsonl"), "garbage\n\u0000\u0001\n");
        for (String verb : new String[] {"get-service-graph", "get-trace-summaries"}) {
            CliRun cli = new CliRun();
            assertEquals(0, cli.run("traces", verb, "--data-dir", dir.resolve("data").toString()), cli.err());
            for (String file : new String[] {"segments-cut.jsonl.gz", "segments-latin1.jsonl", "segments-dir.jsonl", "segments-garbage.jsonl"}) {
                assertTrue(cli.err().contains("monitor: warning: skipped " + traces.resolve(file) + ": "), verb + " names " + file + ": " + cli.err());
            }
            assertTrue(cli.err().lines().allMatch(line -> line.startsWith("monitor: warning: skipped ")), cli.err());
            JsonNode answer = JSON.readTree(cli.out());
            if (verb.equals("get-trace-summaries")) {
                assertEquals(4, answer.get("TraceSummaries").size(), "the intact files still answer");
            } else {
                assertEquals(4, answer.get("Services").size(), cli.out());
            }
        }
    }

    /** Issue 12: a missing folder, a folder without segment files, or files none of which can be read: exit 252, naming the folder. */
    @Test
    void nothingToReadIsAnErrorNamingTheFolder() throws Exception {
        CliRun missing = new CliRun();
        assertEquals(252, missing.run("traces", "get-trace-summaries", "--data-dir", dir.resolve("nowhere").toString()));
        assertTrue(missing.err().contains("no X-Ray segment files (*.jsonl, *.jsonl.gz) to read: the folder "
                + dir.resolve("nowhere/traces").toAbsolutePath() + " does not exist"), missing.err());
        Files.createDirectories(dir.resolve("empty/traces"));
        Files.writeString(dir.resolve("empty/traces/readme.txt"), "not a segment file");
        CliRun empty = new CliRun();
        assertEquals(252, empty.run("traces", "get-service-graph", "--data-dir", dir.resolve("empty").toString()));
        assertTrue(empty.err().contains("the folder " + dir.resolve("empty/traces").toAbsolutePath() + " holds none"), empty.err());
        Files.writeString(dir.resolve("empty/traces/segments-garbage.jsonl"), "garbage\n");
        CliRun garbage = new CliRun();
        assertEquals(252, garbage.run("traces", "get-service-graph", "--data-dir", dir.resolve("empty").toString()));
        assertTrue(garbage.err().contains("monitor: warning: skipped " + dir.resolve("empty/traces/segments-garbage.jsonl")), garbage.err());
        assertTrue(garbage.err().contains("monitor: error: no segment document could be read"), garbage.err());
    }
}
