package dev.monitor.core.alarms;

import dev.monitor.api.subscription.Subscription;
import dev.monitor.core.metrics.Datapoint;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * CloudWatch alarms over a monitor's metrics: metric alarms (on one metric or on metric math,
 * with fixed thresholds or anomaly detection bands), composite alarms, their state history, and
 * the actions they run. Get it from {@code Monitor.alarms()}; the monitor feeds it its datapoints
 * and evaluates it, and closes it with itself.
 *
 * <p>Each metric alarm is evaluated on the monitor's clock at the end of every period (every
 * 10 seconds for periods under a minute) with CloudWatch's algorithm. Actions run on their own
 * threads with retries and a timeout, so a slow action never delays evaluation. Every state
 * change is also handed to {@link #onStateChange} listeners.
 *
 * <p>Thread-safe. Every call here is a configuration or query call: none is meant for a hot path.
 */
public interface AlarmService {
    /** How many history items each alarm keeps; older ones are dropped. */
    int HISTORY_LIMIT = 100;

    /**
     * Creates or replaces a metric alarm. A replaced alarm keeps its state and history, as in CloudWatch.
     * Its periods start with the datapoints of its metrics the monitor still holds in memory.
     *
     * @throws IllegalArgumentException when it names an action that is not registered, or its
     *                                  expression does not give one time series
     */
    MetricAlarm putMetricAlarm(MetricAlarm alarm);

    /**
     * Creates or replaces a metric alarm whose periods also start with {@code history}: datapoints
     * the monitor did not record (from another store, or made up for a demo), older ones included.
     * An anomaly band learns from them at once, so it can decide before it has seen 24 live periods.
     *
     * @throws IllegalArgumentException as {@link #putMetricAlarm(MetricAlarm)}
     */
    MetricAlarm putMetricAlarm(MetricAlarm alarm, List<Datapoint> history);

    /**
     * Creates or replaces a composite alarm.
     *
     * @throws IllegalArgumentException when its rule names an alarm that does not exist, when it
     *                                  would make a cycle of composite alarms (the cycle is named),
     *                                  or when an alarm would be in more than 150 rules
     */
    CompositeAlarm putCompositeAlarm(CompositeAlarm alarm);

    /**
     * Deletes alarms; names of no alarm are skipped.
     *
     * @throws IllegalArgumentException when a composite alarm that is not deleted too names one of them
     */
    void deleteAlarms(String... names);

    /**
     * Registers an action under {@code name}, for alarms to name in their actions. An action of
     * that name registered before (in code, or by the configuration file's {@code alarmActions}) is
     * replaced: the later registration wins, so code may give an action the file also declares.
     *
     * @throws IllegalArgumentException when the name is a topic's
     */
    void registerAction(String name, AlarmAction action);

    /**
     * The topic called {@code name}, created on first use; alarms name it in their actions as {@code name}.
     *
     * @throws IllegalArgumentException when the name is an action's
     */
    Topic topic(String name);

    /**
     * Calls {@code listener} with every state change, on Monitor's action threads. Closing the
     * returned handle removes it: state changes made after that do not reach it (closing twice
     * is harmless).
     */
    Subscription onStateChange(Consumer<AlarmStateChange> listener);

    /** The alarm's status as DescribeAlarms reports it; empty when there is no such alarm. */
    Optional<AlarmStatus> describe(String name);

    /** Every alarm's status, in the order the alarms were created. */
    List<AlarmStatus> describeAll();

    /** The alarm's definition as it was last put (a {@link MetricAlarm} or a {@link CompositeAlarm}); empty when there is no such alarm. */
    Optional<AlarmDefinition> definition(String name);

    /** The alarm's history, newest first: at most {@link #HISTORY_LIMIT} items. */
    List<AlarmHistoryItem> history(String name);

    /**
     * The alarm's history as DescribeAlarmHistory filters it: items of {@code type} (or every
     * type when null) with timestamps in {@code [from, to)}, newest first, at most {@code maxRecords}.
     */
    default List<AlarmHistoryItem> history(String name, String type, Instant from, Instant to, int maxRecords) {
        return history(name).stream()
                .filter(item -> type == null || item.type().equals(type))
                .filter(item -> !item.timestamp().isBefore(from) && item.timestamp().isBefore(to))
                .limit(maxRecords)
                .toList();
    }

    /**
     * Sets an alarm's state, as SetAlarmState does, to test its actions: they run as on a real
     * change. The state lasts until the next evaluation decides otherwise.
     *
     * @throws IllegalArgumentException when there is no such alarm
     */
    void setAlarmState(String name, AlarmState state, String reason);

    /** Switches the alarms' actions on, as EnableAlarmActions does. */
    void enableActions(String... names);

    /** Switches the alarms' actions off; they still change state and notify listeners. */
    void disableActions(String... names);

    /** Waits up to {@code timeout} for queued actions and listener calls to finish; false if they did not. */
    boolean awaitActions(Duration timeout);
}
