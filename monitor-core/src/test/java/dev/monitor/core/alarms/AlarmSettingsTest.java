package dev.monitor.core.alarms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monitor.api.metrics.Metrics;
import dev.monitor.testing.ManualClock;
import dev.monitor.core.Monitor;
import dev.monitor.core.alarms.internal.AlarmEngine;
import dev.monitor.core.config.ConfigException;
import dev.monitor.core.config.ConfigNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The alarms a monitor starts with, from code and from its configuration file. */
class AlarmSettingsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final ManualClock clock = ManualClock.at("2026-01-01T00:00:00Z");

    private static MetricAlarm alarm(String name, String... actions) {
        return MetricAlarm.builder(name).metric("Shop", name).statistic("Sum").period(60).threshold(1)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD).onState(AlarmState.ALARM, actions).build();
    }

    private ConfigNode config(String json, List<String> problems) throws Exception {
        return ConfigNode.root(JSON.readValue(json, new com.fasterxml.jackson.core.type.TypeReference<java.util.Map<String, Object>>() { }), problems);
    }

    @Test
    void codeActionsReplaceTheFilesAndEachAlarmComesAfterWhatItNames() throws Exception {
        List<String> problems = new ArrayList<>();
        List<String> ran = new CopyOnWriteArrayList<>();
        AlarmSettings settings = AlarmSettings.builder()
                .alarm(CompositeAlarm.builder("Page").rule("ALARM(FromFile) OR ALARM(FromCode)").onState(AlarmState.ALARM, "hook").build())
                .alarm(alarm("FromCode", "hook"))
                .action("hook", change -> ran.add(change.alarmName()))
                .config(config("""
                        {"alarmActions": [{"name": "hook", "type": "webhook", "url": "http://127.0.0.1:9/never"}],
                         "alarms": [{"AlarmName": "FromFile", "Namespace": "Shop", "MetricName": "X", "Statistic": "Sum",
                                     "Period": 60, "Threshold": 1, "ComparisonOperator": "GreaterThanThreshold",
                                     "AlarmActions": ["hook"]}],
                         "compositeAlarms": [{"AlarmName": "Both", "AlarmRule": "ALARM(FromFile) AND ALARM(FromCode)"}]}
                        """, problems))
                .build();
        try (AlarmEngine alarms = new AlarmEngine(clock, "0", "local", List::of, Metrics.noop())) {
            assertEquals(List.of(), settings.applyTo(alarms, dir));
            assertEquals(List.of(), problems);
            assertEquals(List.of("FromFile", "FromCode", "Both", "Page"),
                    alarms.describeAll().stream().map(AlarmStatus::name).toList());
            alarms.setAlarmState("FromFile", AlarmState.ALARM, "test");
            assertTrue(alarms.awaitActions(Duration.ofSeconds(10)));
            assertEquals(List.of("FromFile"), ran, "the code's hook replaced the file's webhook");
        }
    }

    @Test
    void problemsNameTheFilesPathOrTheAlarmGivenInCode() throws Exception {
        List<String> problems = new ArrayList<>();
        AlarmSettings settings = AlarmSettings.builder()
                .alarm(alarm("Paging", "pager"))
                .config(config("""
                        {"alarms": [{"AlarmName": "Bad", "Namespace": "Shop", "MetricName": "X", "Statistic": "Sum",
                                     "Period": 60, "Threshold": 1, "ComparisonOperator": "Above"},
                                    {"AlarmName": "Unknown", "Namespace": "Shop", "MetricName": "X", "Statistic": "Sum",
                                     "Period": 60, "Threshold": 1, "ComparisonOperator": "GreaterThanThreshold",
                                     "AlarmActions": ["nobody"]}]}
                        """, problems))
                .build();
        try (AlarmEngine alarms = new AlarmEngine(clock, "0", "local", List::of, Metrics.noop())) {
            assertEquals(List.of("alarms[1]: alarm 'Unknown' names action 'nobody', which is not registered; registered: []",
                    "alarm(Paging): alarm 'Paging' names action 'pager', which is not registered; registered: []"),
                    settings.applyTo(alarms, dir));
            assertTrue(problems.get(0).startsWith("alarms[0].ComparisonOperator: ComparisonOperator 'Above' is not one of "
                    + "[GreaterThanOrEqualToThreshold, GreaterThanThreshold,"), problems.get(0));
        }
    }

    @Test
    void theMonitorBuilderCreatesItsAlarmsAtStartAndReportsTheirProblems() throws Exception {
        Path file = dir.resolve("monitor.yaml");
        Files.writeString(file, """
                alarmActions:
                  - {name: ops, type: topic}
                alarms:
                  - {AlarmName: FromFile, Namespace: Shop, MetricName: X, Statistic: Sum, Period: 60, Threshold: 1,
                     ComparisonOperator: GreaterThanThreshold, AlarmActions: [ops]}
                """);
        try (Monitor monitor = Monitor.builder().dataDir(dir).clock(clock).tickEvery(Duration.ZERO).config(file)
                .alarm(alarm("FromCode", "ops"))
                .alarm(CompositeAlarm.builder("Page").rule("ALARM(FromFile) OR ALARM(FromCode)").build())
                .build()) {
            assertEquals(List.of("FromFile", "FromCode", "Page"),
                    monitor.alarms().describeAll().stream().map(AlarmStatus::name).toList());
        }
        ConfigException e = assertThrows(ConfigException.class, () -> Monitor.builder().dataDir(dir).clock(clock)
                .tickEvery(Duration.ZERO).alarm(alarm("Orphan", "nowhere")).build());
        assertTrue(e.getMessage().contains("alarm(Orphan): alarm 'Orphan' names action 'nowhere', which is not registered"),
                e.getMessage());
    }
}
