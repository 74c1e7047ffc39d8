package dev.monitor.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.monitor.core.logs.FilterPattern;
import dev.monitor.core.logs.QueryEngine;
import dev.monitor.core.logs.QueryResult;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code monitor logs ...}: the verbs of {@code aws logs} over the log files. */
@Command(name = "logs", description = "Log events written as JSON lines under <data-dir>/logs.",
        subcommands = {LogsCommands.TestMetricFilter.class, LogsCommands.StartQuery.class}, mixinStandardHelpOptions = true)
final class LogsCommands {
    /** Like {@code aws logs test-metric-filter}. */
    @Command(name = "test-metric-filter", mixinStandardHelpOptions = true,
            description = "Tests a filter pattern against messages, as aws logs test-metric-filter answers.")
    static final class TestMetricFilter implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--filter-pattern", required = true, description = "A CloudWatch Logs filter pattern.")
        String filterPattern;

        @Option(names = "--log-event-messages", required = true, arity = "1..50", description = "1 to 50 messages to test.")
        List<String> messages = new ArrayList<>();

        @Override
        public Integer call() throws Exception {
            FilterPattern pattern;
            try {
                pattern = FilterPattern.parse(filterPattern);
            } catch (IllegalArgumentException e) {
                return Output.usageError(spec, e.getMessage());
            }
            ObjectNode answer = Output.JSON.createObjectNode();
            ArrayNode matches = answer.putArray("matches");
            for (int i = 0; i < messages.size(); i++) {
                Map<String, String> extracted = pattern.extract(messages.get(i));
                if (extracted != null) {
                    ObjectNode match = matches.addObject();
                    match.put("eventNumber", i + 1);
                    match.put("eventMessage", messages.get(i));
                    ObjectNode values = match.putObject("extractedValues");
                    extracted.forEach(values::put);
                }
            }
            return Output.json(spec, answer);
        }
    }

    /**
     * Runs a Logs Insights query over the files and prints the answer as
     * {@code aws logs get-query-results} does, since the query finishes at once.
     */
    @Command(name = "start-query", mixinStandardHelpOptions = true,
            description = "Runs a Logs Insights query over the log files; prints what aws logs get-query-results would.")
    static final class StartQuery implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--data-dir", defaultValue = "monitor-data", description = "The monitor's data directory (default: ${DEFAULT-VALUE}).")
        Path dataDir;

        @Option(names = "--log-group-names", required = true, arity = "1..50", description = "The log groups to query.")
        List<String> groups = new ArrayList<>();

        @Option(names = "--start-time", required = true, description = "ISO 8601 (UTC when no offset is given) or epoch seconds; inclusive.")
        String startTime;

        @Option(names = "--end-time", required = true, description = "ISO 8601 (UTC when no offset is given) or epoch seconds; exclusive.")
        String endTime;

        @Option(names = "--query-string", required = true, description = "A Logs Insights query.")
        String query;

        @Override
        public Integer call() throws Exception {
            List<String> problems = new ArrayList<>();
            Instant start = Times.parse("--start-time", startTime, problems);
            Instant end = Times.parse("--end-time", endTime, problems);
            if (!problems.isEmpty()) {
                return Output.usageError(spec, problems);
            }
            QueryResult result;
            try {
                result = QueryEngine.run(query, dataDir.resolve("logs"), groups, start, end);
            } catch (IllegalArgumentException e) {
                return Output.usageError(spec, "--query-string: " + e.getMessage());
            }
            ObjectNode answer = Output.JSON.createObjectNode();
            ArrayNode rows = answer.putArray("results");
            for (Map<String, String> row : result.rows()) {
                ArrayNode fields = rows.addArray();
                row.forEach((field, value) -> fields.addObject().put("field", field).put("value", value));
            }
            ObjectNode statistics = answer.putObject("statistics");
            statistics.put("recordsMatched", (double) result.matched());
            statistics.put("recordsScanned", (double) result.scanned());
            statistics.put("bytesScanned", (double) result.bytesScanned());
            answer.put("status", "Complete");
            return Output.json(spec, answer);
        }
    }
}
