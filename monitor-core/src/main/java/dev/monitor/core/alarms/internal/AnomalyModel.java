package dev.monitor.core.alarms.internal;

import java.util.Arrays;

/**
 * The model behind {@code ANOMALY_DETECTION_BAND}: the expected value of one metric statistic
 * at a time, learnt from the metric's own history, and a band of k robust standard deviations
 * around it.
 *
 * <p>The model is a robust decomposition, refitted as data arrives (at most once per hour of
 * data, and at every new point while fewer than 200 are known):
 *
 * <ol>
 *   <li><b>Trend</b>: the Theil-Sen line through the daily medians (the median of the slopes
 *       between every two days, then the median intercept). With less than two days, a flat line
 *       at the median.
 *   <li><b>Seasonality</b>: the median of the detrended values in each hour of the week, once two
 *       weeks are known; before that, in each hour of the day, once two days are known. An hour
 *       of the week seen fewer than twice falls back to its hour of the day.
 *   <li><b>Spread</b>: 1.4826 times the median absolute deviation of what remains, the robust
 *       estimate of a standard deviation; each value is compared with its slot's median of the
 *       other values, so that the estimate holds for values the model has not seen.
 * </ol>
 *
 * Every step uses medians, so outliers in the history (including past anomalies) barely move
 * the band. The history is a ring of at most {@link #CAPACITY} periods (two weeks of one-minute
 * periods); no band is given before {@link #MINIMUM_POINTS} periods are known.
 */
final class AnomalyModel {
    static final int CAPACITY = 20_160;
    static final int MINIMUM_POINTS = 24;
    private static final long HOUR = 3_600;
    private static final long DAY = 86_400;
    private static final long WEEK = 7 * DAY;

    private final long[] times = new long[CAPACITY];
    private final double[] values = new double[CAPACITY];
    private int size;
    private int next;
    private long newest = Long.MIN_VALUE;

    private boolean fitted;
    private long fittedAt = Long.MIN_VALUE;
    private int fittedSize;
    private double slope;
    private double intercept;
    private double[] hourOfDay;
    private double[] hourOfWeek;
    private double spread;

    /** A band at one time: {@code lower <= expected <= upper}. */
    record Band(double lower, double expected, double upper) {
    }

    /** Adds one period's value at {@code epochSecond}; older or repeated times are ignored. */
    void learn(long epochSecond, double value) {
        if (epochSecond <= newest || !Double.isFinite(value)) {
            return;
        }
        newest = epochSecond;
        times[next] = epochSecond;
        values[next] = value;
        next = (next + 1) % CAPACITY;
        size = Math.min(size + 1, CAPACITY);
    }

    long newest() {
        return newest;
    }

    /** The band at {@code epochSecond}, {@code k} robust standard deviations wide; null before enough data. */
    Band band(long epochSecond, double k) {
        if (size < MINIMUM_POINTS) {
            return null;
        }
        refitIfDue();
        double expected = expected(epochSecond);
        double width = k * spread;
        return new Band(expected - width, expected, expected + width);
    }

    private void refitIfDue() {
        boolean due = !fitted || (size < 200 && size != fittedSize) || newest - fittedAt >= HOUR;
        if (due) {
            fit();
        }
    }

    private double expected(long t) {
        return intercept + slope * t + seasonal(t);
    }

    private double seasonal(long t) {
        if (hourOfWeek != null) {
            double weekly = hourOfWeek[hourOfWeek(t)];
            if (!Double.isNaN(weekly)) {
                return weekly;
            }
        }
        if (hourOfDay != null) {
            double daily = hourOfDay[hourOfDay(t)];
            return Double.isNaN(daily) ? 0 : daily;
        }
        return 0;
    }

    private static int hourOfDay(long t) {
        return (int) (Math.floorMod(t, DAY) / HOUR);
    }

    private static int hourOfWeek(long t) {
        // Epoch second 0 was a Thursday; any fixed origin gives the same 168 slots.
        return (int) (Math.floorMod(t, WEEK) / HOUR);
    }

    private void fit() {
        long[] t = new long[size];
        double[] y = new double[size];
        int start = size < CAPACITY ? 0 : next;
        for (int i = 0; i < size; i++) {
            t[i] = times[(start + i) % CAPACITY];
            y[i] = values[(start + i) % CAPACITY];
        }
        long span = t[size - 1] - t[0];
        fitTrend(t, y, span);
        double[] detrended = new double[size];
        for (int i = 0; i < size; i++) {
            detrended[i] = y[i] - intercept - slope * t[i];
        }
        hourOfDay = span >= 2 * DAY ? slotMedians(t, detrended, 24, false) : null;
        hourOfWeek = span >= 2 * WEEK ? slotMedians(t, detrended, 168, true) : null;
        double[] residuals = leaveOneOutResiduals(t, detrended);
        double center = median(residuals.clone());
        for (int i = 0; i < size; i++) {
            residuals[i] = Math.abs(residuals[i] - center);
        }
        double typical = Math.abs(median(y.clone()));
        // A floor keeps a perfectly flat history from giving a band of width zero.
        spread = Math.max(1.4826 * median(residuals), 1e-6 * Math.max(1, typical));
        fitted = true;
        fittedAt = newest;
        fittedSize = size;
    }

    private void fitTrend(long[] t, double[] y, long span) {
        if (span < 2 * DAY) {
            slope = 0;
            intercept = median(y.clone());
            return;
        }
        long firstDay = Math.floorDiv(t[0], DAY);
        int days = (int) (Math.floorDiv(t[size - 1], DAY) - firstDay + 1);
        double[] dayMedians = new double[days];
        double[] dayTimes = new double[days];
        int used = 0;
        int i = 0;
        while (i < size) {
            long day = Math.floorDiv(t[i], DAY);
            int j = i;
            while (j < size && Math.floorDiv(t[j], DAY) == day) {
                j++;
            }
            dayMedians[used] = median(Arrays.copyOfRange(y, i, j));
            dayTimes[used] = day * DAY + DAY / 2.0;
            used++;
            i = j;
        }
        double[] slopes = new double[used * (used - 1) / 2];
        int s = 0;
        for (int a = 0; a < used; a++) {
            for (int b = a + 1; b < used; b++) {
                slopes[s++] = (dayMedians[b] - dayMedians[a]) / (dayTimes[b] - dayTimes[a]);
            }
        }
        slope = s == 0 ? 0 : median(Arrays.copyOf(slopes, s));
        double[] intercepts = new double[size];
        for (int k = 0; k < size; k++) {
            intercepts[k] = y[k] - slope * t[k];
        }
        intercept = median(intercepts);
    }

    /**
     * Each value's distance from the seasonal median of the other values in its slot. In-sample
     * residuals would understate the spread: with three weeks of history one value in three is
     * its slot's median and has a residual of zero.
     */
    private double[] leaveOneOutResiduals(long[] t, double[] detrended) {
        double[] residuals = new double[t.length];
        boolean weekly = hourOfWeek != null;
        boolean daily = hourOfDay != null;
        if (!weekly && !daily) {
            System.arraycopy(detrended, 0, residuals, 0, t.length);
            return residuals;
        }
        int slots = weekly ? 168 : 24;
        java.util.List<java.util.List<Integer>> members = new java.util.ArrayList<>();
        for (int s = 0; s < slots; s++) {
            members.add(new java.util.ArrayList<>());
        }
        for (int i = 0; i < t.length; i++) {
            members.get(weekly ? hourOfWeek(t[i]) : hourOfDay(t[i])).add(i);
        }
        for (java.util.List<Integer> slot : members) {
            Integer[] order = slot.toArray(Integer[]::new);
            Arrays.sort(order, (a, b) -> Double.compare(detrended[a], detrended[b]));
            int k = order.length;
            for (int j = 0; j < k; j++) {
                double others = k < 2 ? 0 : medianWithout(order, detrended, j);
                residuals[order[j]] = detrended[order[j]] - others;
            }
        }
        return residuals;
    }

    /** The median of {@code sorted} (indexes into values, ascending) without its element {@code skip}. */
    private static double medianWithout(Integer[] sorted, double[] values, int skip) {
        int n = sorted.length - 1;
        int mid = n / 2;
        double upper = values[sorted[mid < skip ? mid : mid + 1]];
        if (n % 2 == 1) {
            return upper;
        }
        double lower = values[sorted[mid - 1 < skip ? mid - 1 : mid]];
        return (lower + upper) / 2;
    }

    private static double[] slotMedians(long[] t, double[] r, int slots, boolean weekly) {
        double[][] buckets = new double[slots][];
        int[] counts = new int[slots];
        for (long time : t) {
            counts[weekly ? hourOfWeek(time) : hourOfDay(time)]++;
        }
        for (int s = 0; s < slots; s++) {
            buckets[s] = new double[counts[s]];
        }
        int[] filled = new int[slots];
        for (int i = 0; i < t.length; i++) {
            int slot = weekly ? hourOfWeek(t[i]) : hourOfDay(t[i]);
            buckets[slot][filled[slot]++] = r[i];
        }
        double[] medians = new double[slots];
        for (int s = 0; s < slots; s++) {
            medians[s] = counts[s] < 2 ? Double.NaN : median(buckets[s]);
        }
        return medians;
    }

    /** The median; sorts {@code values} in place. */
    private static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        Arrays.sort(values);
        int mid = values.length / 2;
        return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }
}
