package dev.monitor.cli;

import dev.monitor.reviewer.Baseline;
import dev.monitor.reviewer.ChangedLines;
import dev.monitor.reviewer.ReportFormat;
import dev.monitor.reviewer.Review;
import dev.monitor.reviewer.Reviewer;
import dev.monitor.reviewer.Severity;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code monitor review}: the code reviewer of monitor-reviewer over a source folder, as a CI step: findings as
 * text, JSON or SARIF, only the changed lines with {@code --diff}, known findings kept quiet by a baseline, and an
 * exit status of 1 when a finding reaches {@code --fail-on}.
 */
@Command(name = "review", mixinStandardHelpOptions = true,
        description = "Review Java sources for resource leaks, security, input validation, best practices and "
                + "observability misuse.",
        footer = {"", "Exit status: 0 no finding at or above --fail-on; 1 one at least; 252 options that cannot "
                + "be used; 255 the review failed."})
final class ReviewCommand implements Callable<Integer> {
    /** The exit status when a finding reaches the threshold, as validate-logs' "not intact". */
    static final int FINDINGS = 1;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--source", required = true, paramLabel = "DIR", description = "The folder (or file) of Java sources.")
    Path source;

    @Option(names = "--diff", paramLabel = "BASE..HEAD",
            description = "Only findings on lines changed between two git revisions (BASE alone: against the work tree).")
    String diff;

    @Option(names = "--format", defaultValue = "text", paramLabel = "FORMAT",
            description = "sarif, text or json (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--output", paramLabel = "FILE", description = "Write the report to FILE instead of the output.")
    Path output;

    @Option(names = "--baseline", paramLabel = "FILE", description = "Leave out the findings this baseline file lists.")
    Path baseline;

    @Option(names = "--write-baseline", paramLabel = "FILE", description = "Write the findings as a baseline file.")
    Path writeBaseline;

    @Option(names = "--fail-on", defaultValue = "high", paramLabel = "SEVERITY",
            description = "Exit 1 on a finding this severe: info, low, medium, high, critical or none "
                    + "(default: ${DEFAULT-VALUE}).")
    String failOn;

    @Override
    public Integer call() throws IOException {
        List<String> problems = new ArrayList<>();
        ReportFormat reportFormat = null;
        Severity threshold = null;
        try {
            reportFormat = ReportFormat.parse(format);
        } catch (IllegalArgumentException e) {
            problems.add("--format: " + e.getMessage());
        }
        if (!failOn.equalsIgnoreCase("none")) {
            try {
                threshold = Severity.parse(failOn);
            } catch (IllegalArgumentException e) {
                problems.add("--fail-on: " + e.getMessage().replace("critical", "critical, none"));
            }
        }
        if (!Files.exists(source)) {
            problems.add("--source: " + source.toAbsolutePath().normalize() + " does not exist");
        }
        if (baseline != null && !Files.isRegularFile(baseline)) {
            problems.add("--baseline: " + baseline.toAbsolutePath().normalize() + " is not a file");
        }
        if (!problems.isEmpty()) {
            return Output.usageError(spec, problems);
        }
        Reviewer.Builder builder = Reviewer.builder();
        Path root = source.toAbsolutePath().normalize();
        if (Files.isRegularFile(root)) {
            root = root.getParent();
        }
        if (diff != null) {
            ChangedLines changes;
            try {
                changes = ChangedLines.fromGit(Files.isDirectory(source) ? source : root, diff);
            } catch (IllegalArgumentException e) {
                return Output.usageError(spec, e.getMessage());
            } catch (IOException e) {
                return Output.usageError(spec, "--diff " + diff + ": " + e.getMessage());
            }
            builder.changedLines(changes);
            root = changes.root();
        } else {
            root = gitTop(root);
        }
        if (baseline != null) {
            try {
                builder.baseline(Baseline.read(baseline));
            } catch (IOException e) {
                return Output.usageError(spec, "--baseline: " + e.getMessage());
            }
        }
        Review review = builder.build().review(source, root);
        PrintWriter err = spec.commandLine().getErr();
        review.problems().forEach(problem -> err.println("monitor: warning: " + problem));
        err.flush();
        String report = reportFormat.render(review);
        if (output == null) {
            PrintWriter out = spec.commandLine().getOut();
            out.print(report);
            out.flush();
        } else {
            Files.writeString(output, report, StandardCharsets.UTF_8);
            if (reportFormat != ReportFormat.TEXT) {
                spec.commandLine().getOut().println(ReportFormat.summary(review));
                spec.commandLine().getOut().flush();
            }
        }
        if (writeBaseline != null) {
            Baseline.write(writeBaseline, review.findings());
        }
        return threshold != null && review.hasFindingAtLeast(threshold) ? FINDINGS : 0;
    }

    /**
     * The git repository's top folder above {@code folder}, found by its {@code .git} entry, or {@code folder}
     * itself outside a repository: code scanning wants paths from the repository's root.
     */
    private static Path gitTop(Path folder) {
        for (Path at = folder; at != null; at = at.getParent()) {
            if (Files.exists(at.resolve(".git"))) {
                return at;
            }
        }
        return folder;
    }
}
