package dev.monitor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monitor.api.trace.Segment;
import dev.monitor.api.trace.Subsegment;
import dev.monitor.api.trace.Tracer;
import dev.monitor.testing.ManualClock;
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
        assertTrue(bad.err().contains("--filter-expression: X-Ray filter expression 'fault AND', line 1, column 10: expected a "
                + "keyword"), bad.err());
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

    enum Damage { CUT, BAD_BYTES, DIRECTORY, GARBAGE_APPENDED, EMPTIED }

    /** Three segment files of five traces each, one of them gzipped; file {@code f} holds traces {@code f*5 .. f*5+4}. */
    private static java.util.List<Path> writeSegmentFiles(Path traces) throws Exception {
        Files.createDirectories(traces);
        java.util.List<Path> files = new java.util.ArrayList<>();
        for (int f = 0; f < 3; f++) {
            StringBuilder lines = new StringBuilder();
            for (int t = f * 5; t < f * 5 + 5; t++) {
                lines.append(("{\"name\":\"orders\",\"id\":\"%016x\",\"trace_id\":\"%s\",\"start_time\":1795341600.5,"
                        + "\"end_time\":1795341601.0,\"http\":{\"response\":{\"status\":200}}}\n").formatted(t + 1, traceId(t)));
            }
            Path file = traces.resolve("segments-20261122T100000Z-" + f + (f == 1 ? ".jsonl.gz" : ".jsonl"));
            byte[] bytes = lines.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            if (f == 1) {
                java.io.ByteArrayOutputStream zipped = new java.io.ByteArrayOutputStream();
                try (java.io.OutputStream out = new java.util.zip.GZIPOutputStream(zipped)) {
                    out.write(bytes);
                }
                bytes = zipped.toByteArray();
            }
            Files.write(file, bytes);
            files.add(file);
        }
        return files;
    }

    private static String traceId(int t) {
        return "1-6921a6a0-%024x".formatted(t);
    }

    /**
     * Issue 12: a data directory with one file damaged in a random way; both verbs answer without
     * an exception (exit 0, or 252 when nothing could be read), name the damaged file on stderr,
     * and still find every trace of the intact files.
     */
    @net.jqwik.api.Property(tries = 40)
    void aDamagedFileNeverBreaksTheVerbsAndTheRestIsFound(@net.jqwik.api.ForAll @net.jqwik.api.constraints.IntRange(min = 0, max = 2) int victim,
            @net.jqwik.api.ForAll Damage damage, @net.jqwik.api.ForAll long seed) throws Exception {
        Path data = Files.createTempDirectory("traces-damage");
        try {
            java.util.List<Path> files = writeSegmentFiles(data.resolve("traces"));
            Path file = files.get(victim);
            java.util.Random random = new java.util.Random(seed);
            byte[] bytes = Files.readAllBytes(file);
            switch (damage) {
                case CUT -> Files.write(file, java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length)));
                case BAD_BYTES -> {
                    for (int i = 0; i < 1 + random.nextInt(5); i++) {
                        bytes[random.nextInt(bytes.length)] = (byte) (0x80 + random.nextInt(128));
                    }
                    Files.write(file, bytes);
                }
                case DIRECTORY -> {
                    Files.delete(file);
                    Files.createDirectories(file);
                }
                case GARBAGE_APPENDED -> {
                    byte[] garbage = new byte[1 + random.nextInt(200)];
                    random.nextBytes(garbage);
                    Files.write(file, garbage, java.nio.file.StandardOpenOption.APPEND);
                }
                default -> Files.write(file, new byte[0]);
            }
            for (String verb : new String[] {"get-trace-summaries", "get-service-graph"}) {
                CliRun cli = new CliRun();
                int status = cli.run("traces", verb, "--data-dir", data.toString());
                assertEquals(0, status, verb + " after " + damage + " of " + file.getFileName() + ": " + cli.err());
                assertTrue(cli.err().lines().allMatch(line -> line.startsWith("monitor: warning: skipped " + file + ": ")), cli.err());
                JsonNode answer = JSON.readTree(cli.out());
                if (verb.equals("get-trace-summaries")) {
                    java.util.Set<String> found = new java.util.HashSet<>();
                    answer.get("TraceSummaries").forEach(summary -> found.add(summary.get("Id").asText()));
                    for (int t = 0; t < 15; t++) {
                        if (t / 5 != victim) {
                            assertTrue(found.contains(traceId(t)), "trace " + t + " of an intact file: " + cli.out());
                        }
                    }
                } else {
                    long requests = 0;
                    for (JsonNode service : answer.get("Services")) {
                        requests += service.get("Name").asText().equals("orders") ? service.at("/SummaryStatistics/TotalCount").asLong() : 0;
                    }
                    assertTrue(requests >= 10, "the ten requests of the intact files: " + cli.out());
                }
            }
        } finally {
            try (java.util.stream.Stream<Path> all = Files.walk(data)) {
                for (Path path : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }
}
