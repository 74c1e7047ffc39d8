package dev.monitor.core.alarms;

/**
 * The seven comparison operators of PutMetricAlarm. The last three compare with an anomaly
 * detection band named by the alarm's {@code ThresholdMetricId} instead of a fixed threshold.
 */
public enum ComparisonOperator {
    GreaterThanOrEqualToThreshold("greater than or equal to", false),
    GreaterThanThreshold("greater than", false),
    LessThanThreshold("less than", false),
    LessThanOrEqualToThreshold("less than or equal to", false),
    LessThanLowerOrGreaterThanUpperThreshold("outside the band", true),
    LessThanLowerThreshold("less than the lower thresholds", true),
    GreaterThanUpperThreshold("greater than the upper thresholds", true);

    private final String words;
    private final boolean band;

    ComparisonOperator(String words, boolean band) {
        this.words = words;
        this.band = band;
    }

    /** Whether this operator compares with an anomaly detection band. */
    public boolean usesBand() {
        return band;
    }

    /** The phrase CloudWatch's state reasons use: "were greater than the threshold". */
    String words() {
        return words;
    }

    /** Whether {@code value} breaches a fixed threshold. */
    boolean breaches(double value, double threshold) {
        return switch (this) {
            case GreaterThanOrEqualToThreshold -> value >= threshold;
            case GreaterThanThreshold -> value > threshold;
            case LessThanThreshold -> value < threshold;
            case LessThanOrEqualToThreshold -> value <= threshold;
            default -> throw new IllegalStateException(name() + " compares with a band");
        };
    }

    /** Whether {@code value} breaches the band {@code [lower, upper]}. */
    boolean breaches(double value, double lower, double upper) {
        return switch (this) {
            case LessThanLowerOrGreaterThanUpperThreshold -> value < lower || value > upper;
            case LessThanLowerThreshold -> value < lower;
            case GreaterThanUpperThreshold -> value > upper;
            default -> throw new IllegalStateException(name() + " compares with a fixed threshold");
        };
    }

    /** @throws IllegalArgumentException naming the value and the allowed ones */
    public static ComparisonOperator fromApiName(String name) {
        for (ComparisonOperator operator : values()) {
            if (operator.name().equals(name)) {
                return operator;
            }
        }
        throw new IllegalArgumentException("ComparisonOperator '" + name + "' is not one of "
                + java.util.Arrays.toString(values()));
    }
}
