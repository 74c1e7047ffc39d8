package dev.monitor.core.alarms.internal;

import dev.monitor.core.alarms.MetricAlarm;
import dev.monitor.core.alarms.MetricDataQuery;
import dev.monitor.core.alarms.expressions.MetricMath;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A metric alarm with the watches of its metrics and its parsed expressions. */
final class MetricEntry extends AlarmEntry {
    final MetricAlarm alarm;
    /** How often it is evaluated: sub-minute alarms every 10 seconds, others once per period. */
    final int interval;
    final Map<String, PeriodStore.Watch> watches = new HashMap<>();
    final Map<String, MetricMath.Expression> expressions = new HashMap<>();
    final List<MetricDataQuery> queries;
    long nextEvaluation;

    MetricEntry(MetricAlarm alarm) {
        super(alarm);
        this.alarm = alarm;
        this.queries = alarm.queries();
        this.interval = alarm.periodSeconds() < 60 ? 10 : alarm.periodSeconds();
    }
}
