package dev.monitor.core.health;

import dev.monitor.api.health.HealthCheck;
import dev.monitor.api.health.Status;
import dev.monitor.api.subscription.Subscription;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A monitor's health: checks in groups, each component's status, its service history and the
 * health events that affect this deployment ({@code monitor.health()}).
 *
 * <p>Checks run on the monitor's threads on their interval, never on the caller's; a check that
 * throws or does not answer within its timeout is DOWN with the reason. Each component's status is
 * the worst of its checks, of the alarms bound to it while they are in ALARM, and, for a dependency,
 * of its fault and throttle rates in the traces. Every change of a component's status is kept in
 * {@code <data-dir>/health}, served as RSS and Atom feeds, and may open, update or close an AWS
 * Health-shaped event, which is also put on the {@code default} event bus.
 *
 * <p>Thread-safe. Registration and queries are cheap reads of the last results; nothing here waits
 * for a check.
 */
public interface HealthService {
    /**
     * Registers {@code check} under {@code name} with {@code options}; it first runs at the next tick.
     *
     * @return closing it removes the check
     * @throws IllegalArgumentException when {@code name} is already registered or blank
     */
    Subscription register(String name, CheckOptions options, HealthCheck check);

    /** {@link #register(String, CheckOptions, HealthCheck)} with {@link CheckOptions#defaults()}. */
    default Subscription register(String name, HealthCheck check) {
        return register(name, CheckOptions.defaults(), check);
    }

    /** The worst status of every check; {@link Status#UP} when there is none, as MicroProfile Health answers. */
    Status status();

    /** The worst status of the checks of {@code group}; {@link Status#UP} when the group has none. */
    Status status(String group);

    /** Every check's last state, by name. */
    List<CheckStatus> checks();

    /** Every component's status now, by name. */
    List<ComponentStatus> components();

    /** Marks {@code component} as {@code status} while {@code alarmName} is in ALARM. */
    Subscription bindAlarm(String alarmName, String component, Status status);

    /** Declares planned work: an upcoming, then open, then closed {@code scheduledChange} event. */
    HealthEvent scheduleMaintenance(MaintenanceWindow window);

    /**
     * An {@code accountNotification} event from the application about {@code component}, open until
     * {@link #closeEvent} closes it.
     *
     * @param description what happened and what to do about it
     */
    HealthEvent notify(String component, String description);

    /** Closes the event {@code arn} now; false when there is no such event or it is closed already. */
    boolean closeEvent(String arn);

    /** The events in memory: every upcoming and open one, and those closed within the retention. */
    List<HealthEvent> events();

    /** Each component's last {@code days} days (UTC, today last), from the history files. */
    Map<String, List<DayStatus>> history(int days);

    /** Called on the monitor's thread after each change of a component's status. */
    Subscription onChange(Consumer<StatusChange> listener);
}
