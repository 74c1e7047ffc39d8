package dev.monitor.core.alarms.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monitor.api.metrics.Metrics;
import dev.monitor.api.metrics.Resolution;
import dev.monitor.api.metrics.Unit;
import dev.monitor.testing.ManualClock;
import dev.monitor.core.alarms.AlarmHistoryItem;
import dev.monitor.core.alarms.AlarmService;
import dev.monitor.core.alarms.AlarmState;
import dev.monitor.core.alarms.BandPoint;
import dev.monitor.core.alarms.ComparisonOperator;
import dev.monitor.core.alarms.MetricAlarm;
import dev.monitor.core.alarms.MetricDataQuery;
import dev.monitor.core.alarms.MetricStat;
import dev.monitor.core.alarms.Statistic;
import dev.monitor.core.metrics.Datapoint;
import dev.monitor.core.metrics.MetricId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The engine as Monitor drives it: record each collection, then evaluate. */
class AlarmEngineTest {
    private static final MetricId REQUESTS = new MetricId("Shop", "Requests", List.of(), Unit.COUNT, Resolution.STANDARD);

    private final ManualClock clock = ManualClock.at("2026-01-01T01:00:00Z");

    private static MetricAlarm band() {
        return MetricAlarm.builder("RequestRateAnomaly")
                .query(MetricDataQuery.metric("m1", new MetricStat("Shop", "Requests", List.of(), 60, Statistic.simple("Sum")), true))
                .query(MetricDataQuery.expression("ad1", "ANOMALY_DETECTION_BAND(m1, 2)", true))
                .thresholdMetricId("ad1").evaluationPeriods(1)
                .comparisonOperator(ComparisonOperator.LESS_THAN_LOWER_OR_GREATER_THAN_UPPER_THRESHOLD).build();
    }

    /** Decides at the first evaluation after the current minute, in which 500 requests arrive. */
    private AlarmState firstEvaluationWith(List<Datapoint> history) {
        try (AlarmEngine engine = new AlarmEngine(clock, "0", "local", List::of, Metrics.noop())) {
            engine.putMetricAlarm(band(), history);
            engine.record(List.of(Datapoint.single(REQUESTS, clock.instant().plusSeconds(30), 500)));
            clock.advance(Duration.ofMinutes(1));
            engine.evaluate();
            return engine.describe("RequestRateAnomaly").orElseThrow().state();
        }
    }

    @Test
    void aBandLearnsFromTheHistoryAnAlarmIsPutWithAndDecidesAtOnce() {
        List<Datapoint> history = new ArrayList<>();
        Instant now = clock.instant();
        for (int i = 48; i >= 1; i--) {
            history.add(Datapoint.single(REQUESTS, now.minusSeconds(60L * i), i % 2 == 0 ? 99 : 101));
        }
        history.add(Datapoint.single(new MetricId("Shop", "Other", List.of(), Unit.COUNT, Resolution.STANDARD),
                now.minusSeconds(60), 1e9)); // another metric's datapoint is not the alarm's
        assertEquals(AlarmState.ALARM, firstEvaluationWith(history), "500 is far outside a band learnt around 100");
        assertEquals(AlarmState.INSUFFICIENT_DATA, firstEvaluationWith(List.of()),
                "without history the band needs 24 periods first");
    }

    @Test
    void theBandOfAnAlarmIsGivenPerPeriodOfARangeWithoutTeachingTheModel() {
        List<Datapoint> history = new ArrayList<>();
        Instant now = clock.instant();
        for (int i = 48; i >= 1; i--) {
            history.add(Datapoint.single(REQUESTS, now.minusSeconds(60L * i), i % 2 == 0 ? 99 : 101));
        }
        try (AlarmEngine engine = new AlarmEngine(clock, "0", "local", List::of, Metrics.noop())) {
            engine.putMetricAlarm(band(), history);
            assertEquals(band(), engine.definition("RequestRateAnomaly").orElseThrow());
            List<BandPoint> points = engine.band("RequestRateAnomaly", now.minusSeconds(3600).plusMillis(1), now.plusSeconds(120));
            assertEquals(61, points.size(), "the periods starting after 00:00:00.001 and before 01:02: 00:01 to 01:01");
            assertEquals(now.minusSeconds(3540), points.get(0).timestamp());
            assertEquals(now.plusSeconds(60), points.get(points.size() - 1).timestamp());
            for (BandPoint point : points) {
                assertTrue(point.lower() < 100 && 100 < point.upper(), point.toString());
            }
            assertEquals(2, engine.band("RequestRateAnomaly", now.minusSeconds(120), now).size(), "the end is excluded");
            assertEquals(AlarmService.MAX_BAND_POINTS, engine.band("RequestRateAnomaly", now.minus(Duration.ofDays(3)), now).size());
            // Asking taught the model nothing: 500 is still far outside the band when the alarm is evaluated.
            engine.record(List.of(Datapoint.single(REQUESTS, now.plusSeconds(30), 500)));
            clock.advance(Duration.ofMinutes(1));
            engine.evaluate();
            assertEquals(AlarmState.ALARM, engine.describe("RequestRateAnomaly").orElseThrow().state());

            MetricAlarm fixed = MetricAlarm.builder("Fixed").metric("Shop", "Requests").statistic("Sum").period(60)
                    .threshold(1).comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD).build();
            engine.putMetricAlarm(fixed);
            assertEquals(List.of(), engine.band("Fixed", now.minusSeconds(3600), now), "a fixed threshold has no band");
            assertEquals(List.of(), engine.band("Nope", now.minusSeconds(3600), now));
            assertTrue(engine.definition("Nope").isEmpty());
        }
    }

    @Test
    void aReplacedAlarmKeepsItsStateAndHistoryAndADeletedOneForgetsBoth() {
        try (AlarmEngine engine = new AlarmEngine(clock, "0", "local", List::of, Metrics.noop())) {
            MetricAlarm alarm = MetricAlarm.builder("A").metric("Shop", "Requests").statistic("Sum").period(60)
                    .threshold(1).comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD).build();
            engine.putMetricAlarm(alarm);
            engine.setAlarmState("A", AlarmState.ALARM, "test");
            engine.putMetricAlarm(alarm);
            assertEquals(AlarmState.ALARM, engine.describe("A").orElseThrow().state());
            assertEquals(List.of("Alarm \"A\" updated", "Alarm updated from INSUFFICIENT_DATA to ALARM", "Alarm \"A\" created"),
                    engine.history("A").stream().map(AlarmHistoryItem::summary).toList());
            engine.deleteAlarms("A");
            assertEquals(List.of(), engine.history("A"));
            engine.putMetricAlarm(alarm);
            assertEquals(AlarmState.INSUFFICIENT_DATA, engine.describe("A").orElseThrow().state());
            assertEquals(1, engine.history("A").size());
        }
    }

    @Test
    void aReplayEvaluatesOnlyMetricAlarmsByName() {
        try (AlarmEngine engine = new AlarmEngine(clock, "0", "local", List::of, Metrics.noop())) {
            assertEquals("there is no metric alarm named 'Nope'",
                    assertThrows(IllegalArgumentException.class, () -> engine.evaluate("Nope", 0)).getMessage());
        }
    }
}
