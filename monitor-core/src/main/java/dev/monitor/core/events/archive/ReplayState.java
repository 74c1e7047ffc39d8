package dev.monitor.core.events.archive;

/** A replay's state, as DescribeReplay answers it (botocore's {@code ReplayState}). */
public enum ReplayState {
    STARTING, RUNNING, CANCELLING, COMPLETED, CANCELLED, FAILED;

    /** The value DescribeReplay's {@code State} takes: the constant's name. */
    public String apiName() {
        return name();
    }

    /** @throws IllegalArgumentException naming the value and the allowed ones */
    public static ReplayState fromApiName(String name) {
        for (ReplayState state : values()) {
            if (state.name().equals(name)) {
                return state;
            }
        }
        throw new IllegalArgumentException("ReplayState '" + name + "' is not one of " + java.util.Arrays.toString(values()));
    }
}
