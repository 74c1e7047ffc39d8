package dev.monitor.core.alarms;

import java.time.Instant;

/**
 * The anomaly detection band of one period, as CloudWatch's console draws it around an alarm's
 * metric: {@code lower <= upper}.
 *
 * @param timestamp the period's start
 */
public record BandPoint(Instant timestamp, double lower, double upper) {
}
