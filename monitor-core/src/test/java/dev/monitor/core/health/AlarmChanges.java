package dev.monitor.core.health;

import dev.monitor.core.alarms.AlarmState;
import dev.monitor.core.alarms.AlarmStateChange;
import dev.monitor.core.alarms.CompositeAlarm;
import java.time.Instant;

/** Alarm state changes as the alarm engine hands them to its listeners. */
final class AlarmChanges {
    private AlarmChanges() {
    }

    static AlarmStateChange change(String alarm, AlarmState to, Instant time) {
        AlarmState from = to == AlarmState.ALARM ? AlarmState.OK : AlarmState.ALARM;
        return new AlarmStateChange(CompositeAlarm.builder(alarm).rule("ALARM(Other)").build(), "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:"
                + alarm, "123456789012", "eu-west-1", new AlarmStateChange.State(from, "before", "{}", time),
                new AlarmStateChange.State(to, "now", "{}", time), false);
    }
}
