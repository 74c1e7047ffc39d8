package dev.monitor.core.alarms;

import java.util.List;
import java.util.Map;

/** What every alarm definition has: a {@link MetricAlarm} or a {@link CompositeAlarm}. */
public sealed interface AlarmDefinition permits MetricAlarm, CompositeAlarm {

    String name();

    /** May be null. */
    String description();

    boolean actionsEnabled();

    /** The names of the actions run on entering each state; every state has a (possibly empty) list. */
    Map<AlarmState, List<String>> actions();
}
