package dev.monitor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monitor.api.metrics.Timer;
import dev.monitor.api.trace.Segment;
import dev.monitor.api.trace.Subsegment;
import dev.monitor.api.trace.Tracer;
import dev.monitor.core.Monitor;
import dev.monitor.testing.ManualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI commands of the README's "The CLI" section, run as written (their {@code monitor-data}
 * replaced by a data directory a real monitor wrote), so that none can drift from what the CLI takes.
 */
class ReadmeCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JAR = "java -jar monitor-cli/target/monitor.jar ";

    @TempDir
    Path dir;

    /** The commands of the section, continuation lines joined; a synopsis with [--optional] parts is no command. */
    static List<String> readmeCommands() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        String section = readme.substring(readme.indexOf("## The CLI"), readme.indexOf("## Architecture"));
        List<String> commands = new ArrayList<>();
        for (String line : section.replace("\\\n", " ").split("\n")) {
            if (line.startsWith(JAR) && !line.contains(" [--")) {
                commands.add(line.substring(JAR.length()).trim());
            }
        }
        return commands;
    }

    /** Splits a command line as a POSIX shell does for words and single-quoted strings. */
    static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        boolean quoted = false;
        for (char c : line.toCharArray()) {
            if (quoted) {
                if (c == '\'') {
                    quoted = false;
                } else {
                    word.append(c);
                }
            } else if (c == '\'') {
                quoted = true;
                word = word == null ? new StringBuilder() : word;
            } else if (c == ' ') {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
            } else {
                word = word == null ? new StringBuilder() : word;
                word.append(c);
            }
        }
        if (word != null) {
            words.add(word.toString());
        }
        return words;
    }

    /** A checkout that failed in payments (the gateway answered it), its latency, and an ERROR log event. */
    private Path writeShop() throws Exception {
        Path data = dir.resolve("data");
        Path config = Files.writeString(dir.resolve("monitor.yaml"), """
                namespace: Shop
                dataDir: %s
                metrics:
                  builtin: {memory: false, gc: false, threads: false, classes: false, process: false, system: false}
                traces:
                  daemonAddress: "off"
                exporters:
                  - type: emf
                events:
                  archives:
                    - {name: orders, eventPattern: '{"source": ["shop.orders"]}', retentionDays: 30}
                """.formatted(data));
        ManualClock clock = ManualClock.at("2026-11-22T10:00:00Z");
        try (Monitor monitor = Monitor.builder().config(config).clock(clock).tickEvery(Duration.ZERO).build()) {
            Timer latency = monitor.metrics().timerBuilder("CheckoutLatency").dimension("Operation", "checkout").register();
            Tracer tracer = monitor.tracer();
            try (Segment gateway = tracer.beginSegment("gateway", "Root=1-6921a6a0-000000000000000000000001;Sampled=1")) {
                try (Subsegment call = tracer.beginSubsegment("payments")) {
                    call.setNamespace("remote");
                    try (Segment payments = tracer.beginSegment("payments", call.traceHeader())) {
                        clock.advance(Duration.ofMillis(120));
                        payments.setHttpResponse(503, 0);
                    }
                    call.setHttpResponse(503, 0);
                }
                gateway.setHttpResponse(200, 2);
            }
            latency.record(120, TimeUnit.MILLISECONDS);
            monitor.logs().logger("shop.Payments").atError().message("card declined");
            monitor.events().putEvents(List.of(dev.monitor.api.events.PutEventsEntry.of("shop.orders", "Order Placed",
                    "{\"orderId\": \"o-1\", \"total\": 12.5}")));
            clock.advance(Duration.ofMinutes(2));
            monitor.flush(Duration.ofSeconds(10));
        }
        return data;
    }

    @Test
    void everyCommandOfTheCliSectionAnswersAsWritten() throws Exception {
        Path data = writeShop();
        List<String> commands = readmeCommands();
        assertEquals(12, commands.size(), "the README's CLI commands: " + commands);
        for (String command : commands) {
            List<String> args = words(command);
            for (int i = 0; i < args.size(); i++) {
                if (args.get(i).equals("monitor-data")) {
                    args.set(i, data.toString());
                }
            }
            CliRun cli = new CliRun();
            assertEquals(0, cli.run(args.toArray(String[]::new)), command + "\n" + cli.err());
            assertFalse(cli.err().contains("monitor:"), command + "\n" + cli.err());
            JsonNode answer = JSON.readTree(cli.out());
            JsonNode found = switch (args.get(0) + " " + args.get(1)) {
                case "metrics get-statistics" -> answer.get("Datapoints");
                case "logs start-query" -> answer.get("results");
                case "logs test-metric-filter" -> answer.get("matches");
                case "traces get-service-graph" -> answer.get("Services");
                case "traces get-trace-summaries" -> answer.get("TraceSummaries");
                case "events test-event-pattern" -> answer.get("Result").asBoolean() ? answer : null;
                case "events next-fire-times" -> answer.get("FireTimes");
                case "events list-schemas" -> answer.get("Schemas");
                case "events describe-schema" -> answer.has("Content") ? answer : null;
                case "events list-archives" -> answer.get("Archives");
                case "dashboards put-dashboard" -> answer.has("DashboardValidationMessages") ? answer : null;
                case "dashboards list-dashboards" -> answer.get("DashboardEntries");
                default -> throw new AssertionError("a verb this test does not know: " + command);
            };
            assertTrue(found != null && !found.isEmpty(), command + " found nothing: " + cli.out());
        }
    }
}
