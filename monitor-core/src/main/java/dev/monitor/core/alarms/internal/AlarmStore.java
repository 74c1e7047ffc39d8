package dev.monitor.core.alarms.internal;

import dev.monitor.core.alarms.CompositeAlarm;
import dev.monitor.core.alarms.MetricAlarm;
import dev.monitor.core.alarms.expressions.AlarmRule;
import dev.monitor.core.alarms.expressions.ExpressionGraph;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The alarm definitions by name, in order of creation, and the rules between them: a name is
 * a metric or a composite alarm, every alarm a composite names exists, composites make no cycle,
 * an alarm is in at most 150 rules, and an alarm a composite uses is not deleted before it. The
 * checks cost the same however many alarms exist. Not thread-safe: the engine's lock guards it.
 */
final class AlarmStore {
    /** CloudWatch's limit on the composite rules one alarm may be in. */
    static final int MAX_RULE_USES = 150;

    private final Map<String, AlarmEntry> alarms = new LinkedHashMap<>();
    /** How many composite rules name each alarm: deletes check only what is used. */
    private final Map<String, Integer> ruleUses = new HashMap<>();
    /** How many composite alarms each alarm suppresses the actions of. */
    private final Map<String, Integer> suppressorUses = new HashMap<>();

    AlarmEntry get(String name) {
        return alarms.get(name);
    }

    /** In order of creation; a live view, so copy it before putting or deleting while iterating. */
    Collection<AlarmEntry> all() {
        return alarms.values();
    }

    int size() {
        return alarms.size();
    }

    /**
     * The metric alarm this one replaces, or null.
     *
     * @throws IllegalArgumentException when the name is a composite alarm's
     */
    MetricEntry replacedBy(MetricAlarm alarm) {
        AlarmEntry existing = alarms.get(alarm.name());
        if (existing instanceof CompositeEntry) {
            throw new IllegalArgumentException("alarm '" + alarm.name() + "' is a composite alarm; delete it first");
        }
        return (MetricEntry) existing;
    }

    void put(MetricEntry entry) {
        alarms.put(entry.name(), entry);
    }

    /**
     * The entry of a composite alarm that may be put.
     *
     * @throws IllegalArgumentException listing every rule the alarm would break
     */
    CompositeEntry check(CompositeAlarm alarm) {
        AlarmRule rule = AlarmRule.parse(alarm.rule());
        List<String> problems = new ArrayList<>();
        AlarmEntry existing = alarms.get(alarm.name());
        Set<String> before = existing instanceof CompositeEntry c ? c.rule.alarms() : Set.of();
        for (String child : rule.alarms()) {
            if (!alarms.containsKey(child) && !child.equals(alarm.name())) {
                problems.add("its rule names alarm '" + child + "', which does not exist");
            }
            int uses = ruleUses.getOrDefault(child, 0) - (before.contains(child) ? 1 : 0);
            if (uses >= MAX_RULE_USES) {
                problems.add("alarm '" + child + "' is already in " + MAX_RULE_USES + " composite rules, CloudWatch's limit");
            }
        }
        if (alarm.actionsSuppressor() != null && !alarms.containsKey(alarm.actionsSuppressor())) {
            problems.add("its actions suppressor '" + alarm.actionsSuppressor() + "' does not exist");
        }
        if (existing instanceof MetricEntry) {
            problems.add("an alarm named '" + alarm.name() + "' is a metric alarm; delete it first");
        }
        // The alarms are acyclic, so a new cycle passes through this alarm; when no rule names it,
        // only its own rule can (ALARM(itself)), and nothing else is searched.
        String cycle = !ruleUses.containsKey(alarm.name())
                ? (rule.alarms().contains(alarm.name()) ? alarm.name() + " -> " + alarm.name() : null)
                : ExpressionGraph.cycle(Set.of(alarm.name()), name -> name.equals(alarm.name())
                ? List.copyOf(rule.alarms())
                : alarms.get(name) instanceof CompositeEntry c ? List.copyOf(c.rule.alarms()) : List.of());
        if (cycle != null) {
            problems.add("its rule would make a cycle of composite alarms: " + cycle);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("composite alarm '" + alarm.name() + "': " + String.join("; ", problems));
        }
        return new CompositeEntry(alarm, rule);
    }

    /** Puts a composite {@link #check}ed; returns the alarm it replaces, or null. */
    AlarmEntry put(CompositeEntry entry) {
        AlarmEntry existing = alarms.get(entry.name());
        if (existing instanceof CompositeEntry old) {
            countUses(old, -1);
        }
        countUses(entry, 1);
        alarms.put(entry.name(), entry);
        return existing;
    }

    /**
     * Deletes alarms; returns the deleted entries.
     *
     * @throws IllegalArgumentException when a composite alarm that is not deleted too names one of them
     */
    List<AlarmEntry> delete(String... names) {
        Set<String> deleting = Set.copyOf(List.of(names));
        boolean used = false;
        for (String name : deleting) {
            used |= ruleUses.containsKey(name) || suppressorUses.containsKey(name);
        }
        for (AlarmEntry entry : used ? alarms.values() : List.<AlarmEntry>of()) {
            if (entry instanceof CompositeEntry c && !deleting.contains(c.alarm.name())) {
                for (String child : c.rule.alarms()) {
                    if (deleting.contains(child)) {
                        throw usedBy(child, c);
                    }
                }
                if (c.alarm.actionsSuppressor() != null && deleting.contains(c.alarm.actionsSuppressor())) {
                    throw usedBy(c.alarm.actionsSuppressor(), c);
                }
            }
        }
        List<AlarmEntry> removed = new ArrayList<>();
        for (String name : deleting) {
            AlarmEntry entry = alarms.remove(name);
            if (entry instanceof CompositeEntry composite) {
                countUses(composite, -1);
            }
            if (entry != null) {
                removed.add(entry);
            }
        }
        return removed;
    }

    private void countUses(CompositeEntry composite, int delta) {
        for (String child : composite.rule.alarms()) {
            ruleUses.merge(child, delta, (a, b) -> a + b == 0 ? null : a + b);
        }
        if (composite.alarm.actionsSuppressor() != null) {
            suppressorUses.merge(composite.alarm.actionsSuppressor(), delta, (a, b) -> a + b == 0 ? null : a + b);
        }
    }

    private static IllegalArgumentException usedBy(String name, CompositeEntry composite) {
        return new IllegalArgumentException("alarm '" + name + "' is used by composite alarm '"
                + composite.alarm.name() + "'; delete or change that first");
    }
}
