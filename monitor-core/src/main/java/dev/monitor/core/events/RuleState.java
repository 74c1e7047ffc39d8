package dev.monitor.core.events;

/** Whether a rule matches (or fires) and invokes its targets, as EventBridge's {@code State}. */
public enum RuleState {
    ENABLED, DISABLED
}
