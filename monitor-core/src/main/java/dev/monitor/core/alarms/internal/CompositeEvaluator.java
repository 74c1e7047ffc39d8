package dev.monitor.core.alarms.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.monitor.core.alarms.AlarmState;
import dev.monitor.core.alarms.AlarmStateChange;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Evaluates composite alarms after the metric alarms: each follows its rule, children before
 * parents, with AWS's reason naming the child that triggered the change; and an actions
 * suppressor holds a composite's actions through its wait and extension periods. Not
 * thread-safe: the engine's lock guards it.
 */
final class CompositeEvaluator {
    private static final DateTimeFormatter COMPOSITE_TIME =
            DateTimeFormatter.ofPattern("EEEE dd MMMM, yyyy HH:mm:ss 'UTC'", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    /** How the engine moves an alarm to a state: history, listeners, actions. */
    interface Transition {
        void to(AlarmEntry entry, AlarmState state, String reason, String reasonData, Instant now);
    }

    private final AlarmStore store;
    private final ActionDispatcher dispatcher;
    private final String arnPrefix;
    /** The alarms that changed state since composites were last evaluated: their state before, in order of change. */
    private final LinkedHashMap<String, AlarmState> changedSinceComposites = new LinkedHashMap<>();

    CompositeEvaluator(AlarmStore store, ActionDispatcher dispatcher, String arnPrefix) {
        this.store = store;
        this.dispatcher = dispatcher;
        this.arnPrefix = arnPrefix;
    }

    /** Notes that an alarm leaves state {@code before}, for the next evaluation's triggering child. */
    void changed(String alarm, AlarmState before) {
        AlarmState first = changedSinceComposites.remove(alarm);
        changedSinceComposites.put(alarm, first != null ? first : before); // kept in order of change
    }

    void evaluate(Instant now, Transition transition) {
        Map<String, AlarmState> states = new HashMap<>();
        for (AlarmEntry entry : store.all()) {
            states.put(entry.name(), entry.state);
        }
        // Children come before parents after enough passes; cycles are rejected at creation.
        for (int pass = 0; pass <= store.size(); pass++) {
            boolean changed = false;
            for (AlarmEntry entry : store.all()) {
                if (entry instanceof CompositeEntry composite) {
                    AlarmState desired = composite.rule.evaluate(states) ? AlarmState.ALARM : AlarmState.OK;
                    if (desired != composite.state) {
                        AlarmEntry trigger = trigger(composite, desired == AlarmState.ALARM, states);
                        transition.to(composite, desired, reason(composite, trigger), reasonData(composite, trigger), now);
                        states.put(composite.alarm.name(), desired);
                        changed = true;
                    }
                }
            }
            if (!changed) {
                break;
            }
        }
        changedSinceComposites.clear();
        for (AlarmEntry entry : store.all()) {
            if (entry instanceof CompositeEntry composite && composite.alarm.actionsSuppressor() != null) {
                advanceSuppression(composite, now);
            }
        }
    }

    /**
     * The child whose change made the rule {@code value}: of the children that changed since the
     * last evaluation, the latest one without whose change the rule would not have that value, else
     * the latest that changed; null when none changed (a new composite).
     */
    private AlarmEntry trigger(CompositeEntry composite, boolean value, Map<String, AlarmState> states) {
        String decisive = null;
        String latest = null;
        for (Map.Entry<String, AlarmState> change : changedSinceComposites.entrySet()) {
            String child = change.getKey();
            if (!composite.rule.alarms().contains(child)) {
                continue;
            }
            latest = child;
            AlarmState before = change.getValue();
            if (composite.rule.evaluate(name -> name.equals(child) ? before : states.get(name)) != value) {
                decisive = child;
            }
        }
        String name = decisive != null ? decisive : latest;
        return name == null ? null : store.get(name);
    }

    private List<AlarmEntry> children(CompositeEntry composite) {
        List<AlarmEntry> children = new ArrayList<>();
        for (String child : composite.rule.alarms()) {
            AlarmEntry entry = store.get(child);
            if (entry != null) {
                children.add(entry);
            }
        }
        children.sort((a, b) -> b.updated.compareTo(a.updated));
        return children;
    }

    /** AWS's wording: the ARN of the child that triggered the change, "transitioned to ALARM at Friday 04 August, 2023 12:54:46 UTC". */
    private String reason(CompositeEntry composite, AlarmEntry trigger) {
        AlarmEntry named = trigger;
        if (named == null) {
            List<AlarmEntry> children = children(composite);
            if (children.isEmpty()) {
                return "The rule " + composite.rule.text() + " is " + (composite.rule.evaluate(Map.of()) ? "TRUE" : "FALSE");
            }
            named = children.get(0);
        }
        return arnPrefix + named.name() + " transitioned to " + named.state + " at " + COMPOSITE_TIME.format(named.updated);
    }

    /** {@code triggeringAlarms}: the child that triggered the change, or, when none did, every child newest first. */
    private String reasonData(CompositeEntry composite, AlarmEntry trigger) {
        ObjectNode root = AlarmJson.JSON.createObjectNode();
        var list = root.putArray("triggeringAlarms");
        for (AlarmEntry child : trigger != null ? List.of(trigger) : children(composite)) {
            ObjectNode item = list.addObject();
            item.put("arn", arnPrefix + child.name());
            item.putObject("state").put("value", child.state.apiName())
                    .put("timestamp", AlarmJson.timestamp(child.updated));
        }
        return AlarmJson.write(root);
    }

    /**
     * Holds the actions of a change of a composite with an actions suppressor: while the
     * suppressor is in ALARM, in its extension period, or else for the wait period.
     *
     * @return whether the actions are held (they run later, if the state still holds)
     */
    boolean hold(CompositeEntry composite, AlarmStateChange change, Instant now) {
        if (composite.alarm.actionsSuppressor() == null) {
            return false;
        }
        AlarmEntry suppressor = store.get(composite.alarm.actionsSuppressor());
        composite.pending = change;
        composite.pendingSince = now;
        boolean inExtension = composite.suppressorLeftAt != null
                && now.isBefore(composite.suppressorLeftAt.plus(composite.alarm.suppressorExtensionPeriod()));
        composite.suppressedBy = suppressor != null && suppressor.state == AlarmState.ALARM ? "Alarm"
                : inExtension ? "ExtensionPeriod" : "WaitPeriod";
        return true;
    }

    private void advanceSuppression(CompositeEntry composite, Instant now) {
        AlarmEntry suppressor = store.get(composite.alarm.actionsSuppressor());
        boolean suppressorInAlarm = suppressor != null && suppressor.state == AlarmState.ALARM;
        if (suppressorInAlarm) {
            composite.suppressorWasInAlarm = true;
        } else if (composite.suppressorWasInAlarm) {
            composite.suppressorWasInAlarm = false;
            composite.suppressorLeftAt = now;
        }
        if (composite.pending == null) {
            composite.suppressedBy = null;
            return;
        }
        if (suppressorInAlarm) {
            composite.suppressedBy = "Alarm";
            return;
        }
        boolean inExtension = composite.suppressorLeftAt != null
                && now.isBefore(composite.suppressorLeftAt.plus(composite.alarm.suppressorExtensionPeriod()));
        if ("Alarm".equals(composite.suppressedBy) || ("ExtensionPeriod".equals(composite.suppressedBy) && inExtension)) {
            composite.suppressedBy = "ExtensionPeriod";
            if (inExtension) {
                return;
            }
        } else if ("WaitPeriod".equals(composite.suppressedBy)
                && now.isBefore(composite.pendingSince.plus(composite.alarm.suppressorWaitPeriod()))) {
            return;
        }
        AlarmStateChange pending = composite.pending;
        composite.pending = null;
        composite.suppressedBy = null;
        if (pending.current().value() == composite.state) {
            dispatcher.runActions(composite, pending, false);
        }
    }
}
