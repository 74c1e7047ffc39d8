package dev.monitor.core.alarms.internal;

import dev.monitor.core.alarms.AlarmStateChange;
import dev.monitor.core.alarms.CompositeAlarm;
import dev.monitor.core.alarms.expressions.AlarmRule;
import java.time.Instant;

/** A composite alarm with its parsed rule and where its actions suppressor holds them. */
final class CompositeEntry extends AlarmEntry {
    final CompositeAlarm alarm;
    final AlarmRule rule;
    /** The change whose actions are held back, since {@link #pendingSince}. */
    AlarmStateChange pending;
    Instant pendingSince;
    /** {@code Alarm}, {@code WaitPeriod}, {@code ExtensionPeriod}, or null. */
    String suppressedBy;
    boolean suppressorWasInAlarm;
    Instant suppressorLeftAt;

    CompositeEntry(CompositeAlarm alarm, AlarmRule rule) {
        super(alarm);
        this.alarm = alarm;
        this.rule = rule;
    }
}
