package dev.monitor.core.alarms.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.monitor.core.alarms.AlarmState;
import dev.monitor.core.alarms.TreatMissingData;
import dev.monitor.core.alarms.internal.Evaluation.Point;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The two tables of the CloudWatch User Guide, "Configuring how CloudWatch alarms treat missing
 * data", section "How alarm state is evaluated when data is missing", row by row. In a row, 0 is
 * a datapoint within the threshold, X a breaching one and - a missing one, oldest first; the
 * guide's alarms retrieve 5 datapoints for 3 evaluation periods. RETAIN is the guide's "Retain
 * current state".
 */
class EvaluationTest {
    private static final String RETAIN = "RETAIN";

    private static void row(int m, String points, String missing, String ignore, String breaching, String notBreaching) {
        Point[] range = parse(points);
        assertEquals(5, range.length);
        assertEquals(5, Evaluation.rangeLength(3), "the guide retrieves 5 datapoints for 3 evaluation periods");
        List<String> actual = new ArrayList<>();
        for (TreatMissingData treatment : new TreatMissingData[] {TreatMissingData.MISSING, TreatMissingData.IGNORE,
            TreatMissingData.BREACHING, TreatMissingData.NOT_BREACHING}) {
            AlarmState state = Evaluation.decide(range, 3, m, treatment).state();
            actual.add(state == null ? RETAIN : state.name());
        }
        assertEquals(List.of(missing, ignore, breaching, notBreaching), actual, m + " of 3, datapoints " + points);
    }

    static Point[] parse(String points) {
        String[] parts = points.trim().split("\\s+");
        Point[] range = new Point[parts.length];
        for (int i = 0; i < parts.length; i++) {
            range[i] = switch (parts[i]) {
                case "X" -> Point.BREACHING;
                case "0" -> Point.NOT_BREACHING;
                default -> Point.MISSING;
            };
        }
        return range;
    }

    @Test
    void firstTableThreeOutOfThree() {
        row(3, "0 - X - X", "OK", "OK", "OK", "OK");
        row(3, "0 - - - -", "OK", "OK", "OK", "OK");
        row(3, "- - - - -", "INSUFFICIENT_DATA", RETAIN, "ALARM", "OK");
        row(3, "0 X X - X", "ALARM", "ALARM", "ALARM", "ALARM");
        row(3, "- - - - X", "INSUFFICIENT_DATA", RETAIN, "ALARM", "OK");
        // The premature-transition rule: the oldest datapoint breaches and none is within the threshold.
        row(3, "X - - - -", "ALARM", RETAIN, "ALARM", "OK");
    }

    @Test
    void secondTableTwoOutOfThree() {
        row(2, "0 - X - X", "ALARM", "ALARM", "ALARM", "ALARM");
        row(2, "0 0 X 0 X", "ALARM", "ALARM", "ALARM", "ALARM");
        row(2, "0 - X - -", "OK", "OK", "ALARM", "OK");
        row(2, "- - - - 0", "OK", "OK", "ALARM", "OK");
        row(2, "- - - - X", "INSUFFICIENT_DATA", RETAIN, "ALARM", "OK");
    }

    @Test
    void theNewestRealDatapointsAreEvaluatedWhenThereAreEnough() {
        // Five real datapoints, three of them missing in between would not matter: the newest 3 decide.
        Evaluation.Outcome outcome = Evaluation.decide(parse("X X 0 0 0"), 3, 3, TreatMissingData.BREACHING);
        assertEquals(AlarmState.OK, outcome.state());
        assertEquals(List.of(4, 3, 2), outcome.evaluated());
        assertEquals(0, outcome.filled());
    }

    @Test
    void missingDatapointsAreFilledOnlyAsOftenAsNeeded() {
        Evaluation.Outcome outcome = Evaluation.decide(parse("- - - 0 X"), 3, 3, TreatMissingData.BREACHING);
        assertEquals(1, outcome.filled(), "two real datapoints need one filled to make three");
        assertEquals(AlarmState.OK, outcome.state());
    }
}
