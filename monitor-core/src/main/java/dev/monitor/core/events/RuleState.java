package dev.monitor.core.events;

/** Whether a rule matches (or fires) and invokes its targets, as EventBridge's {@code State}. */
public enum RuleState {
    ENABLED, DISABLED;

    /** The value PutRule's {@code State} takes: the constant's name. */
    public String apiName() {
        return name();
    }

    /** @throws IllegalArgumentException naming the value and the allowed ones */
    public static RuleState fromApiName(String name) {
        for (RuleState state : values()) {
            if (state.name().equals(name)) {
                return state;
            }
        }
        throw new IllegalArgumentException("State '" + name + "' is not one of " + java.util.Arrays.toString(values()));
    }
}
