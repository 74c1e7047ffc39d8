package dev.monitor.core.alarms;

/**
 * Something done when an alarm enters a state. Runs on Monitor's action threads, never on the
 * thread that evaluates alarms; a failure or a timeout is retried with backoff and recorded in
 * the alarm's history. Register one with {@link AlarmService#registerAction}, then name it in an
 * alarm's actions.
 */
@FunctionalInterface
public interface AlarmAction {

    void run(AlarmStateChange change) throws Exception;

    /**
     * Whether the action runs again at each evaluation while the alarm stays in the state, as
     * CloudWatch repeats Auto Scaling actions; other actions run on transitions only.
     */
    default boolean repeatsWhileInState() {
        return false;
    }
}
