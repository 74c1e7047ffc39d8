package dev.monitor.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.monitor.console.profiler.FlameGraphPage;
import dev.monitor.console.profiler.ProfileReports;
import dev.monitor.core.internal.AwsCliTime;
import dev.monitor.core.profiler.CollapsedProfile;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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

/**
 * {@code monitor profiler ...}: what the profiler wrote under {@code <data-dir>/profiles}, read back: flame graphs as
 * self-contained HTML files (the console's renderer), the merged stacks in the collapsed format for other tools
 * (flamegraph.pl, speedscope), and the recommendations and heap summaries as JSON laid out as the AWS CLI prints.
 */
@Command(name = "profiler", description = "Profiles the profiler wrote under <data-dir>/profiles: flame graphs, "
        + "collapsed stacks, recommendations, heap summaries.",
        subcommands = {ProfilerCommands.FlameGraph.class, ProfilerCommands.Collapsed.class, ProfilerCommands.Recommendations.class,
                ProfilerCommands.HeapSummary.class},
        mixinStandardHelpOptions = true)
final class ProfilerCommands {
    private static final Instant ALL_TIME_END = Instant.parse("9999-12-31T23:59:59Z");

    private ProfilerCommands() {
    }

    /** Where the profiles are, which group, and which time range. */
    static final class Profiles {
        @Option(names = "--data-dir", defaultValue = "monitor-data", description = "The monitor's data directory (default: ${DEFAULT-VALUE}).")
        Path dataDir;

        @Option(names = "--group", paramLabel = "GROUP", description = "The profiling group; default: the only one there is.")
        String group;

        @Option(names = "--start-time", paramLabel = "TIME", description = "ISO 8601 or epoch seconds; default: all.")
        String startTime;

        @Option(names = "--end-time", paramLabel = "TIME", description = "ISO 8601 or epoch seconds, exclusive; default: all.")
        String endTime;

        /** The group and range, or null after printing what is wrong with the options or the folder. */
        Selection select(CommandLine.Model.CommandSpec spec, List<String> problems) {
            Instant start = startTime == null ? Instant.EPOCH : Times.parse("--start-time", startTime, problems);
            Instant end = endTime == null ? ALL_TIME_END : Times.parse("--end-time", endTime, problems);
            if (start != null && end != null && !start.isBefore(end)) {
                problems.add("--start-time " + startTime + " is not before --end-time " + endTime);
            }
            if (!problems.isEmpty()) {
                Output.usageError(spec, problems);
                return null;
            }
            Path root = ProfileReports.root(dataDir);
            String nothing = Output.nothingToRead(root, "profiles (profiles/<group>/...)", file -> true);
            if (nothing != null) {
                Output.usageError(spec, nothing);
                return null;
            }
            List<String> groups = CollapsedProfile.groups(root);
            String where = root.toAbsolutePath().normalize().toString();
            if (group == null) {
                if (groups.size() != 1) {
                    Output.usageError(spec, groups.isEmpty() ? "no profiling group under " + where
                            : "profiles of " + groups.size() + " groups under " + where + " (" + String.join(", ", groups)
                            + "): name one with --group");
                    return null;
                }
                return new Selection(root, groups.get(0), start, end);
            }
            if (!groups.contains(group)) {
                Output.usageError(spec, "--group '" + group + "' has no profiles under " + where
                        + (groups.isEmpty() ? "" : "; the groups there: " + String.join(", ", groups)));
                return null;
            }
            return new Selection(root, group, start, end);
        }
    }

    /** What a verb reads: the profiles folder, the group and the range [start, end). */
    record Selection(Path root, String group, Instant start, Instant end) {
        String range() {
            return (start.equals(Instant.EPOCH) ? "any time" : AwsCliTime.format(start)) + " to "
                    + (end.equals(ALL_TIME_END) ? "now" : AwsCliTime.format(end));
        }
    }

    /** The kind option's value, or null after adding a problem that names it. */
    static String kind(String kind, List<String> problems) {
        if (!CollapsedProfile.KINDS.contains(kind)) {
            problems.add("--kind '" + kind + "' is not one of cpu, alloc, lock");
            return null;
        }
        return kind;
    }

    /** Writes {@code text} to {@code output}, or prints it when there is none. */
    static void write(CommandLine.Model.CommandSpec spec, Path output, String text) throws IOException {
        if (output == null) {
            PrintWriter out = spec.commandLine().getOut();
            out.print(text);
            out.flush();
            return;
        }
        Path parent = output.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(output, text, StandardCharsets.UTF_8);
    }

    @Command(name = "flamegraph", mixinStandardHelpOptions = true,
            description = {"A flame graph as one self-contained HTML file: searchable, zoomable, offline.",
                "With --baseline-start-time and --baseline-end-time, a differential one: red where a frame's share grew "
                        + "over the baseline, blue where it shrank."})
    static final class FlameGraph implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        Profiles profiles;

        @Option(names = "--kind", defaultValue = "cpu", paramLabel = "KIND", description = "cpu, alloc or lock (default: ${DEFAULT-VALUE}).")
        String kind;

        @Option(names = "--baseline-start-time", paramLabel = "TIME", description = "The start of the range to compare with.")
        String baselineStartTime;

        @Option(names = "--baseline-end-time", paramLabel = "TIME", description = "The end of the range to compare with, exclusive.")
        String baselineEndTime;

        @Option(names = "--output", paramLabel = "FILE", description = "Write the HTML here (default: print it).")
        Path output;

        @Override
        public Integer call() throws Exception {
            List<String> problems = new ArrayList<>();
            String chosen = kind(kind, problems);
            Instant baselineStart = null;
            Instant baselineEnd = null;
            if ((baselineStartTime == null) != (baselineEndTime == null)) {
                problems.add("--baseline-start-time and --baseline-end-time go together: give both or neither");
            } else if (baselineStartTime != null) {
                baselineStart = Times.parse("--baseline-start-time", baselineStartTime, problems);
                baselineEnd = Times.parse("--baseline-end-time", baselineEndTime, problems);
                if (baselineStart != null && baselineEnd != null && !baselineStart.isBefore(baselineEnd)) {
                    problems.add("--baseline-start-time " + baselineStartTime + " is not before --baseline-end-time " + baselineEndTime);
                }
            }
            Selection selection = profiles.select(spec, problems);
            if (selection == null) {
                return MonitorCli.USAGE_ERROR;
            }
            CollapsedProfile target = CollapsedProfile.read(selection.root(), selection.group(), chosen, selection.start(), selection.end());
            Output.skipped(spec, target.problems());
            if (target.isEmpty()) {
                return Output.usageError(spec, "no " + chosen + " stacks of profiling group " + selection.group() + " from "
                        + selection.range() + " under " + CollapsedProfile.groupFolder(selection.root(), selection.group()).resolve(chosen).toAbsolutePath().normalize());
            }
            String title = label(chosen) + " profile of " + selection.group();
            String html;
            if (baselineStart == null) {
                html = FlameGraphPage.html(title, selection.range() + ": " + target.total() + " " + FlameGraphPage.unit(chosen), chosen, target);
            } else {
                CollapsedProfile baseline = CollapsedProfile.read(selection.root(), selection.group(), chosen, baselineStart, baselineEnd);
                Output.skipped(spec, baseline.problems());
                html = FlameGraphPage.differentialHtml(title + ", compared",
                        selection.range() + " (" + target.total() + " " + FlameGraphPage.unit(chosen) + ") against "
                                + AwsCliTime.format(baselineStart) + " to " + AwsCliTime.format(baselineEnd) + " (" + baseline.total() + ")",
                        chosen, baseline, target);
            }
            write(spec, output, html);
            return 0;
        }

        private static String label(String kind) {
            return switch (kind) {
                case "alloc" -> "Allocation";
                case "lock" -> "Lock contention";
                default -> "CPU";
            };
        }
    }

    @Command(name = "collapsed", mixinStandardHelpOptions = true,
            description = "The range's stacks merged, in the collapsed format (frame;frame COUNT), for flamegraph.pl and other tools.")
    static final class Collapsed implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        Profiles profiles;

        @Option(names = "--kind", defaultValue = "cpu", paramLabel = "KIND", description = "cpu, alloc or lock (default: ${DEFAULT-VALUE}).")
        String kind;

        @Option(names = "--output", paramLabel = "FILE", description = "Write the stacks here (default: print them).")
        Path output;

        @Override
        public Integer call() throws Exception {
            List<String> problems = new ArrayList<>();
            String chosen = kind(kind, problems);
            Selection selection = profiles.select(spec, problems);
            if (selection == null) {
                return MonitorCli.USAGE_ERROR;
            }
            CollapsedProfile stacks = CollapsedProfile.read(selection.root(), selection.group(), chosen, selection.start(), selection.end());
            Output.skipped(spec, stacks.problems());
            write(spec, output, stacks.write());
            return 0;
        }
    }

    @Command(name = "recommendations", mixinStandardHelpOptions = true,
            description = "The recommendations of the range's intervals, with their matching stacks, as JSON.")
    static final class Recommendations implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        Profiles profiles;

        @Override
        public Integer call() throws Exception {
            Selection selection = profiles.select(spec, new ArrayList<>());
            if (selection == null) {
                return MonitorCli.USAGE_ERROR;
            }
            ProfileReports.Read<ProfileReports.RecommendationReport> read = ProfileReports.recommendations(selection.root(), selection.group(),
                    selection.start(), selection.end());
            Output.skipped(spec, read.problems());
            ObjectNode answer = Output.JSON.createObjectNode();
            answer.put("profilingGroupName", selection.group());
            Instant first = read.items().isEmpty() ? null : read.items().get(0).start();
            Instant last = read.items().stream().map(ProfileReports.RecommendationReport::end).max(Instant::compareTo).orElse(null);
            putTime(answer, "profileStartTime", selection.start().equals(Instant.EPOCH) ? first : selection.start());
            putTime(answer, "profileEndTime", selection.end().equals(ALL_TIME_END) ? last : selection.end());
            ArrayNode recommendations = answer.putArray("recommendations");
            for (ProfileReports.RecommendationReport report : read.items()) {
                for (ProfileReports.Recommendation r : report.recommendations()) {
                    ObjectNode one = recommendations.addObject();
                    one.put("ruleId", r.ruleId());
                    one.put("name", r.name());
                    one.put("kind", r.kind());
                    one.put("share", r.share());
                    one.put("threshold", r.threshold());
                    one.put("estimatedCpuShare", r.estimatedCpuShare());
                    if (r.estimatedYearlyCostUsd() == null) {
                        one.putNull("estimatedYearlyCostUsd");
                    } else {
                        one.put("estimatedYearlyCostUsd", r.estimatedYearlyCostUsd());
                    }
                    one.put("resolution", r.resolution());
                    ArrayNode stacks = one.putArray("matchingStacks");
                    r.matchingStacks().forEach(s -> stacks.addObject().put("stack", s.stack()).put("count", s.count()));
                    one.put("startTime", AwsCliTime.format(report.start()));
                    one.put("endTime", AwsCliTime.format(report.end()));
                }
            }
            return Output.json(spec, answer);
        }
    }

    private static void putTime(ObjectNode node, String field, Instant time) {
        if (time != null) {
            node.put(field, AwsCliTime.format(time));
        }
    }

    @Command(name = "heap-summary", mixinStandardHelpOptions = true,
            description = "The newest heap summary in the range: the classes using the most memory, and their change.")
    static final class HeapSummary implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        Profiles profiles;

        @Override
        public Integer call() throws Exception {
            Selection selection = profiles.select(spec, new ArrayList<>());
            if (selection == null) {
                return MonitorCli.USAGE_ERROR;
            }
            ProfileReports.Read<ProfileReports.HeapSummary> read = ProfileReports.heapSummaries(selection.root(), selection.group(),
                    selection.start(), selection.end());
            Output.skipped(spec, read.problems());
            if (read.items().isEmpty()) {
                return Output.usageError(spec, "no heap summary of profiling group " + selection.group() + " from " + selection.range()
                        + " under " + CollapsedProfile.groupFolder(selection.root(), selection.group()).resolve("heap").toAbsolutePath().normalize());
            }
            ProfileReports.HeapSummary summary = read.items().get(read.items().size() - 1);
            ObjectNode answer = Output.JSON.createObjectNode();
            answer.put("profilingGroupName", selection.group());
            answer.put("time", AwsCliTime.format(summary.time()));
            ArrayNode entries = answer.putArray("entries");
            for (ProfileReports.HeapEntry entry : summary.entries()) {
                ObjectNode one = entries.addObject();
                one.put("className", entry.className());
                one.put("instances", entry.instances());
                one.put("bytes", entry.bytes());
                if (entry.instancesChange() == null) {
                    one.putNull("instancesChange");
                } else {
                    one.put("instancesChange", entry.instancesChange());
                }
                if (entry.bytesChange() == null) {
                    one.putNull("bytesChange");
                } else {
                    one.put("bytesChange", entry.bytesChange());
                }
            }
            return Output.json(spec, answer);
        }
    }
}
