package dev.monitor.core.events.archive;

/** A replay's state, as DescribeReplay answers it (botocore's {@code ReplayState}). */
public enum ReplayState {
    STARTING, RUNNING, CANCELLING, COMPLETED, CANCELLED, FAILED
}
