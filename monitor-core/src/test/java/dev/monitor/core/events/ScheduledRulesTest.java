package dev.monitor.core.events;

import static dev.monitor.core.events.EventsFixture.quiet;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.monitor.core.Monitor;
import dev.monitor.core.events.EventsFixture.MetricCapture;
import dev.monitor.core.events.EventsFixture.Recorder;
import dev.monitor.testing.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scheduled rules on the monitor's clock. A scheduled rule's event is EventBridge's
 * {@code Scheduled Event} (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-run-lambda-schedule.html):
 * source {@code aws.events}, the rule's ARN as its one resource, an empty detail.
 */
class ScheduledRulesTest {
    static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");

    @TempDir
    Path dir;

    private static List<Instant> times(Recorder recorder) {
        return recorder.events().stream().map(e -> Instant.parse(e.get("time").asText())).sorted().toList();
    }

    @Test
    void aRuleFiresAtEachFireTimeOfItsScheduleOnTheMonitorsClock() throws Exception {
        ManualClock clock = new ManualClock(T0);
        MetricCapture metrics = new MetricCapture();
        Recorder hourly = new Recorder();
        Recorder noon = new Recorder();
        Recorder disabled = new Recorder();
        try (Monitor monitor = quiet(dir, clock, metrics).build()) {
            monitor.events().putRule(Rule.builder("hourly").schedule("rate(1 hour)").target(Target.handler("h", hourly)).build());
            monitor.events().putRule(Rule.builder("noon").schedule("cron(0 12 * * ? *)").target(Target.handler("h", noon)).build());
            monitor.events().putRule(Rule.builder("off").schedule("rate(1 minute)").state(RuleState.DISABLED)
                    .target(Target.handler("h", disabled)).build());
            clock.advance(Duration.ofMinutes(59));
            assertTrue(monitor.flush(Duration.ofSeconds(10)));
            assertEquals(List.of(), hourly.inputs, "not yet an hour");
            clock.advance(Duration.ofMinutes(1));
            assertTrue(monitor.flush(Duration.ofSeconds(10)));
            assertEquals(1, hourly.inputs.size());
            JsonNode event = hourly.events().get(0);
            assertEquals("Scheduled Event", event.get("detail-type").asText());
            assertEquals("aws.events", event.get("source").asText());
            assertEquals("arn:aws:events:local:000000000000:rule/hourly", event.get("resources").get(0).asText());
            assertEquals("2026-12-02T11:00:00Z", event.get("time").asText());
            assertEquals(0, event.get("detail").size());
            clock.advance(Duration.ofHours(3));
            assertTrue(monitor.flush(Duration.ofSeconds(10)));
            assertEquals(ScheduleExpression.parse("rate(1 hour)").nextFireTimes(T0, 4), times(hourly), "each fire time, none skipped");
            assertEquals(ScheduleExpression.parse("cron(0 12 * * ? *)").nextFireTimes(T0, 1), times(noon));
            assertEquals(List.of(), disabled.inputs);
        }
        assertEquals(4.0, metrics.sum("AWS/Events", "TriggeredRules", "RuleName", "hourly"));
        assertEquals(4.0, metrics.sum("AWS/Events", "Invocations", "RuleName", "hourly"));
    }

    /**
     * A flexible time window spreads each fire over the window after its scheduled time
     * (https://docs.aws.amazon.com/scheduler/latest/UserGuide/managing-schedule-flexible-time-windows.html):
     * none fires early, each fires once within the window, and fifty rules do not all fire in its first minute.
     */
    @Test
    void aFlexibleTimeWindowSpreadsFiresOverTheWindowAfterEachScheduledTime() throws Exception {
        ManualClock clock = new ManualClock(T0);
        List<Recorder> recorders = new java.util.ArrayList<>();
        try (Monitor monitor = quiet(dir, clock, new MetricCapture()).build()) {
            for (int i = 0; i < 50; i++) {
                Recorder recorder = new Recorder();
                recorders.add(recorder);
                monitor.events().putRule(Rule.builder("spread-" + i).schedule("rate(1 hour)")
                        .flexibleTimeWindow(FlexibleTimeWindow.flexible(Duration.ofMinutes(30))).target(Target.handler("h", recorder)).build());
            }
            clock.advance(Duration.ofMinutes(59));
            assertTrue(monitor.flush(Duration.ofSeconds(10)));
            assertEquals(0, recorders.stream().mapToInt(r -> r.inputs.size()).sum(), "none fires before its scheduled time");
            clock.advance(Duration.ofMinutes(2)); // 11:01
            assertTrue(monitor.flush(Duration.ofSeconds(10)));
            int inFirstMinutes = recorders.stream().mapToInt(r -> r.inputs.size()).sum();
            clock.advance(Duration.ofMinutes(29)); // 11:30, the window's end
            assertTrue(monitor.flush(Duration.ofSeconds(10)));
            assertTrue(inFirstMinutes < 50, "spread over the window, not all at once: " + inFirstMinutes + " in its first minute");
            for (Recorder recorder : recorders) {
                assertEquals(List.of(Instant.parse("2026-12-02T11:00:00Z")), times(recorder),
                        "each fires once within the window, stamped with its scheduled time");
            }
        }
    }

    @Test
    void firesMissedWhileTheApplicationWasDownAreMadeUpOnlyWhenTheRuleAsks() throws Exception {
        ManualClock clock = new ManualClock(T0);
        Recorder plain = new Recorder();
        Recorder replaying = new Recorder();
        EventSettings settings = EventSettings.builder()
                .rule(Rule.builder("plain").schedule("rate(1 hour)").target(Target.handler("h", plain)).build())
                .rule(Rule.builder("replaying").schedule("rate(1 hour)").replayMissedFires(true).target(Target.handler("h", replaying)).build())
                .build();
        try (Monitor monitor = quiet(dir, clock, new MetricCapture()).events(settings).build()) {
            clock.advance(Duration.ofHours(1));
            assertTrue(monitor.flush(Duration.ofSeconds(10)));
        }
        assertEquals(List.of(T0.plusSeconds(3600)), times(plain));
        assertEquals(List.of(T0.plusSeconds(3600)), times(replaying));
        clock.advance(Duration.ofHours(5).plusMinutes(30)); // the application is down from 11:00 to 16:30
        try (Monitor monitor = quiet(dir, clock, new MetricCapture()).events(settings).build()) {
            assertTrue(monitor.flush(Duration.ofSeconds(10)));
            assertEquals(1, plain.inputs.size(), "the plain rule made up nothing");
            assertEquals(ScheduleExpression.parse("rate(1 hour)").nextFireTimes(T0, 6), times(replaying),
                    "the replaying rule fired 12:00 to 16:00, missed while down");
            clock.advance(Duration.ofHours(1));
            assertTrue(monitor.flush(Duration.ofSeconds(10)));
            assertEquals(List.of(T0.plusSeconds(3600), Instant.parse("2026-12-02T17:30:00Z")), times(plain),
                    "the plain rule goes on an hour after the start");
            assertEquals(Instant.parse("2026-12-02T17:00:00Z"), times(replaying).get(times(replaying).size() - 1));
        }
    }
}
