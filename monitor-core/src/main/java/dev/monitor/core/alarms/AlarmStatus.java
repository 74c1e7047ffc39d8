package dev.monitor.core.alarms;

import java.time.Instant;

/**
 * An alarm's state as DescribeAlarms reports it.
 *
 * @param reasonData JSON, as CloudWatch's {@code StateReasonData}; may be null
 * @param actionsSuppressedBy for composite alarms: {@code Alarm}, {@code WaitPeriod},
 *                            {@code ExtensionPeriod}, or null when actions are not held back
 */
public record AlarmStatus(String name, AlarmState state, String reason, String reasonData, Instant updated,
                          boolean actionsEnabled, String actionsSuppressedBy) {
}
