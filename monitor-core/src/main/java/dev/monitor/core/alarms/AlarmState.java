package dev.monitor.core.alarms;

/** An alarm's state, as CloudWatch names it. A new alarm starts in {@link #INSUFFICIENT_DATA}. */
public enum AlarmState {
    OK, ALARM, INSUFFICIENT_DATA;

    /** The name CloudWatch uses ({@code StateValue}): the constant's name, as with the other alarm enums' {@code apiName()}. */
    public String apiName() {
        return name();
    }
}
