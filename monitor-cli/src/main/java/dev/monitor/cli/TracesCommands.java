package dev.monitor.cli;

import dev.monitor.core.files.DataLayout;
import dev.monitor.xray.TraceIndex;
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

/** {@code monitor traces ...}: the verbs of {@code aws xray} over the segment files. */
@Command(name = "traces", description = "X-Ray segment documents written as JSON lines under <data-dir>/traces.",
        subcommands = {TracesCommands.GetServiceGraph.class, TracesCommands.GetTraceSummaries.class}, mixinStandardHelpOptions = true)
final class TracesCommands {

    /** The options both verbs share: where the files are and which traces count. */
    static final class Window {
        private static final Instant ALL_TIME_END = Instant.parse("9999-12-31T23:59:59Z");

        @Option(names = "--data-dir", defaultValue = "monitor-data", description = "The monitor's data directory (default: ${DEFAULT-VALUE}).")
        Path dataDir;

        @Option(names = "--start-time", description = "ISO 8601 (UTC when no offset is given) or epoch seconds; inclusive. Default: all.")
        String startTime;

        @Option(names = "--end-time", description = "ISO 8601 (UTC when no offset is given) or epoch seconds; exclusive. Default: all.")
        String endTime;

        /**
         * The segment files' traces and the window, or null after printing what is wrong: the
         * options, a traces folder that is missing or holds no segment file, or files none of
         * which could be read. Files that could not be read whole are reported, and the rest answer.
         */
        Traces read(CommandLine.Model.CommandSpec spec) {
            List<String> problems = new ArrayList<>();
            Instant start = startTime == null ? Instant.EPOCH : Times.parse("--start-time", startTime, problems);
            Instant end = endTime == null ? ALL_TIME_END : Times.parse("--end-time", endTime, problems);
            if (!problems.isEmpty()) {
                Output.usageError(spec, problems);
                return null;
            }
            Path folder = new DataLayout(dataDir).traces();
            String nothing = Output.nothingToRead(folder, "X-Ray segment files (*.jsonl, *.jsonl.gz)", TraceIndex::isSegmentFile);
            if (nothing != null) {
                Output.usageError(spec, nothing);
                return null;
            }
            List<String> skipped = new ArrayList<>();
            TraceIndex index = TraceIndex.read(folder, skipped);
            Output.skipped(spec, skipped);
            if (index.documentCount() == 0 && !skipped.isEmpty()) {
                Output.usageError(spec, "no segment document could be read from the segment files under "
                        + folder.toAbsolutePath().normalize());
                return null;
            }
            return new Traces(index, start, end);
        }
    }

    /** What a verb asks about: the traces read, and the window of start times. */
    record Traces(TraceIndex index, Instant start, Instant end) {
    }

    @Command(name = "get-service-graph", mixinStandardHelpOptions = true,
            description = "The service map of the traces in the window, as aws xray get-service-graph answers.")
    static final class GetServiceGraph implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        Window window;

        @Override
        public Integer call() throws Exception {
            Traces traces = window.read(spec);
            return traces == null ? MonitorCli.USAGE_ERROR : Output.json(spec, traces.index().serviceGraph(traces.start(), traces.end()));
        }
    }

    @Command(name = "get-trace-summaries", mixinStandardHelpOptions = true,
            description = "The traces in the window that match a filter expression, as aws xray get-trace-summaries answers.")
    static final class GetTraceSummaries implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        Window window;

        @Option(names = "--filter-expression", description = "An X-Ray filter expression, such as 'service(\"orders\") AND responsetime > 1'.")
        String filterExpression;

        @Override
        public Integer call() throws Exception {
            Traces traces = window.read(spec);
            if (traces == null) {
                return MonitorCli.USAGE_ERROR;
            }
            try {
                return Output.json(spec, traces.index().traceSummaries(filterExpression, traces.start(), traces.end()));
            } catch (IllegalArgumentException e) {
                return Output.usageError(spec, Output.problem("--filter-expression", e));
            }
        }
    }

}
