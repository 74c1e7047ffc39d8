package dev.monitor.api.metrics;

/**
 * The units CloudWatch accepts for a metric, with the exact names it uses in {@code PutMetricData}
 * and the embedded metric format (see the {@code MetricDatum} API reference). Like every enum of
 * Monitor that stands for an AWS value, {@link #apiName()} is the value on the wire and
 * {@link #fromApiName} reads it back.
 */
public enum Unit {
    SECONDS("Seconds"),
    MICROSECONDS("Microseconds"),
    MILLISECONDS("Milliseconds"),
    BYTES("Bytes"),
    KILOBYTES("Kilobytes"),
    MEGABYTES("Megabytes"),
    GIGABYTES("Gigabytes"),
    TERABYTES("Terabytes"),
    BITS("Bits"),
    KILOBITS("Kilobits"),
    MEGABITS("Megabits"),
    GIGABITS("Gigabits"),
    TERABITS("Terabits"),
    PERCENT("Percent"),
    COUNT("Count"),
    BYTES_PER_SECOND("Bytes/Second"),
    KILOBYTES_PER_SECOND("Kilobytes/Second"),
    MEGABYTES_PER_SECOND("Megabytes/Second"),
    GIGABYTES_PER_SECOND("Gigabytes/Second"),
    TERABYTES_PER_SECOND("Terabytes/Second"),
    BITS_PER_SECOND("Bits/Second"),
    KILOBITS_PER_SECOND("Kilobits/Second"),
    MEGABITS_PER_SECOND("Megabits/Second"),
    GIGABITS_PER_SECOND("Gigabits/Second"),
    TERABITS_PER_SECOND("Terabits/Second"),
    COUNT_PER_SECOND("Count/Second"),
    NONE("None");

    private final String apiName;

    Unit(String apiName) {
        this.apiName = apiName;
    }

    /** The name CloudWatch's API uses, such as {@code "Bytes/Second"}. */
    public String apiName() {
        return apiName;
    }

    /**
     * The unit with the given {@linkplain #apiName() API name}, such as {@code "Milliseconds"}.
     *
     * @throws IllegalArgumentException naming the value and the accepted names
     */
    public static Unit fromApiName(String name) {
        for (Unit unit : values()) {
            if (unit.apiName.equals(name)) {
                return unit;
            }
        }
        StringBuilder accepted = new StringBuilder();
        for (Unit unit : values()) {
            accepted.append(accepted.length() == 0 ? "" : ", ").append(unit.apiName);
        }
        throw new IllegalArgumentException(
                "unit '" + name + "' is not a CloudWatch unit; expected one of " + accepted);
    }
}
