package dev.monitor.core.alarms;

/** An alarm's state, as CloudWatch names it. A new alarm starts in {@link #INSUFFICIENT_DATA}. */
public enum AlarmState {
    OK, ALARM, INSUFFICIENT_DATA;

    /** The name CloudWatch uses ({@code StateValue}): the constant's name, as with the other alarm enums' {@code apiName()}. */
    public String apiName() {
        return name();
    }

    /** @throws IllegalArgumentException naming the value and the allowed ones */
    public static AlarmState fromApiName(String name) {
        for (AlarmState state : values()) {
            if (state.name().equals(name)) {
                return state;
            }
        }
        throw new IllegalArgumentException("StateValue '" + name + "' is not one of " + java.util.Arrays.toString(values()));
    }
}
