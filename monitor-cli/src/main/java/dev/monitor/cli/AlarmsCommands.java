package dev.monitor.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.monitor.core.alarms.AlarmDefinitions;
import dev.monitor.core.alarms.AlarmState;
import dev.monitor.core.alarms.MetricAlarm;
import dev.monitor.core.alarms.internal.AlarmReplay;
import dev.monitor.core.config.ConfigNode;
import dev.monitor.core.internal.AwsCliTime;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/** {@code monitor alarms ...}: alarm verbs that work offline. */
@Command(name = "alarms", description = "CloudWatch alarm definitions, evaluated offline.",
        subcommands = {AlarmsCommands.Evaluate.class}, mixinStandardHelpOptions = true)
final class AlarmsCommands {

    /** Replays datapoints through an alarm definition on a simulated clock. */
    @Command(name = "evaluate", mixinStandardHelpOptions = true,
            description = {"Replays raw values through an alarm on a simulated clock and prints one JSON line per evaluation:",
                "{\"Timestamp\", \"StateValue\", \"StateReason\", \"StateReasonData\"}, times as the AWS CLI prints them."})
    static final class Evaluate implements Callable<Integer> {
        private static final ObjectMapper JSON = new ObjectMapper();
        private static final TypeReference<Map<String, Object>> SETTINGS = new TypeReference<>() { };

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--alarm", required = true, paramLabel = "FILE",
                description = "A JSON file with PutMetricAlarm's fields (AlarmName, MetricName, Namespace, Statistic, Period, ...).")
        Path alarmFile;

        @Option(names = "--datapoints", required = true, paramLabel = "FILE",
                description = "A JSON array of {\"Timestamp\": \"2026-01-01T00:01:30Z\", \"Value\": 12.5} (and \"Id\" for metric math).")
        Path datapointsFile;

        @Option(names = "--initial-state", defaultValue = "INSUFFICIENT_DATA", paramLabel = "STATE",
                description = "OK, ALARM or INSUFFICIENT_DATA (default: ${DEFAULT-VALUE}).")
        String initialState;

        @Option(names = "--evaluate-at", arity = "1..*", paramLabel = "TIME",
                description = "Times to evaluate at (default: the end of every period from the first value to the last).")
        List<String> evaluateAt = new ArrayList<>();

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            List<String> problems = new ArrayList<>();
            MetricAlarm alarm = readAlarm(problems);
            List<AlarmReplay.Point> points = readPoints(problems);
            AlarmState initial = null;
            try {
                initial = AlarmState.fromApiName(initialState);
            } catch (IllegalArgumentException e) {
                problems.add("--initial-state '" + initialState + "' is not one of OK, ALARM, INSUFFICIENT_DATA");
            }
            List<Instant> times = new ArrayList<>();
            for (String time : evaluateAt) {
                Instant parsed = Times.parse("--evaluate-at", time, problems);
                if (parsed != null) {
                    times.add(parsed);
                }
            }
            if (!problems.isEmpty()) {
                return Output.usageError(spec, problems);
            }
            List<AlarmReplay.Result> results;
            try {
                results = AlarmReplay.run(alarm, points, initial, times);
            } catch (IllegalArgumentException e) {
                return Output.usageError(spec, Output.problem(null, e));
            }
            for (AlarmReplay.Result result : results) {
                ObjectNode line = JSON.createObjectNode();
                line.put("Timestamp", AwsCliTime.format(result.timestamp()));
                line.put("StateValue", result.state().name());
                line.put("StateReason", result.reason());
                line.put("StateReasonData", result.reasonData());
                out.println(line);
            }
            out.flush();
            return 0;
        }

        private MetricAlarm readAlarm(List<String> problems) {
            JsonNode document = read(alarmFile, "--alarm", "the alarm definition (PutMetricAlarm's JSON)", problems);
            if (document == null) {
                return null;
            }
            if (!document.isObject()) {
                problems.add("--alarm " + alarmFile.toAbsolutePath().normalize()
                        + ": the alarm definition (PutMetricAlarm's JSON) is not a JSON object");
                return null;
            }
            List<String> found = new ArrayList<>();
            MetricAlarm alarm = AlarmDefinitions.metricAlarm(ConfigNode.root(JSON.convertValue(document, SETTINGS), found));
            found.forEach(p -> problems.add(alarmFile + ": " + p));
            return alarm;
        }

        private List<AlarmReplay.Point> readPoints(List<String> problems) {
            JsonNode document = read(datapointsFile, "--datapoints", "the datapoints to replay (a JSON array)", problems);
            List<AlarmReplay.Point> points = new ArrayList<>();
            if (document == null) {
                return points;
            }
            if (!document.isArray()) {
                problems.add(datapointsFile + ": must be a JSON array of {\"Timestamp\", \"Value\"} objects");
                return points;
            }
            for (int i = 0; i < document.size(); i++) {
                JsonNode item = document.get(i);
                String where = datapointsFile + "[" + i + "]";
                JsonNode value = item.get("Value");
                JsonNode timestamp = item.get("Timestamp");
                if (value == null || !value.isNumber() || timestamp == null || !timestamp.isTextual()) {
                    problems.add(where + ": needs \"Timestamp\" (text) and \"Value\" (a number)");
                    continue;
                }
                Instant time = Times.parse(where + ".Timestamp", timestamp.asText(), problems);
                if (time != null) {
                    JsonNode id = item.get("Id");
                    points.add(new AlarmReplay.Point(id == null ? null : id.asText(), time, value.doubleValue()));
                }
            }
            return points;
        }

        private static String reason(IOException e) {
            if (e instanceof JsonProcessingException json && json.getLocation() != null) {
                return json.getOriginalMessage() + " (line " + json.getLocation().getLineNr() + ", column "
                        + json.getLocation().getColumnNr() + ")";
            }
            return e.getMessage();
        }

        /** The file's JSON, or null after a problem that says what the file is for and where it was looked for. */
        private static JsonNode read(Path file, String option, String what, List<String> problems) {
            Path where = file.toAbsolutePath().normalize();
            if (!Files.exists(where)) {
                problems.add(option + ": " + what + " was looked for at " + where + ", which does not exist");
                return null;
            }
            if (!Files.isRegularFile(where)) {
                problems.add(option + ": " + what + " was looked for at " + where + ", which is not a file");
                return null;
            }
            try {
                JsonNode document = JSON.readTree(where.toFile());
                if (document == null || document.isMissingNode()) {
                    problems.add(option + " " + where + ": " + what + " is empty");
                    return null;
                }
                return document;
            } catch (IOException e) {
                problems.add(option + " " + where + ": " + what + " is not readable JSON: " + reason(e));
                return null;
            }
        }
    }
}
