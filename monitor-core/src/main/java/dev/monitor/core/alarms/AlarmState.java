package dev.monitor.core.alarms;

/** An alarm's state, as CloudWatch names it. A new alarm starts in {@link #INSUFFICIENT_DATA}. */
public enum AlarmState {
    OK, ALARM, INSUFFICIENT_DATA
}
