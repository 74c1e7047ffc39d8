package dev.monitor.core.alarms.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.monitor.core.alarms.AlarmState;
import dev.monitor.core.alarms.ComparisonOperator;
import dev.monitor.core.alarms.MetricAlarm;
import dev.monitor.core.alarms.TreatMissingData;
import dev.monitor.core.alarms.internal.Evaluation.Point;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The M-out-of-N rules as properties over every kind of evaluation range. */
class EvaluationProperties {

    record Case(int n, int m, Point[] range, TreatMissingData treatment) {
        @Override
        public String toString() {
            return m + " of " + n + " " + Arrays.toString(range) + " " + treatment;
        }
    }

    @Provide
    Arbitrary<Case> cases() {
        return Combinators.combine(Arbitraries.integers().between(1, 10), Arbitraries.integers().between(1, 10),
                        Arbitraries.of(TreatMissingData.class), Arbitraries.longs())
                .as((n, m, treatment, seed) -> {
                    int mm = Math.min(m, n);
                    java.util.Random random = new java.util.Random(seed);
                    Point[] range = new Point[Evaluation.rangeLength(n)];
                    for (int i = 0; i < range.length; i++) {
                        range[i] = Point.values()[random.nextInt(3)];
                    }
                    return new Case(n, mm, range, treatment);
                });
    }

    @Property
    void aWindowWithNoDatapointWithinTheThresholdGoesToOkOnlyWhenMissingDataIsNotBreaching(@ForAll("cases") Case c) {
        Point[] range = c.range().clone();
        for (int i = 0; i < range.length; i++) {
            if (range[i] == Point.NOT_BREACHING) {
                range[i] = Point.BREACHING;
            }
        }
        AlarmState state = Evaluation.decide(range, c.n(), c.m(), c.treatment()).state();
        if (c.treatment() != TreatMissingData.NOT_BREACHING) {
            assertNotEquals(AlarmState.OK, state, c.toString());
        }
    }

    @Property
    void aFullyBreachingWindowGoesToAlarm(@ForAll("cases") Case c) {
        Point[] range = new Point[c.range().length];
        Arrays.fill(range, Point.BREACHING);
        assertEquals(AlarmState.ALARM, Evaluation.decide(range, c.n(), c.m(), c.treatment()).state());
    }

    @Property
    void fewerThanMBreachingDatapointsNeverAlarmWithoutThePrematureRule(@ForAll("cases") Case c) {
        Evaluation.Outcome outcome = Evaluation.decide(c.range(), c.n(), c.m(), c.treatment());
        if (outcome.state() == AlarmState.ALARM && outcome.basis() != Evaluation.Basis.PREMATURE) {
            assertEquals(true, outcome.breaching() >= c.m(), c.toString());
        }
        if (c.treatment() != TreatMissingData.BREACHING && count(c.range(), Point.BREACHING) < c.m()) {
            assertEquals(true, outcome.state() != AlarmState.ALARM || outcome.basis() == Evaluation.Basis.PREMATURE,
                    c.toString());
        }
    }

    @Property
    void atMostNDatapointsAreEvaluated(@ForAll("cases") Case c) {
        Evaluation.Outcome outcome = Evaluation.decide(c.range(), c.n(), c.m(), c.treatment());
        assertEquals(true, outcome.evaluated().size() + outcome.filled() <= c.n(), c.toString());
    }

    private static int count(Point[] range, Point kind) {
        return (int) Arrays.stream(range).filter(p -> p == kind).count();
    }

    @Property(tries = 50)
    void replayingTheSameDataOnTheInjectedClockGivesTheSameHistory(@ForAll long seed) {
        java.util.Random random = new java.util.Random(seed);
        java.util.List<AlarmReplay.Point> points = new java.util.ArrayList<>();
        java.time.Instant start = java.time.Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; i < 40; i++) {
            if (random.nextInt(4) > 0) {
                points.add(new AlarmReplay.Point(null, start.plusSeconds(i * 10L + random.nextInt(10)), random.nextInt(20)));
            }
        }
        MetricAlarm alarm = MetricAlarm.builder("Replay").metric("Shop", "M").extendedStatistic("p90").period(10)
                .evaluationPeriods(1 + random.nextInt(5)).threshold(10)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                .treatMissingData(TreatMissingData.values()[random.nextInt(4)]).build();
        assertEquals(AlarmReplay.run(alarm, points, AlarmState.INSUFFICIENT_DATA, java.util.List.of()),
                AlarmReplay.run(alarm, points, AlarmState.INSUFFICIENT_DATA, java.util.List.of()));
    }
}
