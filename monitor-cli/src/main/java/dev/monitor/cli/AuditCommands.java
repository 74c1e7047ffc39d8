package dev.monitor.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.monitor.core.audit.AuditTrail;
import dev.monitor.core.audit.LookupAttribute;
import dev.monitor.core.audit.SigningKeys;
import dev.monitor.core.audit.TrailValidator;
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
        subcommands = {AuditCommands.LookupEvents.class, AuditCommands.ValidateLogs.class}, mixinStandardHelpOptions = true)
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
                return Output.usageError(spec, problems);
            }
            return Output.json(spec, answer);
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

    /** Like {@code aws cloudtrail validate-logs}: the same lines, summary and a non-zero exit when anything is wrong. */
    @Command(name = "validate-logs", mixinStandardHelpOptions = true,
            description = "Checks the digest chain, its signatures and every listed log file's hash.")
    static final class ValidateLogs implements Callable<Integer> {
        /** The exit status when the trail is not intact. */
        static final int INVALID = 1;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--data-dir", defaultValue = "monitor-data", description = "The monitor's data directory (default: ${DEFAULT-VALUE}).")
        Path dataDir;

        @Option(names = "--public-key", description = "The PEM public key (default: <data-dir>/audit/public-key.pem).")
        Path publicKey;

        @Option(names = "--start-time", required = true, description = "ISO 8601 (UTC when no offset is given) or epoch seconds.")
        String startTime;

        @Option(names = "--end-time", description = "ISO 8601 (UTC when no offset is given) or epoch seconds. Default: now.")
        String endTime;

        @Option(names = "--verbose", description = "Print every file, not only the invalid ones.")
        boolean verbose;

        @Override
        public Integer call() throws Exception {
            List<String> problems = new ArrayList<>();
            Instant start = Times.parse("--start-time", startTime, problems);
            Instant end = endTime == null ? Instant.now() : Times.parse("--end-time", endTime, problems);
            java.security.PublicKey key = null;
            if (problems.isEmpty()) {
                try {
                    key = SigningKeys.readPublicKey(publicKey != null ? publicKey : dataDir.resolve("audit/public-key.pem"));
                } catch (java.io.IOException e) {
                    problems.add("--public-key: " + e.getMessage());
                }
            }
            if (!problems.isEmpty()) {
                return Output.usageError(spec, problems);
            }
            TrailValidator.Report report = TrailValidator.validate(dataDir, key, start, end);
            PrintWriter out = spec.commandLine().getOut();
            out.println("Validating log files for trail under " + dataDir.resolve("audit") + " between " + start + " and " + end);
            out.println();
            for (TrailValidator.Finding finding : report.findings()) {
                if (verbose || !finding.valid()) {
                    out.printf("%-12s %s  %s%n", finding.kind(), finding.file(), finding.status());
                }
            }
            out.println();
            out.println("Results requested for " + start + " to " + end);
            out.println("Results found for " + start + " to " + end + ":");
            out.println();
            out.println(tally(report.validDigests(), report.digests(), "digest files"));
            out.println(tally(report.validLogFiles(), report.logFiles(), "log files"));
            out.flush();
            return report.valid() ? 0 : INVALID;
        }

        /** {@code 3/4 log files valid, 1/4 log files INVALID}, as the AWS CLI counts them. */
        private static String tally(long valid, long total, String what) {
            String line = valid + "/" + total + " " + what + " valid";
            return valid < total ? line + ", " + (total - valid) + "/" + total + " " + what + " INVALID" : line;
        }
    }
}
