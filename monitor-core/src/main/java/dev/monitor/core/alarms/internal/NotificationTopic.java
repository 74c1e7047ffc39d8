package dev.monitor.core.alarms.internal;

import dev.monitor.api.subscription.Subscription;
import dev.monitor.core.alarms.Topic;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** A {@link Topic} whose subscribers the {@link ActionDispatcher} delivers to, one task each. */
final class NotificationTopic implements Topic {
    private final String name;
    private final List<Consumer<String>> subscribers = new CopyOnWriteArrayList<>();
    private final ActionRunner runner;

    NotificationTopic(String name, ActionRunner runner) {
        this.name = name;
        this.runner = runner;
    }

    @Override
    public boolean publish(String message) {
        java.util.Objects.requireNonNull(message, "message");
        boolean all = true;
        for (Consumer<String> subscriber : subscribers) {
            all &= runner.submit("topic " + name, "message of topic " + name, () -> subscriber.accept(message), failure -> { });
        }
        return all;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Subscription subscribe(Consumer<String> subscriber) {
        Consumer<String> added = Objects.requireNonNull(subscriber, "subscriber")::accept; // one per call
        subscribers.add(added);
        return Subscription.of(() -> subscribers.remove(added));
    }

    List<Consumer<String>> subscribers() {
        return subscribers;
    }
}
