package dev.monitor.core.alarms;

import dev.monitor.api.Subscription;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A notification topic, the in-process analogue of an SNS topic: alarms publish CloudWatch's
 * SNS alarm message (see {@link AlarmStateChange#notificationJson()}) and every subscriber gets
 * it, each delivered and retried on its own so that a failing subscriber does not hold back the
 * others. Get one with {@link Alarms#topic(String)}; its name is also the name of the action.
 */
public final class Topic {
    private final String name;
    private final List<Consumer<String>> subscribers = new CopyOnWriteArrayList<>();

    Topic(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    /**
     * Adds a subscriber; it runs on Monitor's action threads and may throw to have the message
     * delivered again. Closing the returned handle unsubscribes: messages published after that do
     * not reach it (closing twice is harmless).
     */
    public Subscription subscribe(Consumer<String> subscriber) {
        Consumer<String> added = Objects.requireNonNull(subscriber, "subscriber")::accept; // one per call
        subscribers.add(added);
        return Subscription.of(() -> subscribers.remove(added));
    }

    List<Consumer<String>> subscribers() {
        return subscribers;
    }
}
