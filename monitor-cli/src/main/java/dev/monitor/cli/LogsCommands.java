package dev.monitor.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.monitor.core.files.DataLayout;
import dev.monitor.core.logs.FilterPattern;
import dev.monitor.core.logs.InsightsQuery;
import dev.monitor.core.logs.LogNames;
import dev.monitor.core.logs.QueryEngine;
import dev.monitor.core.logs.QueryResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code monitor logs ...}: the verbs of {@code aws logs} over the log files. */
@Command(name = "logs", description = "Log events written as JSON lines under <data-dir>/logs.",
        subcommands = {LogsCommands.TestMetricFilter.class, LogsCommands.StartQuery.class}, mixinStandardHelpOptions = true)
final class LogsCommands {
    /** TestMetricFilter's and StartQuery's list limits. */
    private static final int MAX_MESSAGES = 50;
    private static final int MAX_GROUPS = 50;
    private static final String LOG_FILES = "log files (<group>/<stream>/events-*.jsonl or .jsonl.gz)";

    /** Like {@code aws logs test-metric-filter}: {@code {"matches": [{"eventNumber", "eventMessage", "extractedValues"}]}}. */
    @Command(name = "test-metric-filter", mixinStandardHelpOptions = true,
            customSynopsis = {"monitor logs test-metric-filter --filter-pattern PATTERN",
                "           --log-event-messages MESSAGE... [-hV] [--debug]"},
            description = "Tests a filter pattern against messages, as aws logs test-metric-filter answers.")
    static final class TestMetricFilter implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--filter-pattern", required = true, paramLabel = "PATTERN",
                description = "A CloudWatch Logs filter pattern, such as '[ip, user, ..., status_code = 4*, bytes]' or '{ $.level = \"ERROR\" }'.")
        String filterPattern;

        @Option(names = "--log-event-messages", required = true, arity = "1..*", paramLabel = "MESSAGE",
                description = "1 to " + MAX_MESSAGES + " messages to test, each one argument.")
        List<String> messages = new ArrayList<>();

        @Override
        public Integer call() throws Exception {
            if (messages.size() > MAX_MESSAGES) {
                return Output.usageError(spec, "--log-event-messages: " + messages.size() + " messages given; at most "
                        + MAX_MESSAGES + " are tested at once");
            }
            FilterPattern pattern;
            try {
                pattern = FilterPattern.parse(filterPattern);
            } catch (IllegalArgumentException e) {
                return Output.usageError(spec, Output.problem("--filter-pattern", e));
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
     * {@code aws logs get-query-results} does, since the query finishes at once. The time range is
     * inclusive at both ends, as StartQuery's {@code startTime} and {@code endTime} are.
     */
    @Command(name = "start-query", mixinStandardHelpOptions = true,
            customSynopsis = {"monitor logs start-query --log-group-names GROUP... --query-string QUERY",
                "           --start-time TIME --end-time TIME [--data-dir DIR] [-hV] [--debug]"},
            description = "Runs a Logs Insights query over the log files; prints what aws logs get-query-results would.")
    static final class StartQuery implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--data-dir", defaultValue = "monitor-data", paramLabel = "DIR",
                description = "The monitor's data directory (default: ${DEFAULT-VALUE}).")
        Path dataDir;

        @Option(names = "--log-group-names", required = true, arity = "1..*", paramLabel = "GROUP",
                description = "1 to " + MAX_GROUPS + " log groups to query, such as /monitor/Shop.")
        List<String> groups = new ArrayList<>();

        @Option(names = "--start-time", required = true, paramLabel = "TIME", description = "The beginning of the range, "
                + "inclusive: an event at exactly this time is queried. ISO 8601 (UTC when no offset is given) or epoch seconds.")
        String startTime;

        @Option(names = "--end-time", required = true, paramLabel = "TIME", description = "The end of the range, "
                + "inclusive: an event at exactly this time is queried. ISO 8601 (UTC when no offset is given) or epoch seconds.")
        String endTime;

        @Option(names = "--account", defaultValue = QueryEngine.DEFAULT_ACCOUNT, paramLabel = "ID",
                description = "The account id in @log (account-id:log-group-name); the monitor's account (default: ${DEFAULT-VALUE}).")
        String account;

        @Option(names = "--query-string", required = true, paramLabel = "QUERY",
                description = "A Logs Insights query, such as 'filter level = \"ERROR\" | stats count(*) by bin(1m)'.")
        String query;

        @Override
        public Integer call() throws Exception {
            List<String> problems = new ArrayList<>();
            Instant start = Times.parse("--start-time", startTime, problems);
            Instant end = Times.parse("--end-time", endTime, problems);
            if (groups.size() > MAX_GROUPS) {
                problems.add("--log-group-names: " + groups.size() + " groups given; at most " + MAX_GROUPS + " are queried at once");
            }
            for (String group : groups) {
                String problem = LogNames.groupProblem(group);
                if (problem != null) {
                    problems.add("--log-group-names: " + problem);
                }
            }
            if (start != null && end != null && end.isBefore(start)) {
                problems.add("--end-time " + endTime + " is before --start-time " + startTime);
            }
            try {
                InsightsQuery.parse(query);
            } catch (IllegalArgumentException e) {
                problems.add(Output.problem("--query-string", e));
            }
            if (!problems.isEmpty()) {
                return Output.usageError(spec, problems);
            }
            DataLayout layout = new DataLayout(dataDir);
            Path logs = layout.logs();
            Predicate<Path> logFile = file -> DataLayout.Files.LOG_EVENTS.matches(file.getFileName().toString());
            String nothing = Output.nothingToRead(logs, LOG_FILES, logFile);
            if (nothing != null) {
                return Output.usageError(spec, nothing);
            }
            for (String group : groups) {
                Path folder = logs.resolve(DataLayout.folderName(group));
                if (Output.nothingToRead(folder, LOG_FILES, logFile) != null) {
                    problems.add("log group " + group + " has no " + LOG_FILES + ": looked in " + folder.toAbsolutePath().normalize()
                            + "; the groups with files are " + groupsWithFiles(logs, logFile));
                }
            }
            if (!problems.isEmpty()) {
                return Output.usageError(spec, problems);
            }
            QueryResult result = QueryEngine.run(query, logs, groups, start, end, account);
            Output.skipped(spec, result.problems());
            if (result.scanned() == 0 && !result.problems().isEmpty()) {
                return Output.usageError(spec, "no log file of " + groups + " could be read under " + logs.toAbsolutePath().normalize());
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

        private static List<String> groupsWithFiles(Path logs, Predicate<Path> logFile) throws IOException {
            try (Stream<Path> folders = Files.list(logs)) {
                return folders.filter(folder -> Output.nothingToRead(folder, LOG_FILES, logFile) == null)
                        .map(folder -> DataLayout.nameOfFolder(folder.getFileName().toString())).sorted().toList();
            }
        }
    }
}
