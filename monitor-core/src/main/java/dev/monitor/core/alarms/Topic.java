package dev.monitor.core.alarms;

import dev.monitor.api.subscription.Subscription;
import java.util.function.Consumer;

/**
 * A notification topic, the in-process analogue of an SNS topic: alarms publish CloudWatch's
 * SNS alarm message (see {@link AlarmStateChange#notificationJson()}) and every subscriber gets
 * it, each delivered and retried on its own so that a failing subscriber does not hold back the
 * others. Get one with {@link AlarmService#topic(String)}; its name is also the name of the action.
 * Thread-safe.
 */
public interface Topic {

    String name();

    /**
     * Adds a subscriber; it runs on Monitor's action threads and may throw to have the message
     * delivered again. Closing the returned handle unsubscribes: messages published after that do
     * not reach it (closing twice is harmless).
     */
    Subscription subscribe(Consumer<String> subscriber);

    /**
     * Publishes {@code message} to every subscriber, each on Monitor's action threads and retried
     * on its own; returns at once. False when the action queue was full for some subscriber (it
     * misses the message; counted in {@code Monitor/AlarmActionsDropped}).
     */
    boolean publish(String message);
}
