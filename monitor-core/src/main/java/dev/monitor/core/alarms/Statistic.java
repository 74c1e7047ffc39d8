package dev.monitor.core.alarms;

import dev.monitor.core.metrics.Values;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A statistic an alarm or a metric query asks of each period: one of CloudWatch's five
 * {@code Statistic} values or an {@code ExtendedStatistic}, with the meanings of CloudWatch's
 * "Statistics definitions" page:
 *
 * <ul>
 *   <li>{@code pNN}: the NNth percentile (nearest rank).
 *   <li>{@code TM(a:b)}, {@code tmNN} ({@code = TM(:NN%)}), {@code IQM} ({@code = TM(25%:75%)}):
 *       the mean of the values inside the bounds.
 *   <li>{@code TC}/{@code tcNN} and {@code TS}/{@code tsNN}: the count and the sum of those values.
 *   <li>{@code WM(a:b)}/{@code wmNN}: the mean after values outside the bounds are set to the
 *       value at the nearer bound (winsorized).
 *   <li>{@code PR(n:m)}: the percentage of values {@code v} with {@code n < v <= m}.
 * </ul>
 *
 * Bounds are percentages ({@code 10%}) or absolute values ({@code 150}); either may be omitted.
 * As the page says of percentile rank, a range excludes its lower bound and includes its upper
 * one. Percentage bounds cut by rank, so {@code TM(2%:98%)} of 100 samples drops the 2 lowest
 * and the 2 highest whatever their values.
 */
public final class Statistic {
    private static final Pattern PERCENTILE = Pattern.compile("p(\\d{1,3}(?:\\.\\d{1,10})?)");
    private static final Pattern SHORT = Pattern.compile("(tm|tc|ts|wm)(\\d{1,3}(?:\\.\\d{1,10})?)");
    private static final Pattern RANGE = Pattern.compile("(TM|TC|TS|WM|PR)\\(([^:()]*):([^:()]*)\\)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern BOUND = Pattern.compile("(-?\\d+(?:\\.\\d+)?(?:[eE][-+]?\\d+)?)(%?)");

    private enum Kind { SAMPLE_COUNT, SUM, AVERAGE, MINIMUM, MAXIMUM, PERCENTILE, TM, TC, TS, WM, PR }

    private final String name;
    private final Kind kind;
    private final Bound lower;
    private final Bound upper;

    /** A range bound: a percentage of the samples or an absolute value; null means open. */
    private record Bound(double value, boolean percent) {
    }

    private Statistic(String name, Kind kind, Bound lower, Bound upper) {
        this.name = name;
        this.kind = kind;
        this.lower = lower;
        this.upper = upper;
    }

    /** A {@code Statistic}: SampleCount, Sum, Average, Minimum or Maximum. */
    public static Statistic simple(String name) {
        Kind kind = switch (Objects.requireNonNull(name, "statistic")) {
            case "SampleCount" -> Kind.SAMPLE_COUNT;
            case "Sum" -> Kind.SUM;
            case "Average" -> Kind.AVERAGE;
            case "Minimum" -> Kind.MINIMUM;
            case "Maximum" -> Kind.MAXIMUM;
            default -> throw new IllegalArgumentException("Statistic '" + name
                    + "' is not one of SampleCount, Sum, Average, Minimum, Maximum");
        };
        return new Statistic(name, kind, null, null);
    }

    /**
     * An {@code ExtendedStatistic} such as {@code p99}, {@code tm90}, {@code TM(10%:90%)},
     * {@code IQM}, {@code tc90}, {@code ts90}, {@code wm98} or {@code PR(:300)}.
     *
     * @throws IllegalArgumentException naming the value and the rule it broke
     */
    public static Statistic extended(String text) {
        Objects.requireNonNull(text, "extended statistic");
        String trimmed = text.trim();
        if (trimmed.equalsIgnoreCase("IQM")) {
            return new Statistic("IQM", Kind.TM, new Bound(25, true), new Bound(75, true));
        }
        Matcher m = PERCENTILE.matcher(trimmed);
        if (m.matches()) {
            double p = percentage(text, m.group(1));
            return new Statistic("p" + m.group(1), Kind.PERCENTILE, null, new Bound(p, true));
        }
        m = SHORT.matcher(trimmed);
        if (m.matches()) {
            Kind kind = Kind.valueOf(m.group(1).toUpperCase(Locale.ROOT));
            return new Statistic(trimmed, kind, null, new Bound(percentage(text, m.group(2)), true));
        }
        m = RANGE.matcher(trimmed);
        if (m.matches()) {
            Kind kind = Kind.valueOf(m.group(1).toUpperCase(Locale.ROOT));
            Bound lower = bound(text, m.group(2));
            Bound upper = bound(text, m.group(3));
            if (lower == null && upper == null) {
                throw new IllegalArgumentException("extended statistic '" + text + "' needs at least one bound");
            }
            if (kind == Kind.PR && ((lower != null && lower.percent) || (upper != null && upper.percent))) {
                throw new IllegalArgumentException("extended statistic '" + text
                        + "': PR takes absolute values, not percentages");
            }
            if (lower != null && upper != null && lower.percent == upper.percent && lower.value > upper.value) {
                throw new IllegalArgumentException("extended statistic '" + text + "': the lower bound "
                        + lower.value + " is above the upper bound " + upper.value);
            }
            return new Statistic(trimmed, kind, lower, upper);
        }
        throw new IllegalArgumentException("extended statistic '" + text
                + "' is not pNN, tmNN, tcNN, tsNN, wmNN, IQM, TM(a:b), TC(a:b), TS(a:b), WM(a:b) or PR(n:m)");
    }

    private static double percentage(String text, String digits) {
        double p = Double.parseDouble(digits);
        if (p < 0 || p > 100) {
            throw new IllegalArgumentException("extended statistic '" + text + "': " + digits
                    + " is not a percentage from 0 to 100");
        }
        return p;
    }

    private static Bound bound(String text, String part) {
        if (part.isBlank()) {
            return null;
        }
        Matcher m = BOUND.matcher(part.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("extended statistic '" + text + "': bound '" + part
                    + "' is not a number or a percentage");
        }
        boolean percent = !m.group(2).isEmpty();
        double value = percent ? percentage(text, m.group(1)) : Double.parseDouble(m.group(1));
        return new Bound(value, percent);
    }

    /** The name as CloudWatch writes it: {@code Average}, {@code p99}, {@code TM(10%:90%)}. */
    public String name() {
        return name;
    }

    public boolean isExtended() {
        return kind.ordinal() >= Kind.PERCENTILE.ordinal();
    }

    /**
     * Whether {@code sampleCount} is too few for this percentile to mean much: fewer than
     * {@code 10/(1-p)} samples for p of 0.5 or more, fewer than {@code 10/p} below, as the
     * CloudWatch guide's "Percentile-based alarms and low data samples" section says.
     */
    public boolean tooFewSamples(long sampleCount) {
        if (kind != Kind.PERCENTILE) {
            return false;
        }
        double p = upper.value / 100.0;
        if (p <= 0 || p >= 1) {
            return false;
        }
        double needed = p >= 0.5 ? 10 / (1 - p) : 10 / p;
        return sampleCount < needed;
    }

    /**
     * This statistic of one period, from its statistic set (as PutMetricData's {@code StatisticValues})
     * and, for an extended statistic, its distribution; NaN when the period has no samples (or
     * none in range for TM and WM).
     *
     * @param values the period's distribution; read only by extended statistics, may be null for the others
     */
    public double of(long sampleCount, double sum, double minimum, double maximum, Values values) {
        if (sampleCount == 0) {
            return Double.NaN;
        }
        return switch (kind) {
            case SAMPLE_COUNT -> sampleCount;
            case SUM -> sum;
            case AVERAGE -> sum / sampleCount;
            case MINIMUM -> minimum;
            case MAXIMUM -> maximum;
            default -> of(Objects.requireNonNull(values, "values"));
        };
    }

    /** The extended statistic of a distribution; NaN when it has no samples. */
    double of(Values values) {
        long total = values.sampleCount();
        if (total == 0) {
            return Double.NaN;
        }
        if (kind == Kind.PERCENTILE) {
            return values.percentile(upper.value);
        }
        double[] v = values.values();
        long[] c = values.counts();
        double lowRank = lower != null && lower.percent ? Math.floor(lower.value / 100.0 * total) : 0;
        double highRank = upper != null && upper.percent ? Math.floor(upper.value / 100.0 * total) : total;
        double lowValue = lower != null && !lower.percent ? lower.value : Double.NEGATIVE_INFINITY;
        double highValue = upper != null && !upper.percent ? upper.value : Double.POSITIVE_INFINITY;
        long keptCount = 0;
        double keptSum = 0;
        double firstKept = Double.NaN;
        double lastKept = Double.NaN;
        long seen = 0;
        for (int i = 0; i < v.length; i++) {
            long from = seen + 1;
            long to = seen + c[i];
            seen = to;
            long ranksIn = Math.max(0, Math.min(to, (long) highRank) - Math.max(from, (long) lowRank + 1) + 1);
            if (ranksIn > 0 && v[i] > lowValue && v[i] <= highValue) {
                keptCount += ranksIn;
                keptSum += v[i] * ranksIn;
                if (Double.isNaN(firstKept)) {
                    firstKept = v[i];
                }
                lastKept = v[i];
            }
        }
        return switch (kind) {
            case TC -> keptCount;
            case TS -> keptSum;
            case TM -> keptCount == 0 ? Double.NaN : keptSum / keptCount;
            case PR -> 100.0 * keptCount / total;
            case WM -> winsorizedMean(v, c, total, lowRank, highRank, lowValue, highValue, firstKept, lastKept);
            default -> throw new IllegalStateException(kind.name());
        };
    }

    private static double winsorizedMean(double[] v, long[] c, long total, double lowRank, double highRank,
                                         double lowValue, double highValue, double firstKept, double lastKept) {
        if (Double.isNaN(firstKept)) {
            return Double.NaN;
        }
        // Values below the kept range count as its lowest kept value, those above as its highest.
        double floor = Double.isInfinite(lowValue) ? firstKept : lowValue;
        double ceiling = Double.isInfinite(highValue) ? lastKept : highValue;
        double sum = 0;
        long seen = 0;
        for (int i = 0; i < v.length; i++) {
            long from = seen + 1;
            long to = seen + c[i];
            seen = to;
            long below = Math.max(0, Math.min(to, (long) lowRank) - from + 1);
            long above = Math.max(0, to - Math.max(from, (long) highRank + 1) + 1);
            long inside = c[i] - below - above;
            double value = v[i] <= lowValue ? floor : v[i] > highValue ? ceiling : v[i];
            sum += below * floor + above * ceiling + inside * value;
        }
        return sum / total;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Statistic that && name.equals(that.name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return name;
    }
}
