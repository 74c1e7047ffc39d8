package dev.monitor.cli;

import dev.monitor.api.metrics.Dimension;
import dev.monitor.core.export.EmfReader;
import dev.monitor.core.export.Signal;
import dev.monitor.core.files.DataLayout;
import dev.monitor.core.metrics.Statistics;
import dev.monitor.core.metrics.internal.StatisticsJson;
import dev.monitor.core.metrics.StatisticsQuery;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code monitor metrics ...}: the verbs of {@code aws cloudwatch} that read metrics. */
@Command(name = "metrics", description = "Metrics written as EMF files under <data-dir>/metrics "
        + "and the folders <data-dir>/layout.json records for exporters with a directory of their own.",
        subcommands = {MetricsCommands.GetStatistics.class}, mixinStandardHelpOptions = true)
final class MetricsCommands {

    /**
     * Like {@code aws cloudwatch get-metric-statistics}: the same options, the same time range (start
     * inclusive, end exclusive) and the same answer, {@code {"Label": ..., "Datapoints": [...]}}.
     */
    @Command(name = "get-statistics", mixinStandardHelpOptions = true,
            customSynopsis = {"monitor metrics get-statistics --namespace NAMESPACE --metric-name NAME",
                "           [--dimensions DIMENSION...] --period SECONDS",
                "           --start-time TIME --end-time TIME",
                "           [--statistics STATISTIC...] [--extended-statistics PERCENTILE...]",
                "           [--data-dir DIR] [-hV] [--debug]"},
            description = "Statistics of one metric per period, as aws cloudwatch get-metric-statistics answers.")
    static final class GetStatistics implements Callable<Integer> {
        private static final Pattern DIMENSION = Pattern.compile("Name=([^,]+),Value=(.+)");
        private static final String METRIC_FILES = "EMF metric files (" + DataLayout.Files.EMF.prefix()
                + "-*.jsonl, written by the emf exporter)";

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--data-dir", defaultValue = "monitor-data", paramLabel = "DIR", description = "The monitor's data directory (default: ${DEFAULT-VALUE}).")
        Path dataDir;

        @Option(names = "--namespace", required = true, paramLabel = "NAMESPACE", description = "The metric's namespace, such as Shop.")
        String namespace;

        @Option(names = "--metric-name", required = true, paramLabel = "NAME", description = "The metric's name, such as CheckoutLatency.")
        String metricName;

        @Option(names = "--dimensions", arity = "1..*", paramLabel = "DIMENSION",
                description = "The metric's complete dimension set, each dimension as Name=K,Value=V (default: none).")
        List<String> dimensions = new ArrayList<>();

        @Option(names = "--statistics", arity = "1..*", paramLabel = "STATISTIC",
                description = "Any of SampleCount, Average, Sum, Minimum, Maximum.")
        List<String> statistics = new ArrayList<>();

        @Option(names = "--extended-statistics", arity = "1..*", paramLabel = "PERCENTILE",
                description = "Percentiles such as p99 or p99.9.")
        List<String> extendedStatistics = new ArrayList<>();

        @Option(names = "--period", required = true, paramLabel = "SECONDS",
                description = "The length of each datapoint's period: 1, 5, 10, 20, 30 or a multiple of 60 seconds.")
        int period;

        @Option(names = "--start-time", required = true, paramLabel = "TIME", description = "The first datapoint's time, "
                + "inclusive: a datapoint at exactly this time is returned. ISO 8601 (UTC when no offset is given) or epoch seconds.")
        String startTime;

        @Option(names = "--end-time", required = true, paramLabel = "TIME", description = "The end of the range, exclusive: "
                + "datapoints before this time are returned. ISO 8601 (UTC when no offset is given) or epoch seconds.")
        String endTime;

        @Override
        public Integer call() throws Exception {
            List<String> problems = new ArrayList<>();
            List<Dimension> parsedDimensions = new ArrayList<>();
            for (String dimension : dimensions) {
                Matcher m = DIMENSION.matcher(dimension);
                if (m.matches()) {
                    parsedDimensions.add(new Dimension(m.group(1), m.group(2)));
                } else {
                    problems.add("--dimensions '" + dimension + "' is not of the form Name=k,Value=v");
                }
            }
            Instant start = Times.parse("--start-time", startTime, problems);
            Instant end = Times.parse("--end-time", endTime, problems);
            if (!problems.isEmpty() || start == null || end == null) {
                return Output.usageError(spec, problems);
            }
            StatisticsQuery query = new StatisticsQuery(namespace, metricName, parsedDimensions, start, end, period,
                    statistics, extendedStatistics);
            if (!query.problems().isEmpty()) {
                return Output.usageError(spec, query.problems());
            }
            DataLayout layout;
            try {
                layout = DataLayout.read(dataDir);
            } catch (UncheckedIOException e) {
                return Output.usageError(spec, e.getMessage());
            }
            List<Path> folders = layout.folders(Signal.METRICS.name());
            String nothing = null;
            for (Path folder : folders) {
                nothing = Output.nothingToRead(folder, METRIC_FILES, file -> DataLayout.Files.EMF.matches(file.getFileName().toString()));
                if (nothing == null) {
                    break;
                }
            }
            if (nothing != null) {
                return Output.usageError(spec, folders.size() == 1 ? nothing
                        : "no " + METRIC_FILES + " to read in any metrics folder: " + folders);
            }
            EmfReader.Result read = EmfReader.read(layout, (ns, name) -> ns.equals(namespace) && name.equals(metricName));
            Output.skipped(spec, read.problems());
            if (read.documents() == 0 && !read.problems().isEmpty()) {
                return Output.usageError(spec, "no " + METRIC_FILES + " could be read under "
                        + String.join(", ", folders.stream().map(f -> f.toAbsolutePath().normalize().toString()).toList())
                        + ": every file and line was skipped");
            }
            return Output.json(spec, StatisticsJson.tree(Statistics.answer(query, read.datapoints())));
        }
    }
}
