package dev.monitor.core.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monitor.api.logs.Level;
import dev.monitor.api.logs.Logger;
import dev.monitor.api.metrics.Resolution;
import dev.monitor.core.logs.internal.TestLogs;
import dev.monitor.core.metrics.internal.MetricRegistry;
import dev.monitor.core.redaction.SecretWords;
import dev.monitor.core.syntax.ParseException;
import dev.monitor.testing.ManualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Logs Insights queries over log files, as a user writes them. */
class InsightsQueryTest {
    private static final Instant START = Instant.parse("2026-11-22T10:00:00Z");
    private static final Instant END = Instant.parse("2026-11-22T11:00:00Z");

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(START);
    private LogService logs;

    private static LogSettings settings(String stream, Integer retentionDays, Duration rotateEvery) {
        return LogSettings.builder().group("/monitor/Shop").stream(stream).level(Level.DEBUG).queueCapacity(4096)
                .maxEventBytes(65536).secretWords(SecretWords.DEFAULTS).rotateBytes(1 << 20).rotateEvery(rotateEvery)
                .retentionInDays(retentionDays).build();
    }

    private LogService start(String stream) {
        logs = TestLogs.start(settings(stream, null, Duration.ofHours(1)), dir, clock,
                new MetricRegistry("Shop", clock, Resolution.STANDARD, 100));
        return logs;
    }

    @BeforeEach
    void writeSomeTraffic() {
        Logger log = start("host-1").logger("shop.Checkout");
        String[] regions = {"eu", "us", "eu", "ap", "eu", "us"};
        for (int i = 0; i < 60; i++) {
            clock.set(START.plusSeconds(i * 10L));
            String region = regions[i % regions.length];
            if (i % 10 == 9) {
                log.atError().field("region", region).field("latency", 900 + i).field("orderId", "o-" + i)
                        .message("checkout failed for order o-" + i + " user=ann code=E42");
            } else {
                log.atInfo().field("region", region).field("latency", 100 + i).field("orderId", "o-" + i)
                        .message("checkout ok user=bob code=OK");
            }
        }
        logs.flush(Duration.ofSeconds(5));
    }

    @AfterEach
    void close() {
        logs.close();
    }

    private QueryResult run(String query) {
        return logs.query(query, List.of("/monitor/Shop"), START, END);
    }

    private static List<String> column(QueryResult result, String field) {
        return result.rows().stream().map(r -> r.get(field)).toList();
    }

    @Test
    void filterAndStatsByField() {
        QueryResult result = run("""
                # errors per region
                filter level = "ERROR"
                | stats count(*) as errors, avg(latency) as latency by region
                | sort errors desc, region asc""");
        // Errors are events 9, 19, ..., 59, in regions ap, us, us, ap, us, us.
        assertEquals(List.of("us", "ap"), column(result, "region"));
        assertEquals(List.of("4", "2"), column(result, "errors"));
        assertEquals(6, result.matched());
        assertEquals(60, result.scanned());
        assertTrue(result.bytesScanned() > 60 * 100);
    }

    @Test
    void binsTimeAndAggregates() {
        QueryResult result = run("stats count() as n, max(latency) as worst, min(latency) as best, sum(latency) as total, "
                + "pct(latency, 50) as median, count_distinct(region) as regions by bin(5m) | sort n desc | limit 1");
        Map<String, String> row = result.rows().get(0);
        assertEquals("2026-11-22 10:00:00.000", row.get("bin(5m)"));
        assertEquals("30", row.get("n"));
        assertEquals("929", row.get("worst"));
        assertEquals("100", row.get("best"));
        assertEquals("3", row.get("regions"));
        assertEquals(1, result.rows().size());
    }

    @Test
    void fieldsLikeRegexInAndNot() {
        assertEquals(6, run("filter @message like /(?i)CHECKOUT FAILED/").rows().size());
        assertEquals(6, run("filter @message like \"failed\" and region in [\"eu\", \"us\", \"ap\"]").rows().size());
        assertEquals(54, run("filter message not like \"failed\"").rows().size());
        assertEquals(6, run("filter orderId =~ /9$/").rows().size());
        assertEquals(20, run("filter not (region = \"eu\" or region = \"ap\")").rows().size());
        QueryResult fields = run("fields @timestamp, orderId, latency * 2 as double | filter latency > 940 | sort @timestamp desc");
        assertEquals(List.of("o-59", "o-49"), column(fields, "orderId"));
        assertEquals(List.of("1918", "1898"), column(fields, "double"));
        assertEquals("2026-11-22 10:09:50.000", fields.rows().get(0).get("@timestamp"));
        assertEquals(List.of("@timestamp", "orderId", "double"), List.copyOf(fields.rows().get(0).keySet()));
    }

    @Test
    void parseWithAGlobAndARegex() {
        QueryResult glob = run("parse @message \"user=* code=*\\\"\" as user, code | filter code = \"E42\" | display user, code | limit 2");
        assertEquals(List.of("ann", "ann"), column(glob, "user"));
        QueryResult regex = run("parse message /user=(?<who>\\w+) code=(?<code>\\w+)/ | stats count(*) by who, code | sort who");
        assertEquals(List.of("ann", "bob"), column(regex, "who"));
        assertEquals(List.of("6", "54"), column(regex, "count(*)"));
    }

    @Test
    void dedupAndBacktickFieldsAndSystemFields() {
        // Unsorted results are deduplicated newest first: events 59 (us), 58 (eu), 57 (ap).
        // https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CWL_QuerySyntax-Dedup.html
        assertEquals(List.of("us", "eu", "ap"), column(run("fields `region` | dedup region"), "region"));
        assertEquals(List.of("eu", "us", "ap"), column(run("fields `region` | sort @timestamp asc | dedup region"), "region"));
        // @log is account-id:log-group-name:
        // https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CWL_AnalyzeLogData-discoverable-fields.html
        QueryResult system = run("fields @log, @logStream, @message | limit 1");
        assertEquals("000000000000:/monitor/Shop", system.rows().get(0).get("@log"));
        assertEquals("host-1", system.rows().get(0).get("@logStream"));
        assertTrue(system.rows().get(0).get("@message").startsWith("{\"timestamp\":\"2026-11-22T10:00:00.000000Z\""));
        assertEquals(List.of("@timestamp", "@message"), List.copyOf(run("filter region = \"ap\"").rows().get(0).keySet()));
    }

    @Test
    void earliestLatestStddevAndDefaultLimit() {
        Map<String, String> row = run("filter level = \"ERROR\" | stats earliest(orderId) as first, latest(orderId) as last, "
                + "stddev(latency) as spread").rows().get(0);
        assertEquals("o-9", row.get("first"));
        assertEquals("o-59", row.get("last"));
        // Sample standard deviation of 909, 919, ..., 959: squares 1750 over 5.
        assertEquals(Math.sqrt(350), Double.parseDouble(row.get("spread")), 1e-9);
    }

    @Test
    void theWindowIncludesItsStartAndItsEnd() {
        // StartQuery's startTime and endTime are both inclusive:
        // https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_StartQuery.html
        logs.close();
        Logger log = start("host-9").logger("tick");
        for (int i = 0; i <= 6; i++) {
            clock.set(START.plusSeconds(10L * i));
            log.atInfo().field("n", i).message("tick");
            logs.flush(Duration.ofSeconds(5));
        }
        String query = "filter @logStream = \"host-9\" | fields n | sort n asc";
        QueryResult result = QueryEngine.run(query, dir.resolve("logs"), List.of("/monitor/Shop"), START.plusSeconds(10),
                START.plusSeconds(50));
        assertEquals(List.of("1", "2", "3", "4", "5"), column(result, "n"));
        assertEquals(List.of("3"), column(QueryEngine.run(query, dir.resolve("logs"), List.of("/monitor/Shop"),
                START.plusSeconds(30), START.plusSeconds(30)), "n"), "a window of one instant holds the event of that instant");
    }

    @Test
    void logIsTheAccountIdAndTheGroupName() {
        // https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CWL_AnalyzeLogData-discoverable-fields.html
        QueryResult result = QueryEngine.run("stats count(*) as n by @log", dir.resolve("logs"), List.of("/monitor/Shop"),
                START, END, "123456789012");
        assertEquals(List.of("123456789012:/monitor/Shop"), column(result, "@log"));
        assertEquals(List.of("60"), column(result, "n"));
    }

    @Test
    void syntaxErrorsNameTheLineTheColumnAndWhatWasExpected() {
        ParseException e = assertThrows(ParseException.class, () -> InsightsQuery.parse("fields a\n| stats cnt(*)"));
        assertEquals(2, e.line());
        assertEquals(9, e.column());
        assertTrue(e.getMessage().contains("expected an aggregate function"), e.getMessage());
        e = assertThrows(ParseException.class, () -> InsightsQuery.parse("filter a = "));
        assertTrue(e.getMessage().contains("expected a field, a value or '(' but found the end of the query"), e.getMessage());
        e = assertThrows(ParseException.class, () -> InsightsQuery.parse("limit 20000"));
        assertTrue(e.getMessage().contains("from 1 to 10000"), e.getMessage());
        e = assertThrows(ParseException.class, () -> InsightsQuery.parse("sort a | frobnicate"));
        assertEquals(10, e.column());
        e = assertThrows(ParseException.class, () -> InsightsQuery.parse("parse @message \"a=* b=*\" as a"));
        assertTrue(e.getMessage().contains("2 '*' but 1 names"), e.getMessage());
    }

    @Test
    void aQueryReadsWhatAnEarlierRunWroteAndGzipped() throws Exception {
        logs.close();
        clock.set(START.plusSeconds(1000));
        Logger second = start("host-2").logger("shop.Checkout");
        second.atError().field("region", "eu").message("after the restart");
        QueryResult result = run("filter level = \"ERROR\" | stats count(*) as n by @logStream | sort @logStream");
        assertEquals(List.of("host-1", "host-2"), column(result, "@logStream"));
        assertEquals(List.of("6", "1"), column(result, "n"));
        try (var files = Files.walk(dir.resolve("logs"))) {
            assertTrue(files.anyMatch(p -> p.toString().endsWith(".jsonl.gz")), "the first run's file was gzipped when it closed");
        }
    }

    @Test
    void retentionDeletesOnlyExpiredFiles() throws Exception {
        logs.close();
        clock.set(START);
        logs = TestLogs.start(settings("host-3", 1, Duration.ofHours(6)), dir, clock,
                new MetricRegistry("Shop", clock, Resolution.STANDARD, 100));
        Logger log = logs.logger("app");
        for (int hour = 0; hour <= 48; hour += 6) {
            clock.set(START.plus(Duration.ofHours(hour)));
            log.info("hour {}", hour);
            logs.flush(Duration.ofSeconds(5));
        }
        // Closing waits for the rotated files' compression, which runs off the writer.
        logs.close();
        List<String> names;
        try (var files = Files.list(dir.resolve("logs/%2Fmonitor%2FShop/host-3"))) {
            names = files.map(p -> p.getFileName().toString()).sorted().toList();
        }
        // At 48 h (2026-11-24T10:00) a file goes once the file after it was opened over a day ago.
        assertEquals(List.of("events-20261123T040000Z-0.jsonl.gz", "events-20261123T100000Z-0.jsonl.gz",
                "events-20261123T160000Z-0.jsonl.gz", "events-20261123T220000Z-0.jsonl.gz", "events-20261124T040000Z-0.jsonl.gz",
                "events-20261124T100000Z-0.jsonl.gz"), names);
    }
}
