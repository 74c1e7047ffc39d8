package dev.monitor.core.alarms;

import java.time.Instant;

/**
 * One entry of an alarm's history, as DescribeAlarmHistory reports it.
 *
 * @param type    {@code StateUpdate}, {@code Action} or {@code ConfigurationUpdate}
 * @param summary a sentence for humans, such as "Alarm updated from OK to ALARM"
 * @param data    JSON with the details; may be null
 */
public record AlarmHistoryItem(String alarmName, Instant timestamp, String type, String summary, String data) {
}
