package dev.monitor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.monitor.api.trace.Segment;
import dev.monitor.testing.ManualClock;
import dev.monitor.core.Monitor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Text the CLI cannot parse, in any of its languages, is reported alike: the message, the line, a caret under the column. */
class ParseErrorOutputTest {
    @TempDir
    Path dir;

    private static List<String> lines(CliRun cli) {
        return cli.err().lines().toList();
    }

    @Test
    void aBadFilterPatternShowsTheMessageTheLineAndACaret() {
        CliRun cli = new CliRun();
        assertEquals(252, cli.run("logs", "test-metric-filter", "--filter-pattern", "{ $.a = }", "--log-event-messages", "{}"));
        assertEquals(List.of(
                "monitor: error: --filter-pattern: filter pattern '{ $.a = }', line 1, column 9: expected a value but found '}'",
                "    { $.a = }",
                "            ^"), lines(cli));
    }

    @Test
    void aBadInsightsQueryShowsTheLineOfTheProblemAndACaret() {
        CliRun cli = new CliRun();
        assertEquals(252, cli.run("logs", "start-query", "--data-dir", dir.toString(), "--log-group-names", "/monitor/Shop",
                "--start-time", "2026-11-22T10:00:00Z", "--end-time", "2026-11-22T11:00:00Z",
                "--query-string", "fields a\n| stats cnt(*)"));
        assertEquals(List.of(
                "monitor: error: --query-string: Logs Insights query 'fields a\\n| stats cnt(*)', line 2, column 9: "
                        + "unknown function 'cnt'; expected an aggregate function (" + aggregateNames(cli) + ") but found 'cnt(*)'",
                "    | stats cnt(*)",
                "            ^"), lines(cli));
    }

    /** The list of aggregate functions the message names, read back from it: it is long and not what this test is about. */
    private static String aggregateNames(CliRun cli) {
        String first = lines(cli).get(0);
        return first.substring(first.indexOf("aggregate function (") + "aggregate function (".length(), first.lastIndexOf(") but found"));
    }

    @Test
    void aBadXRayFilterExpressionShowsTheMessageTheLineAndACaret() throws Exception {
        Path config = Files.writeString(dir.resolve("monitor.yaml"), """
                dataDir: %s
                metrics:
                  builtin: {memory: false, gc: false, threads: false, classes: false, process: false, system: false}
                traces:
                  daemonAddress: "off"
                """.formatted(dir.resolve("data")));
        ManualClock clock = ManualClock.at("2026-11-22T10:00:00Z");
        try (Monitor monitor = Monitor.builder().config(config).clock(clock).tickEvery(Duration.ZERO).build()) {
            try (Segment segment = monitor.tracer().beginSegment("orders", "Root=1-6921a6a0-000000000000000000000001;Sampled=1")) {
                clock.advance(Duration.ofMillis(10));
                segment.setHttpResponse(200, 2);
            }
        }
        CliRun cli = new CliRun();
        assertEquals(252, cli.run("traces", "get-trace-summaries", "--data-dir", dir.resolve("data").toString(),
                "--start-time", "2026-11-22T09:00:00Z", "--end-time", "2026-11-22T11:00:00Z",
                "--filter-expression", "fault AND"));
        assertEquals(List.of(
                "monitor: error: --filter-expression: X-Ray filter expression 'fault AND', line 1, column 10: expected a keyword "
                        + "such as service(\"name\"), error or responsetime but found the end of the expression",
                "    fault AND",
                "             ^"), lines(cli));
    }
}
