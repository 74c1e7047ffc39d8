package dev.monitor.core.alarms.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monitor.core.alarms.AlarmState;
import dev.monitor.core.alarms.ComparisonOperator;
import dev.monitor.core.alarms.MetricAlarm;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class AlarmReplayTest {
    private static MetricAlarm.Builder alarm() {
        return MetricAlarm.builder("Errors").metric("Shop", "Errors").statistic("Sum").period(60).evaluationPeriods(1)
                .threshold(5).comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD);
    }

    @Test
    @Timeout(30)
    void datapointsFarApartAreEvaluatedWhereTheyAreNotAtEveryPeriodBetween() {
        List<AlarmReplay.Point> points = List.of(
                new AlarmReplay.Point(null, Instant.parse("1970-01-01T00:00:30Z"), 9),
                new AlarmReplay.Point(null, Instant.parse("9999-12-31T23:58:10Z"), 1));
        List<AlarmReplay.Result> results = AlarmReplay.run(alarm().build(), points, AlarmState.INSUFFICIENT_DATA, List.of());
        int range = Evaluation.rangeLength(1);
        assertEquals(range + 2, results.size(), "the first value's range, one end after it, and the last value's end: " + results);
        assertEquals(Instant.parse("1970-01-01T00:01:00Z"), results.get(0).timestamp());
        assertEquals(AlarmState.ALARM, results.get(0).state());
        AlarmReplay.Result emptied = results.get(range);
        assertEquals(Instant.parse("1970-01-01T00:01:00Z").plusSeconds(60L * range), emptied.timestamp());
        assertEquals(AlarmState.INSUFFICIENT_DATA, emptied.state(), "the range emptied: " + emptied.reason());
        assertEquals(Instant.parse("9999-12-31T23:59:00Z"), results.get(range + 1).timestamp());
        assertEquals(AlarmState.OK, results.get(range + 1).state());
    }

    @Test
    void contiguousDataIsEvaluatedAtEveryPeriodUpToTheLastValue() {
        List<AlarmReplay.Point> points = new ArrayList<>();
        for (int minute = 0; minute < 10; minute++) {
            points.add(new AlarmReplay.Point(null, Instant.parse("2026-01-01T00:00:00Z").plusSeconds(60L * minute), 9));
        }
        List<Instant> ends = AlarmReplay.evaluationEnds(points, 60, 3);
        assertEquals(10, ends.size());
        assertEquals(Instant.parse("2026-01-01T00:01:00Z"), ends.get(0));
        assertEquals(Instant.parse("2026-01-01T00:10:00Z"), ends.get(ends.size() - 1));
    }

    @Test
    void tooManyEvaluationsAreRefusedNamingTheCountAndTheLimit() {
        List<AlarmReplay.Point> points = new ArrayList<>();
        for (int day = 0; day < 20_000; day++) {
            points.add(new AlarmReplay.Point(null, Instant.parse("2000-01-01T00:00:00Z").plusSeconds(86_400L * day), 1));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AlarmReplay.evaluationEnds(points, 60, 100));
        assertTrue(e.getMessage().contains("at 2019900 period ends, more than the limit of 1000000"), e.getMessage());
    }
}
