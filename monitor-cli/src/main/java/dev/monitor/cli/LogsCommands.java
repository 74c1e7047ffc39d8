package dev.monitor.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.monitor.core.logs.FilterPattern;
import java.io.PrintWriter;
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
        subcommands = {LogsCommands.TestMetricFilter.class}, mixinStandardHelpOptions = true)
final class LogsCommands {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

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
            PrintWriter out = spec.commandLine().getOut();
            FilterPattern pattern;
            try {
                pattern = FilterPattern.parse(filterPattern);
            } catch (IllegalArgumentException e) {
                spec.commandLine().getErr().println("monitor: error: " + e.getMessage());
                return MonitorCli.USAGE_ERROR;
            }
            ObjectNode answer = JSON.createObjectNode();
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
            out.println(JSON.writeValueAsString(answer));
            out.flush();
            return 0;
        }
    }
}
