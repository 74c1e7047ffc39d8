package dev.monitor.core.alarms.internal;

import dev.monitor.api.subscription.Subscription;
import dev.monitor.core.alarms.AlarmAction;
import dev.monitor.core.alarms.AlarmActionArn;
import dev.monitor.core.alarms.AlarmActionProvider;
import dev.monitor.core.alarms.AlarmState;
import dev.monitor.core.alarms.AlarmStateChange;
import dev.monitor.core.alarms.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.LoggerFactory;

/**
 * Who hears of a state change: the registered actions and topics an alarm names, and the
 * state-change listeners. Everything runs on the {@link ActionRunner}'s threads, in the order of
 * each alarm's changes; each outcome goes to the alarm's history. Thread-safe.
 */
final class ActionDispatcher implements AutoCloseable {
    /** How many actions an alarm may name per state, as PutMetricAlarm's {@code AlarmActions} (botocore: ResourceList, max 5). */
    static final int MAX_ACTIONS = 5;
    private final ActionRunner runner;
    private final Map<String, AlarmAction> actions = new ConcurrentHashMap<>();
    private final Map<String, NotificationTopic> topics = new ConcurrentHashMap<>();
    private final List<Consumer<AlarmStateChange>> listeners = new CopyOnWriteArrayList<>();
    /** The actions providers made for ARNs, one per distinct ARN. */
    private final Map<String, AlarmAction> arnActions = new ConcurrentHashMap<>();
    private final List<AlarmActionProvider> providers;
    private final AlarmActionProvider.Context context;

    ActionDispatcher(ActionRunner runner, List<AlarmActionProvider> providers, AlarmActionProvider.Context context) {
        this.runner = runner;
        this.providers = List.copyOf(providers);
        this.context = context;
    }

    /** @throws IllegalArgumentException when the name is a topic's */
    void registerAction(String name, AlarmAction action) {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(name, "name");
        synchronized (actions) {
            if (topics.containsKey(name)) {
                throw new IllegalArgumentException("'" + name + "' is a topic; an action cannot have a topic's name");
            }
            AlarmAction replaced = actions.put(name, action);
            if (replaced != action && replaced instanceof AutoCloseable && !actions.containsValue(replaced)) {
                closeAction(replaced);
            }
        }
    }

    /** @throws IllegalArgumentException when the name is an action's */
    Topic topic(String name) {
        Objects.requireNonNull(name, "name");
        synchronized (actions) {
            if (actions.containsKey(name)) {
                throw new IllegalArgumentException("'" + name + "' is an action; a topic cannot have an action's name");
            }
            return topics.computeIfAbsent(name, n -> new NotificationTopic(n, runner));
        }
    }

    Subscription onStateChange(Consumer<AlarmStateChange> listener) {
        Consumer<AlarmStateChange> added = Objects.requireNonNull(listener, "listener")::accept; // one per call
        listeners.add(added);
        return Subscription.of(() -> listeners.remove(added));
    }

    /**
     * Checks that every action the alarm names is registered, a topic, or an ARN a provider acts
     * on; makes the ARNs' actions on first use.
     *
     * @throws IllegalArgumentException when {@code alarm} names an action or topic that is not
     *                                  registered, a malformed ARN, or an ARN no provider handles
     */
    void checkRegistered(String alarm, Map<AlarmState, List<String>> named, boolean composite) {
        for (Map.Entry<AlarmState, List<String>> entry : named.entrySet()) {
            List<String> list = entry.getValue();
            if (list.size() > MAX_ACTIONS) { // PutMetricAlarm's ResourceList: at most 5 members
                throw new IllegalArgumentException("alarm '" + alarm + "' names " + list.size() + " actions for "
                        + entry.getKey().apiName() + "; CloudWatch takes at most " + MAX_ACTIONS + " per state");
            }
            for (String action : list) {
                if (actions.containsKey(action) || topics.containsKey(action)) {
                    continue;
                }
                if (AlarmActionArn.isArn(action)) {
                    arnAction(alarm, action, composite);
                    continue;
                }
                throw new IllegalArgumentException("alarm '" + alarm + "' names action '" + action
                        + "', which is not registered; registered: " + names());
            }
        }
    }

    private void arnAction(String alarm, String arn, boolean composite) {
        AlarmActionArn parsed;
        try {
            parsed = AlarmActionArn.parse(arn);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("alarm '" + alarm + "': " + e.getMessage(), e);
        }
        if (composite && !parsed.kind().forCompositeAlarms()) {
            throw new IllegalArgumentException("alarm '" + alarm + "' names action '" + arn + "', a " + parsed.kind()
                    + " action; a composite alarm takes SNS, LAMBDA, SSM_OPSITEM and INVESTIGATION actions only");
        }
        synchronized (arnActions) {
            if (arnActions.containsKey(arn)) {
                return;
            }
            AlarmActionProvider provider = providers.stream().filter(p -> p.kinds().contains(parsed.kind())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(refusal(alarm, parsed)));
            AlarmAction action;
            try {
                action = provider.create(parsed, context);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("alarm '" + alarm + "' names action '" + arn + "', which "
                        + provider.getClass().getName() + " could not make: " + e.getMessage(), e);
            }
            arnActions.put(arn, Objects.requireNonNull(action, () -> provider.getClass().getName() + " made no action for " + arn));
        }
    }

    private String refusal(String alarm, AlarmActionArn arn) {
        java.util.Set<AlarmActionArn.Kind> available = java.util.EnumSet.noneOf(AlarmActionArn.Kind.class);
        providers.forEach(p -> available.addAll(p.kinds()));
        StringBuilder kinds = new StringBuilder();
        for (AlarmActionArn.Kind kind : AlarmActionArn.Kind.values()) {
            kinds.append(kinds.length() == 0 ? "" : ", ").append(kind).append(" (").append(kind.form()).append(')')
                    .append(available.contains(kind) ? " available" : " needs monitor-aws on the class path");
        }
        return "alarm '" + alarm + "' names action '" + arn.arn() + "', a " + arn.kind() + " action, and nothing on the class path "
                + "acts on " + arn.kind() + " ARNs (add monitor-aws, or register an action under this ARN). CloudWatch accepts: "
                + kinds;
    }

    private List<String> names() {
        List<String> names = new ArrayList<>(actions.keySet());
        names.addAll(topics.keySet());
        names.sort(null);
        return names;
    }

    /** Hands a change to every listener. */
    void notifyListeners(AlarmEntry entry, AlarmStateChange change) {
        for (Consumer<AlarmStateChange> listener : listeners) {
            runner.submit(entry.name(), "state-change listener", () -> listener.accept(change), failure -> { });
        }
    }

    /**
     * Runs the actions the alarm names for the change's state, when its actions are enabled.
     * {@code repeatsOnly}: only those that repeat while the alarm stays in the state (scaling).
     */
    void runActions(AlarmEntry entry, AlarmStateChange change, boolean repeatsOnly) {
        if (!entry.actionsEnabled) {
            return;
        }
        for (String name : entry.actions().get(change.current().value())) {
            NotificationTopic topic = topics.get(name);
            if (topic != null) {
                if (repeatsOnly) {
                    continue;
                }
                String message = change.notificationJson();
                for (Consumer<String> subscriber : topic.subscribers()) {
                    submit(entry, "topic " + name, () -> subscriber.accept(message));
                }
                continue;
            }
            AlarmAction action = actions.containsKey(name) ? actions.get(name) : arnActions.get(name);
            if (action == null) {
                entry.history.add("Action", "Failed to execute action " + name + ": it is no longer registered", null);
            } else if (!repeatsOnly || action.repeatsWhileInState()) {
                submit(entry, "action " + name, () -> action.run(change));
            }
        }
    }

    private void submit(AlarmEntry entry, String what, ActionRunner.Task task) {
        AlarmHistory history = entry.history;
        boolean queued = runner.submit(entry.name(), what + " of alarm " + entry.name(), task, failure -> {
            if (failure == null) {
                history.add("Action", "Successfully executed " + what, null);
            } else {
                history.add("Action", "Failed to execute " + what + ": " + failure, null);
            }
        });
        if (!queued) {
            history.add("Action", "Dropped " + what + ": the action queue is full", null);
        }
    }

    boolean awaitIdle(Duration timeout) {
        return runner.awaitIdle(timeout);
    }

    /** Stops the action threads, then closes the registered actions that hold resources (webhook clients). */
    @Override
    public void close() {
        runner.close();
        List<AlarmAction> registered;
        synchronized (actions) {
            LinkedHashSet<AlarmAction> all = new LinkedHashSet<>(actions.values());
            all.addAll(arnActions.values());
            registered = List.copyOf(all);
        }
        registered.forEach(ActionDispatcher::closeAction);
    }

    /** Closes an action that holds resources (a webhook's HTTP client), logging rather than throwing. */
    private static void closeAction(AlarmAction action) {
        if (action instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                LoggerFactory.getLogger(ActionDispatcher.class).warn("closing alarm action {} failed", action, e);
            }
        }
    }
}
