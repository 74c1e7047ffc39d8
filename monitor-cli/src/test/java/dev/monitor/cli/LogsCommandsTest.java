package dev.monitor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monitor.api.logs.Logger;
import dev.monitor.core.ManualClock;
import dev.monitor.core.Monitor;
import dev.monitor.core.metrics.BuiltinMetrics;
import java.nio.file.Path;
import java.time.Duration;
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

    @Test
    void startQueryAnswersLikeGetQueryResults() throws Exception {
        ManualClock clock = ManualClock.at("2026-11-22T10:00:00Z");
        Monitor.Builder builder = Monitor.builder().namespace("Shop").dataDir(dataDir).clock(clock).tickEvery(Duration.ZERO);
        for (BuiltinMetrics.Group group : BuiltinMetrics.Group.values()) {
            builder.builtin(group, false);
        }
        try (Monitor monitor = builder.build()) {
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
}
