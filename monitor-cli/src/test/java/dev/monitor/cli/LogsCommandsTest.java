package dev.monitor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monitor.api.logs.Logger;
import dev.monitor.core.QuietMonitor;
import dev.monitor.testing.ManualClock;
import dev.monitor.core.Monitor;
import dev.monitor.core.files.DataLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code monitor logs ...} over files a monitor wrote and closed. */
class LogsCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    private final CliRun cli = new CliRun();

    private int run(String... args) {
        return cli.run(args);
    }

    /** A monitor on {@code clock} that writes only what a test logs: no built-in metrics, no collector thread. */
    private Monitor logsOnly(ManualClock clock) {
        Monitor.Builder builder = QuietMonitor.builder(dataDir, clock);
        return builder.build();
    }

    @Test
    void startQueryAnswersLikeGetQueryResults() throws Exception {
        ManualClock clock = ManualClock.at("2026-11-22T10:00:00Z");
        try (Monitor monitor = logsOnly(clock)) {
            Logger log = monitor.logs().logger("shop");
            for (int i = 0; i < 10; i++) {
                clock.advance(Duration.ofSeconds(30));
                log.atInfo().field("status", i % 3 == 0 ? 500 : 200).message("request {}", i);
            }
        }
        int status = run("logs", "start-query", "--data-dir", dataDir.toString(), "--log-group-names", "/monitor/Shop",
                "--start-time", "2026-11-22T10:00:00Z", "--end-time", "2026-11-22T11:00:00Z",
                "--query-string", "filter status = 500 | stats count(*) as failures by bin(5m)");
        assertEquals(0, status, cli.err());
        JsonNode answer = JSON.readTree(cli.out());
        assertEquals("Complete", answer.get("status").asText());
        JsonNode first = answer.get("results").get(0);
        assertEquals("bin(5m)", first.get(0).get("field").asText());
        assertEquals("2026-11-22 10:00:00.000", first.get(0).get("value").asText());
        assertEquals("failures", first.get(1).get("field").asText());
        // 500s at 10:00:30, 10:02:00, 10:03:30 and 10:05:00: three in the first five minutes, one in the next.
        assertEquals("3", first.get(1).get("value").asText());
        assertEquals("1", answer.get("results").get(1).get(1).get("value").asText());
        assertEquals(4.0, answer.at("/statistics/recordsMatched").asDouble());
        assertEquals(10.0, answer.at("/statistics/recordsScanned").asDouble());
    }

    @Test
    void badQueriesExitWith252NamingTheProblem() {
        int status = run("logs", "start-query", "--data-dir", dataDir.toString(), "--log-group-names", "/monitor/Shop",
                "--start-time", "2026-11-22T10:00:00Z", "--end-time", "2026-11-22T11:00:00Z", "--query-string", "filter (a = 1");
        assertEquals(252, status);
        assertTrue(cli.err().contains("line 1, column 14: expected ')'"), cli.err());
    }

    @Test
    void testMetricFilterAnswersLikeTheAwsCli() throws Exception {
        int status = run("logs", "test-metric-filter", "--filter-pattern", "[ip, user, username, timestamp, request, status_code = 4*, bytes]",
                "--log-event-messages", "127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] \"GET /index.html HTTP/1.0\" 404 1534",
                "127.0.0.1 - frank [10/Oct/2000:13:35:22 -0700] \"GET /apache_pb.gif HTTP/1.0\" 200 5324");
        assertEquals(0, status, cli.err());
        JsonNode matches = JSON.readTree(cli.out()).get("matches");
        assertEquals(1, matches.size());
        assertEquals(1, matches.get(0).get("eventNumber").asInt());
        assertEquals("404", matches.get(0).at("/extractedValues/$status_code").asText());
        assertEquals("GET /index.html HTTP/1.0", matches.get(0).at("/extractedValues/$request").asText());
        assertEquals(252, run("logs", "test-metric-filter", "--filter-pattern", "{ $.x = ", "--log-event-messages", "m"));
    }

    /**
     * StartQuery: "The range is inclusive, so the specified start time is included in the query", and
     * likewise the end time.
     * https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_StartQuery.html
     */
    @Test
    void startQueryIncludesEventsAtBothEndsOfTheRange() throws Exception {
        ManualClock clock = ManualClock.at("2026-11-22T10:00:00Z");
        try (Monitor monitor = logsOnly(clock)) {
            Logger log = monitor.logs().logger("shop");
            log.atInfo().message("at the start");
            clock.advance(Duration.ofMinutes(10));
            log.atInfo().message("at the end");
            clock.advance(Duration.ofMillis(1));
            log.atInfo().message("after the end");
        }
        assertEquals(0, run("logs", "start-query", "--data-dir", dataDir.toString(), "--log-group-names", "/monitor/Shop",
                "--start-time", "2026-11-22T10:00:00Z", "--end-time", "2026-11-22T10:10:00Z",
                "--query-string", "fields message | sort @timestamp asc"), cli.err());
        JsonNode rows = JSON.readTree(cli.out()).get("results");
        assertEquals(2, rows.size(), cli.out());
        assertEquals("at the start", rows.get(0).get(0).get("value").asText());
        assertEquals("at the end", rows.get(1).get(0).get("value").asText());
    }

    @Test
    void aDamagedLogFileIsNamedOnStderrAndTheOthersAnswer() throws Exception {
        ManualClock clock = ManualClock.at("2026-11-22T10:00:00Z");
        try (Monitor monitor = logsOnly(clock)) {
            monitor.logs().logger("shop").atInfo().message("kept");
        }
        Path stream;
        try (var streams = Files.list(new DataLayout(dataDir).logs().resolve(DataLayout.folderName("/monitor/Shop")))) {
            stream = streams.findFirst().orElseThrow();
        }
        Path damaged = stream.resolve("events-20261122T095000Z-1.jsonl.gz");
        Files.write(damaged, new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0});   // a gzip header, cut short

        assertEquals(0, run("logs", "start-query", "--data-dir", dataDir.toString(), "--log-group-names", "/monitor/Shop",
                "--start-time", "2026-11-22T09:00:00Z", "--end-time", "2026-11-22T11:00:00Z",
                "--query-string", "fields message"), cli.err());
        assertTrue(cli.err().contains("monitor: warning: skipped " + damaged), cli.err());
        assertEquals("kept", JSON.readTree(cli.out()).get("results").get(0).get(0).get("value").asText(), cli.out());
    }

    @Test
    void aFolderOrGroupWithoutLogFilesIsAnErrorNamingWhereItLooked() throws Exception {
        assertEquals(252, run("logs", "start-query", "--data-dir", dataDir.resolve("nowhere").toString(), "--log-group-names",
                "/monitor/Shop", "--start-time", "2026-11-22T10:00:00Z", "--end-time", "2026-11-22T11:00:00Z", "--query-string", "fields @message"));
        assertTrue(cli.err().contains("no log files (<group>/<stream>/events-*.jsonl or .jsonl.gz) to read: the folder "
                + dataDir.resolve("nowhere/logs") + " does not exist"), cli.err());
        assertEquals("", cli.out());

        try (Monitor monitor = Monitor.builder().namespace("Shop").dataDir(dataDir).tickEvery(Duration.ZERO).build()) {
            monitor.logs().logger("shop").atInfo().message("hello");
        }
        CliRun other = new CliRun();
        assertEquals(252, other.run("logs", "start-query", "--data-dir", dataDir.toString(), "--log-group-names", "/monitor/Shoop",
                "--start-time", "2026-11-22T10:00:00Z", "--end-time", "2026-11-22T11:00:00Z", "--query-string", "fields @message"));
        assertTrue(other.err().contains("log group /monitor/Shoop has no log files"), other.err());
        assertTrue(other.err().contains("looked in " + dataDir.resolve("logs/%2Fmonitor%2FShoop")), other.err());
        assertTrue(other.err().contains("the groups with files are [/monitor/Shop]"), other.err());
    }

    @Test
    void anAnswerWithoutRowsIsPrintedAsTheAwsCliPrintsIt() throws Exception {
        try (Monitor monitor = Monitor.builder().namespace("Shop").dataDir(dataDir).tickEvery(Duration.ZERO).build()) {
            monitor.logs().logger("shop").atInfo().message("hello");
        }
        assertEquals(0, run("logs", "start-query", "--data-dir", dataDir.toString(), "--log-group-names", "/monitor/Shop",
                "--start-time", "2000-01-01T00:00:00Z", "--end-time", "2000-01-01T01:00:00Z", "--query-string", "fields @message"));
        // Python's json.dump(indent=4), as the AWS CLI prints: four spaces, "key": value, [] when empty.
        assertEquals("""
                {
                    "results": [],
                    "statistics": {
                        "recordsMatched": 0.0,
                        "recordsScanned": 0.0,
                        "bytesScanned": 0.0
                    },
                    "status": "Complete"
                }
                """, cli.out());
    }

    @Test
    void listLimitsAreTheApis() {
        List<String> args = new ArrayList<>(List.of("logs", "test-metric-filter", "--filter-pattern", "ERROR", "--log-event-messages"));
        for (int i = 0; i < 51; i++) {
            args.add("message " + i);
        }
        assertEquals(252, run(args.toArray(String[]::new)));
        assertTrue(cli.err().contains("--log-event-messages: 51 messages given; at most 50"), cli.err());
    }
}
