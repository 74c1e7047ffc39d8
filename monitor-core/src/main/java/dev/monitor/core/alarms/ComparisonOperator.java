package dev.monitor.core.alarms;

/**
 * The seven comparison operators of PutMetricAlarm; {@link #apiName()} is the name CloudWatch
 * uses ({@code GreaterThanThreshold}). The last three compare with an anomaly detection band
 * named by the alarm's {@code ThresholdMetricId} instead of a fixed threshold.
 */
public enum ComparisonOperator {
    GREATER_THAN_OR_EQUAL_TO_THRESHOLD("GreaterThanOrEqualToThreshold", false),
    GREATER_THAN_THRESHOLD("GreaterThanThreshold", false),
    LESS_THAN_THRESHOLD("LessThanThreshold", false),
    LESS_THAN_OR_EQUAL_TO_THRESHOLD("LessThanOrEqualToThreshold", false),
    LESS_THAN_LOWER_OR_GREATER_THAN_UPPER_THRESHOLD("LessThanLowerOrGreaterThanUpperThreshold", true),
    LESS_THAN_LOWER_THRESHOLD("LessThanLowerThreshold", true),
    GREATER_THAN_UPPER_THRESHOLD("GreaterThanUpperThreshold", true);

    private final String apiName;
    private final boolean band;

    ComparisonOperator(String apiName, boolean band) {
        this.apiName = apiName;
        this.band = band;
    }

    /** The name PutMetricAlarm uses, such as {@code GreaterThanThreshold}. */
    public String apiName() {
        return apiName;
    }

    /** Whether this operator compares with an anomaly detection band. */
    public boolean usesBand() {
        return band;
    }

    /**
     * Whether {@code value} breaches a fixed threshold.
     *
     * @throws IllegalStateException for a band operator
     */
    public boolean breaches(double value, double threshold) {
        return switch (this) {
            case GREATER_THAN_OR_EQUAL_TO_THRESHOLD -> value >= threshold;
            case GREATER_THAN_THRESHOLD -> value > threshold;
            case LESS_THAN_THRESHOLD -> value < threshold;
            case LESS_THAN_OR_EQUAL_TO_THRESHOLD -> value <= threshold;
            default -> throw new IllegalStateException(apiName + " compares with a band");
        };
    }

    /**
     * Whether {@code value} breaches the band {@code [lower, upper]}.
     *
     * @throws IllegalStateException for a fixed-threshold operator
     */
    public boolean breaches(double value, double lower, double upper) {
        return switch (this) {
            case LESS_THAN_LOWER_OR_GREATER_THAN_UPPER_THRESHOLD -> value < lower || value > upper;
            case LESS_THAN_LOWER_THRESHOLD -> value < lower;
            case GREATER_THAN_UPPER_THRESHOLD -> value > upper;
            default -> throw new IllegalStateException(apiName + " compares with a fixed threshold");
        };
    }

    /** @throws IllegalArgumentException naming the value and the allowed ones */
    public static ComparisonOperator fromApiName(String name) {
        for (ComparisonOperator operator : values()) {
            if (operator.apiName.equals(name)) {
                return operator;
            }
        }
        throw new IllegalArgumentException("ComparisonOperator '" + name + "' is not one of "
                + java.util.Arrays.stream(values()).map(ComparisonOperator::apiName).toList());
    }
}
