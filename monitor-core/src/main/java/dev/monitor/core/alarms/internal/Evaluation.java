package dev.monitor.core.alarms.internal;

import dev.monitor.core.alarms.AlarmState;
import dev.monitor.core.alarms.TreatMissingData;
import java.util.ArrayList;
import java.util.List;

/**
 * CloudWatch's decision for one evaluation of an M-out-of-N alarm, as the CloudWatch guide's
 * "How alarm state is evaluated when data is missing" section describes it. The input is the
 * evaluation range: more periods than N, oldest first, each breaching, not breaching or missing.
 *
 * <ol>
 *   <li>With at least N real datapoints in the range, the newest N real ones are evaluated and
 *       missing data does not matter.
 *   <li>With fewer, missing datapoints are filled as the alarm's {@link TreatMissingData} says,
 *       only as many as needed to make N, and every real datapoint in the range is included.
 *       {@code missing} and {@code ignore} fill nothing: the real datapoints decide when they can
 *       (M breaching means ALARM; one real non-breaching datapoint means OK, as the tables' rows
 *       {@code 0 - - - -} and {@code 0 - X - -} show), and otherwise the alarm goes to
 *       INSUFFICIENT_DATA ({@code missing}) or keeps its state ({@code ignore}).
 *   <li>The premature-transition rule: with {@code missing}, when every real datapoint is
 *       breaching and the oldest of them is at least M periods old, the alarm goes to ALARM even
 *       with fewer than M datapoints (the table's row {@code X - - - -}); a fresh breaching
 *       datapoint alone ({@code - - - - X}) does not yet send it there.
 * </ol>
 *
 * In all other cases M or more breaching datapoints among the N evaluated mean ALARM, fewer mean OK.
 * Not API.
 */
public final class Evaluation {

    enum Point { BREACHING, NOT_BREACHING, MISSING }

    /** How the outcome was reached; the state reason is worded after it. */
    enum Basis { REAL_DATA, FILLED, ALL_MISSING, PREMATURE, UNDECIDED }

    /**
     * @param state     the new state, or null to keep the current one
     * @param evaluated indexes into the range of the real datapoints evaluated, newest first
     * @param breaching how many evaluated datapoints (real and filled) breach
     * @param filled    how many missing datapoints were filled with the treatment
     */
    record Outcome(AlarmState state, Basis basis, List<Integer> evaluated, int breaching, int filled) {
    }

    private Evaluation() {
    }

    static Outcome decide(Point[] range, int n, int m, TreatMissingData treatment) {
        List<Integer> real = new ArrayList<>();
        int realBreaching = 0;
        for (int i = range.length - 1; i >= 0; i--) {
            if (range[i] != Point.MISSING) {
                real.add(i);
            }
        }
        if (real.size() >= n) {
            List<Integer> newest = real.subList(0, n);
            for (int index : newest) {
                realBreaching += range[index] == Point.BREACHING ? 1 : 0;
            }
            return new Outcome(realBreaching >= m ? AlarmState.ALARM : AlarmState.OK, Basis.REAL_DATA,
                    List.copyOf(newest), realBreaching, 0);
        }
        for (int index : real) {
            realBreaching += range[index] == Point.BREACHING ? 1 : 0;
        }
        int toFill = n - real.size();
        Basis filledBasis = real.isEmpty() ? Basis.ALL_MISSING : Basis.FILLED;
        switch (treatment) {
            case BREACHING -> {
                int breaching = realBreaching + toFill;
                return new Outcome(breaching >= m ? AlarmState.ALARM : AlarmState.OK, filledBasis, real, breaching, toFill);
            }
            case NOT_BREACHING -> {
                return new Outcome(realBreaching >= m ? AlarmState.ALARM : AlarmState.OK, filledBasis, real,
                        realBreaching, toFill);
            }
            default -> {
                if (real.isEmpty()) {
                    AlarmState state = treatment == TreatMissingData.MISSING ? AlarmState.INSUFFICIENT_DATA : null;
                    return new Outcome(state, Basis.ALL_MISSING, real, 0, 0);
                }
                if (realBreaching >= m) {
                    return new Outcome(AlarmState.ALARM, Basis.REAL_DATA, real, realBreaching, 0);
                }
                if (realBreaching < real.size()) {
                    return new Outcome(AlarmState.OK, Basis.REAL_DATA, real, realBreaching, 0);
                }
                int oldestAge = range.length - real.get(real.size() - 1);
                if (treatment == TreatMissingData.MISSING && oldestAge >= m) {
                    return new Outcome(AlarmState.ALARM, Basis.PREMATURE, real, realBreaching, 0);
                }
                AlarmState state = treatment == TreatMissingData.MISSING ? AlarmState.INSUFFICIENT_DATA : null;
                return new Outcome(state, Basis.UNDECIDED, real, realBreaching, 0);
            }
        }
    }

    /**
     * How many periods an evaluation looks at for N evaluation periods. CloudWatch retrieves "a
     * higher number of data points than specified by Evaluation Periods" without saying how many;
     * its tables use 5 for N = 3. We use N + max(2, N / 3).
     */
    public static int rangeLength(int evaluationPeriods) {
        return evaluationPeriods + Math.max(2, evaluationPeriods / 3);
    }
}
