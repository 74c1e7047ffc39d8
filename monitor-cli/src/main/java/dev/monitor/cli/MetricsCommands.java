package dev.monitor.cli;

import dev.monitor.api.metrics.Dimension;
import dev.monitor.core.export.EmfReader;
import dev.monitor.core.metrics.Statistics;
import dev.monitor.core.metrics.StatisticsJson;
import dev.monitor.core.metrics.StatisticsQuery;
import java.io.PrintWriter;
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
@Command(name = "metrics", description = "Metrics written as EMF files under <data-dir>/metrics.",
        subcommands = {MetricsCommands.GetStatistics.class}, mixinStandardHelpOptions = true)
final class MetricsCommands {

    /** Like {@code aws cloudwatch get-metric-statistics}. */
    @Command(name = "get-statistics", mixinStandardHelpOptions = true,
            description = "Statistics of one metric per period, as aws cloudwatch get-metric-statistics answers.")
    static final class GetStatistics implements Callable<Integer> {
        private static final Pattern DIMENSION = Pattern.compile("Name=([^,]+),Value=(.+)");

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--data-dir", defaultValue = "monitor-data", description = "The monitor's data directory (default: ${DEFAULT-VALUE}).")
        Path dataDir;

        @Option(names = "--namespace", required = true)
        String namespace;

        @Option(names = "--metric-name", required = true)
        String metricName;

        @Option(names = "--dimensions", arity = "1..*", description = "Name=k,Value=v ... : the metric's complete dimension set.")
        List<String> dimensions = new ArrayList<>();

        @Option(names = "--statistics", arity = "1..*", description = "SampleCount Average Sum Minimum Maximum")
        List<String> statistics = new ArrayList<>();

        @Option(names = "--extended-statistics", arity = "1..*", description = "Percentiles such as p99 p99.9")
        List<String> extendedStatistics = new ArrayList<>();

        @Option(names = "--period", required = true, description = "Seconds: 1, 5, 10, 30 or a multiple of 60.")
        int period;

        @Option(names = "--start-time", required = true, description = "ISO 8601 (UTC when no offset is given) or epoch seconds; inclusive.")
        String startTime;

        @Option(names = "--end-time", required = true, description = "ISO 8601 (UTC when no offset is given) or epoch seconds; exclusive.")
        String endTime;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
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
            EmfReader.Result read = EmfReader.readDirectory(dataDir.resolve("metrics"),
                    (ns, name) -> ns.equals(namespace) && name.equals(metricName));
            read.problems().forEach(p -> spec.commandLine().getErr().println("monitor: warning: skipped " + p));
            out.println(StatisticsJson.pretty(Statistics.answer(query, read.datapoints())));
            out.flush();
            return 0;
        }
    }
}
