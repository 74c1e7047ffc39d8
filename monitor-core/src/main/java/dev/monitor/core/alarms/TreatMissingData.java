package dev.monitor.core.alarms;

import java.util.Locale;

/**
 * How an alarm treats periods with no datapoint when it has fewer real datapoints than
 * evaluation periods. See the CloudWatch guide, "Configuring how CloudWatch alarms treat missing data".
 */
public enum TreatMissingData {
    /** The default: missing periods are left out; an alarm with no data at all goes to INSUFFICIENT_DATA. */
    MISSING("missing"),
    /** Missing periods count as within the threshold. */
    NOT_BREACHING("notBreaching"),
    /** Missing periods count as breaching the threshold. */
    BREACHING("breaching"),
    /** The alarm keeps its current state when the data cannot decide it. */
    IGNORE("ignore");

    private final String apiName;

    TreatMissingData(String apiName) {
        this.apiName = apiName;
    }

    /** The name PutMetricAlarm uses: {@code missing}, {@code notBreaching}, {@code breaching}, {@code ignore}. */
    public String apiName() {
        return apiName;
    }

    /** @throws IllegalArgumentException naming the value and the allowed ones */
    public static TreatMissingData fromApiName(String name) {
        for (TreatMissingData treatment : values()) {
            if (treatment.apiName.equals(name) || treatment.apiName.toLowerCase(Locale.ROOT).equals(name)) {
                return treatment;
            }
        }
        throw new IllegalArgumentException("TreatMissingData '" + name
                + "' is not one of missing, notBreaching, breaching, ignore");
    }
}
