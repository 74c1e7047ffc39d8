package dev.monitor.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.monitor.core.audit.AuditTrail;
import dev.monitor.core.audit.LookupAttribute;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code monitor audit ...}: the verbs of {@code aws cloudtrail} over the trail files. */
@Command(name = "audit", description = "The audit trail written in CloudTrail's layout under <data-dir>/audit.",
        subcommands = {AuditCommands.LookupEvents.class}, mixinStandardHelpOptions = true)
final class AuditCommands {

    @Command(name = "lookup-events", mixinStandardHelpOptions = true,
            description = "Finds records by one attribute, newest first, as aws cloudtrail lookup-events answers.")
    static final class LookupEvents implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--data-dir", defaultValue = "monitor-data", description = "The monitor's data directory (default: ${DEFAULT-VALUE}).")
        Path dataDir;

        @Option(names = "--lookup-attributes", description = "AttributeKey=K,AttributeValue=V; K is EventId, EventName, ReadOnly, "
                + "Username, ResourceType, ResourceName, EventSource or AccessKeyId.")
        String lookupAttributes;

        @Option(names = "--start-time", description = "ISO 8601 (UTC when no offset is given) or epoch seconds. Default: 90 days ago.")
        String startTime;

        @Option(names = "--end-time", description = "ISO 8601 (UTC when no offset is given) or epoch seconds. Default: now.")
        String endTime;

        @Option(names = "--max-results", defaultValue = "50", description = "1 to 50 (default: ${DEFAULT-VALUE}).")
        int maxResults;

        @Option(names = "--next-token", description = "The NextToken of the previous page.")
        String nextToken;

        @Override
        public Integer call() throws Exception {
            List<String> problems = new ArrayList<>();
            Instant end = endTime == null ? Instant.now() : Times.parse("--end-time", endTime, problems);
            Instant start = startTime == null ? Instant.now().minus(java.time.Duration.ofDays(90))
                    : Times.parse("--start-time", startTime, problems);
            LookupAttribute attribute = null;
            if (lookupAttributes != null) {
                attribute = attribute(lookupAttributes, problems);
            }
            ObjectNode answer = null;
            if (problems.isEmpty()) {
                try {
                    answer = AuditTrail.lookupEvents(dataDir, attribute, start, end, maxResults, nextToken);
                } catch (IllegalArgumentException e) {
                    problems.add(e.getMessage());
                }
            }
            if (!problems.isEmpty()) {
                problems.forEach(p -> spec.commandLine().getErr().println("monitor: error: " + p));
                return MonitorCli.USAGE_ERROR;
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println(LogsCommands.JSON.writeValueAsString(answer));
            out.flush();
            return 0;
        }

        /** {@code AttributeKey=Username,AttributeValue=ann}, as the AWS CLI's shorthand writes it. */
        private static LookupAttribute attribute(String text, List<String> problems) {
            String key = null;
            String value = null;
            for (String part : text.split(",", 2)) {
                int equals = part.indexOf('=');
                if (equals > 0 && part.substring(0, equals).equals("AttributeKey")) {
                    key = part.substring(equals + 1);
                } else if (equals > 0 && part.substring(0, equals).equals("AttributeValue")) {
                    value = part.substring(equals + 1);
                }
            }
            if (key == null || value == null) {
                problems.add("--lookup-attributes '" + text + "' is not AttributeKey=K,AttributeValue=V");
                return null;
            }
            try {
                return new LookupAttribute(key, value);
            } catch (IllegalArgumentException e) {
                problems.add("--lookup-attributes: " + e.getMessage());
                return null;
            }
        }
    }
}
