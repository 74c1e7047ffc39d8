package dev.monitor.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.monitor.core.audit.AuditTrail;
import dev.monitor.core.audit.LookupAttribute;
import dev.monitor.core.audit.TrailValidator;
import dev.monitor.core.audit.SigningKeys;
import dev.monitor.core.files.DataLayout;
import dev.monitor.core.files.DataLayout.TrailKind;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code monitor audit ...}: the verbs of {@code aws cloudtrail} over the trail files. */
@Command(name = "audit", description = "The audit trail written in CloudTrail's layout under <data-dir>/audit.",
        subcommands = {AuditCommands.LookupEvents.class, AuditCommands.ValidateLogs.class, AuditCommands.ExportPublicKey.class}, mixinStandardHelpOptions = true)
final class AuditCommands {
    /** What lookups read, for the message when there is none. */
    private static final String TRAIL = "audit trail files (" + DataLayout.AWS_LOGS + "/<account>/" + TrailKind.RECORDS.folder()
            + "/**/*.json.gz), digests (" + TrailKind.DIGESTS.folder() + "/) or journal segments ("
            + journalSegments() + ")";

    /** {@code journal/journal-*.jsonl}: where the journal's segments are, below the audit folder. */
    private static String journalSegments() {
        DataLayout relative = new DataLayout(Path.of(""));
        return relative.audit().relativize(relative.auditJournalSegment("*")).toString().replace('\\', '/');
    }

    private static boolean trailOrJournal(Path file) {
        return DataLayout.isTrailFile(file, TrailKind.RECORDS) || DataLayout.isTrailFile(file, TrailKind.DIGESTS)
                || DataLayout.isJournalSegment(file.getFileName().toString());
    }

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
            if (!problems.isEmpty()) {
                return Output.usageError(spec, problems);
            }
            String nothing = Output.nothingToRead(new DataLayout(dataDir).audit(), TRAIL, AuditCommands::trailOrJournal);
            if (nothing != null) {
                return Output.usageError(spec, nothing);
            }
            List<String> skipped = new ArrayList<>();
            String answer;
            try {
                answer = AuditTrail.lookupEvents(dataDir, attribute, start, end, maxResults, nextToken, skipped);
            } catch (IllegalArgumentException e) {
                return Output.usageError(spec, (e.getMessage().startsWith("NextToken") ? "--next-token: " : "") + e.getMessage());
            } catch (java.io.IOException | java.io.UncheckedIOException e) {
                return Output.usageError(spec, "the audit trail under " + new DataLayout(dataDir).audit() + " could not be read: "
                        + e.getMessage());
            }
            Output.skipped(spec, skipped);
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

        @Mixin
        KeyFiles keys;

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
                String nothing = Output.nothingToRead(keys.layout().audit(), TRAIL, AuditCommands::trailOrJournal);
                if (nothing != null) {
                    return Output.usageError(spec, nothing);
                }
                try {
                    key = SigningKeys.readPublicKey(keys.publicKey());
                } catch (java.io.IOException e) {
                    problems.add("--public-key: " + e.getMessage());
                }
            }
            if (problems.isEmpty() && start.isAfter(end)) {
                problems.add("Invalid time range specified: --start-time " + startTime + " must occur before --end-time " + endTime);
            }
            if (!problems.isEmpty()) {
                return Output.usageError(spec, problems);
            }
            TrailValidator.Report report;
            try {
                report = TrailValidator.validate(keys.dataDir, key, start, end);
            } catch (java.io.IOException | java.io.UncheckedIOException e) {
                return Output.usageError(spec, "the audit trail under " + keys.layout().audit() + " could not be read: " + e.getMessage());
            }
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            // The AWS CLI's lines (awscli/customizations/cloudtrail/validation.py): valid files on stdout with --verbose,
            // invalid ones on stderr each followed by a blank line, then the summary.
            out.println("Validating log files for trail " + trailName(report) + " between " + TrailValidator.display(start) + " and "
                    + TrailValidator.display(end));
            out.println();
            out.flush();
            boolean lastDoubleSpaced = true;
            for (TrailValidator.Finding finding : report.findings()) {
                String line = finding.kind() + "\t" + finding.file() + "\t" + finding.status();
                if (!finding.valid()) {
                    err.print((lastDoubleSpaced ? "" : "\n") + line + "\n\n");
                    err.flush();
                    lastDoubleSpaced = true;
                } else if (verbose) {
                    out.println(line);
                    out.flush();
                    lastDoubleSpaced = false;
                }
            }
            for (String note : report.notes()) {
                err.print((lastDoubleSpaced ? "" : "\n") + note + "\n\n");
                lastDoubleSpaced = true;
            }
            err.flush();
            Output.skipped(spec, report.problems());
            if (!lastDoubleSpaced) {
                out.println();
            }
            out.println("Results requested for " + TrailValidator.display(start) + " to " + TrailValidator.display(end));
            if (report.digests() == 0) {
                out.println("No digests found");
            } else {
                if (report.foundStart() == null || report.foundEnd() == null) {
                    out.println("No valid digests found in range");
                } else {
                    out.println("Results found for " + TrailValidator.display(report.foundStart()) + " to "
                            + TrailValidator.display(report.foundEnd()) + ":");
                }
                out.print(ratio(report.validDigests(), report.digests(), "digest"));
                out.print(ratio(report.validLogFiles(), report.logFiles(), "log"));
                out.println();
            }
            if (report.digests() == 0 && report.logFiles() > 0) {
                out.println();
                out.print(ratio(report.validLogFiles(), report.logFiles(), "log").substring(1));
                out.println();
            }
            if (report.pendingRecords() > 0) {
                out.println(report.pendingRecords() + " records await delivery in " + keys.layout().auditJournal()
                        + ": no trail file or digest holds them yet (a crash left them; the next start delivers them)");
            }
            out.flush();
            return report.valid() ? 0 : INVALID;
        }

        /** {@code arn:aws:cloudtrail:<region>:<account>:trail/<name>} from the newest digest's name, as the AWS CLI names the trail. */
        private String trailName(TrailValidator.Report report) {
            for (TrailValidator.Finding finding : report.findings()) {
                if (finding.kind().equals("Digest file")) {
                    String name = finding.file().substring(finding.file().lastIndexOf('/') + 1);
                    String[] parts = name.split("_");
                    if (parts.length == 6) {
                        return "arn:aws:cloudtrail:" + parts[4] + ":" + parts[0] + ":trail/" + parts[3];
                    }
                }
            }
            return "under " + keys.layout().audit();
        }

        /** {@code \n3/4 log files valid, 1/4 log files INVALID}, as the AWS CLI writes it; nothing when there are none. */
        private static String ratio(long valid, long total, String name) {
            if (total == 0) {
                return "";
            }
            String line = "\n" + valid + "/" + total + " " + name + " files valid";
            return valid < total ? line + ", " + (total - valid) + "/" + total + " " + name + " files INVALID" : line;
        }
    }

    /**
     * Writes the public key that verifies digests as PKCS #1 DER, what CloudTrail's ListPublicKeys
     * returns, and prints it in ListPublicKeys' shape, so that the AWS CLI's validator can be fed.
     */
    @Command(name = "export-public-key", mixinStandardHelpOptions = true,
            description = "Writes the digest-signing public key as PKCS #1 DER (what ListPublicKeys returns) and prints it as "
                    + "ListPublicKeys does.")
    static final class ExportPublicKey implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        KeyFiles keys;

        @Option(names = "--der-file", description = "Where the DER goes (default: <data-dir>/audit/public-key.der).")
        Path derFile;

        @Override
        public Integer call() throws Exception {
            Path pem = keys.publicKey();
            if (!java.nio.file.Files.isRegularFile(pem)) {
                return Output.usageError(spec, "no digest-signing public key (PEM) to export: " + pem.toAbsolutePath().normalize()
                        + " does not exist (is --data-dir the monitor's data directory, or give --public-key)");
            }
            java.security.PublicKey key;
            try {
                key = SigningKeys.readPublicKey(pem);
            } catch (java.io.IOException e) {
                return Output.usageError(spec, "--public-key: " + e.getMessage());
            }
            byte[] der = SigningKeys.pkcs1Der(key);
            Path target = derFile != null ? derFile : keys.layout().audit().resolve("public-key.der");
            try {
                java.nio.file.Files.write(target, der);
            } catch (java.io.IOException e) {
                return Output.usageError(spec, "--der-file: the DER public key could not be written to " + target + ": " + e);
            }
            ObjectNode answer = Output.JSON.createObjectNode();
            ObjectNode entry = answer.putArray("PublicKeyList").addObject();
            entry.put("Value", java.util.Base64.getEncoder().encodeToString(der));
            entry.put("Fingerprint", SigningKeys.fingerprint(key));
            spec.commandLine().getErr().println("monitor: wrote " + target + " (PKCS #1 DER)");
            spec.commandLine().getErr().flush();
            return Output.json(spec, answer);
        }
    }

    /** Where the trail and its public key are: the options validate-logs and export-public-key share. */
    static final class KeyFiles {
        @Option(names = "--data-dir", defaultValue = "monitor-data", description = "The monitor's data directory (default: ${DEFAULT-VALUE}).")
        Path dataDir;

        @Option(names = "--public-key", description = "The PEM public key (default: <data-dir>/audit/public-key.pem).")
        Path publicKey;

        DataLayout layout() {
            return new DataLayout(dataDir);
        }

        Path publicKey() {
            return publicKey != null ? publicKey : layout().auditPublicKey();
        }
    }
}
