package dev.monitor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code monitor alarms evaluate}: a CloudWatch definition replayed over raw values. */
class AlarmsEvaluateTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final CliRun cli = new CliRun();

    private int run(String... args) {
        return cli.run(args);
    }

    private List<JsonNode> lines() throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : cli.out().split("\n")) {
            if (!line.isBlank()) {
                lines.add(JSON.readTree(line));
            }
        }
        return lines;
    }

    @Test
    void replaysADefinitionCopiedFromCloudWatch() throws Exception {
        Path alarm = Files.writeString(dir.resolve("alarm.json"), """
                {"AlarmName": "HighLatency", "AlarmArn": "arn:aws:cloudwatch:us-east-1:123456789012:alarm:HighLatency",
                 "StateValue": "OK", "Namespace": "Shop", "MetricName": "Latency",
                 "Dimensions": [{"Name": "Operation", "Value": "PlaceOrder"}], "Statistic": "Maximum", "Period": 60,
                 "EvaluationPeriods": 3, "DatapointsToAlarm": 3, "Threshold": 250,
                 "ComparisonOperator": "GreaterThanThreshold", "TreatMissingData": "missing"}
                """);
        // The guide's row "X - - - -": one breaching datapoint, then nothing.
        Path points = Files.writeString(dir.resolve("points.json"), """
                [{"Timestamp": "2026-01-01T00:00:30Z", "Value": 300}, {"Timestamp": "2026-01-01T00:00:40Z", "Value": 700}]
                """);
        assertEquals(0, run("alarms", "evaluate", "--alarm", alarm.toString(), "--datapoints", points.toString(),
                "--evaluate-at", "2026-01-01T00:01:00Z", "2026-01-01T00:03:00Z", "2026-01-01T00:05:00Z"), cli.err());
        List<JsonNode> lines = lines();
        assertEquals(List.of("2026-01-01T00:01:00+00:00", "2026-01-01T00:03:00+00:00", "2026-01-01T00:05:00+00:00"),
                lines.stream().map(l -> l.get("Timestamp").asText()).toList());
        // At 00:01 the breaching datapoint is 1 period old ("- - - - X"): too fresh for ALARM with "missing".
        // From 00:03 it is at least DatapointsToAlarm (3) periods old with nothing newer: the premature rule says ALARM.
        assertEquals(List.of("INSUFFICIENT_DATA", "ALARM", "ALARM"), lines.stream().map(l -> l.get("StateValue").asText()).toList());
        JsonNode data = JSON.readTree(lines.get(2).get("StateReasonData").asText());
        assertEquals(700.0, data.get("recentDatapoints").get(0).asDouble(), "Maximum of the values in the period");
    }

    @Test
    void replaysAMathAlarmWithIds() throws Exception {
        Path alarm = Files.writeString(dir.resolve("alarm.json"), """
                {"AlarmName": "ErrorRate", "EvaluationPeriods": 1, "Threshold": 5,
                 "ComparisonOperator": "GreaterThanThreshold",
                 "Metrics": [
                   {"Id": "errors", "MetricStat": {"Metric": {"Namespace": "Shop", "MetricName": "Errors"}, "Period": 60, "Stat": "Sum"}, "ReturnData": false},
                   {"Id": "requests", "MetricStat": {"Metric": {"Namespace": "Shop", "MetricName": "Requests"}, "Period": 60, "Stat": "Sum"}, "ReturnData": false},
                   {"Id": "rate", "Expression": "100 * errors / requests", "Label": "Error rate"}]}
                """);
        Path points = Files.writeString(dir.resolve("points.json"), """
                [{"Id": "requests", "Timestamp": "2026-01-01T00:00:10Z", "Value": 50},
                 {"Id": "requests", "Timestamp": "2026-01-01T00:00:20Z", "Value": 50},
                 {"Id": "errors", "Timestamp": "2026-01-01T00:00:30Z", "Value": 2},
                 {"Id": "requests", "Timestamp": "2026-01-01T00:01:10Z", "Value": 100},
                 {"Id": "errors", "Timestamp": "2026-01-01T00:01:20Z", "Value": 9}]
                """);
        assertEquals(0, run("alarms", "evaluate", "--alarm", alarm.toString(), "--datapoints", points.toString()), cli.err());
        List<JsonNode> lines = lines();
        assertEquals(List.of("OK", "ALARM"), lines.stream().map(l -> l.get("StateValue").asText()).toList());
        assertTrue(lines.get(1).get("StateReason").asText().startsWith("Threshold Crossed: 1 datapoint [9.0 (01/01/26 00:01:00)]"),
                lines.get(1).get("StateReason").asText());
    }

    @Test
    void badDefinitionsAndDatapointsExitWith252NamingTheProblem() throws Exception {
        Path alarm = Files.writeString(dir.resolve("alarm.json"), """
                {"AlarmName": "X", "Namespace": "Shop", "MetricName": "M", "Statistic": "Sum", "Period": 45,
                 "Threshold": 1, "ComparisonOperator": "GreaterThanThreshold"}
                """);
        Path points = Files.writeString(dir.resolve("points.json"), "[{\"Timestamp\": \"yesterday\", \"Value\": 1}]");
        assertEquals(252, run("alarms", "evaluate", "--alarm", alarm.toString(), "--datapoints", points.toString(),
                "--initial-state", "BROKEN"));
        String message = cli.err();
        assertTrue(message.contains("Period 45 must be 10, 20, 30 or a multiple of 60"), message);
        assertTrue(message.contains("points.json[0].Timestamp 'yesterday' is not a time"), message);
        assertTrue(message.contains("--initial-state 'BROKEN'"), message);
    }

    @Test
    void aDefinitionThatIsNotAnObjectExitsWith252SayingSo() throws Exception {
        Path alarm = Files.writeString(dir.resolve("alarm.json"), "[{\"AlarmName\": \"X\"}]");
        Path points = Files.writeString(dir.resolve("points.json"), "[]");
        assertEquals(252, run("alarms", "evaluate", "--alarm", alarm.toString(), "--datapoints", points.toString()));
        String message = cli.err();
        assertTrue(message.contains("alarm.json: the alarm definition (PutMetricAlarm's JSON) is not a JSON object"), message);
    }
}
