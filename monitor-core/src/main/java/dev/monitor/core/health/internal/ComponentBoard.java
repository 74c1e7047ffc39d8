package dev.monitor.core.health.internal;

import dev.monitor.api.health.Status;
import dev.monitor.core.health.CheckStatus;
import dev.monitor.core.health.ComponentStatus;
import dev.monitor.core.health.HealthSettings;
import dev.monitor.core.health.StatusChange;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Each component's status from its sources: the worst of its checks, of the alarms bound to it
 * while they are in ALARM, and of its fault and throttle rates as a dependency. Remembers the last
 * status of each, so that {@link #update} answers what changed. Guarded by the engine's lock.
 */
final class ComponentBoard {
    private final Map<String, ComponentStatus> current = new TreeMap<>();
    private final Map<String, Verdict> verdicts = new TreeMap<>();

    /** The verdict of every component named by a check, an alarm binding or a dependency. */
    static Map<String, Verdict> verdicts(Collection<CheckStatus> checks, Map<String, HealthSettings.AlarmBinding> bindings,
                                         java.util.Set<String> inAlarm, Map<String, Verdict> dependencies) {
        Map<String, List<CheckStatus>> byComponent = new TreeMap<>();
        for (CheckStatus check : checks) {
            byComponent.computeIfAbsent(check.component(), k -> new ArrayList<>()).add(check);
        }
        Map<String, Verdict> out = new TreeMap<>();
        byComponent.forEach((component, list) -> {
            Status worst = Status.worstOf(list.stream().map(CheckStatus::status).toList());
            List<String> blamed = new ArrayList<>();
            StringBuilder reason = new StringBuilder();
            for (CheckStatus check : list) {
                if (check.status() == worst && worst != Status.UP) {
                    blamed.add(check.name());
                    reason.append(reason.length() == 0 ? "" : "; ").append("check ").append(check.name()).append(" is ").append(check.status())
                            .append(check.reason() == null ? "" : ": " + check.reason());
                }
            }
            out.put(component, new Verdict(worst, reason.length() == 0 ? null : reason.toString(), Verdict.Cause.CHECKS, blamed));
        });
        // a bound alarm always speaks for its component: UP while it is not in ALARM, so that its issue closes
        bindings.forEach((alarm, binding) -> out.merge(binding.component(), inAlarm.contains(alarm)
                ? new Verdict(binding.status(), "alarm " + alarm + " is in ALARM", Verdict.Cause.ALARM, List.of(alarm))
                : new Verdict(Status.UP, null, Verdict.Cause.ALARM, List.of()), Verdict::worst));
        dependencies.forEach((component, verdict) -> out.merge(component, verdict, Verdict::worst));
        return out;
    }

    /** Takes the new verdicts; answers the changes of status, oldest state first. A component no source names any more keeps its last status. */
    List<StatusChange> update(Map<String, Verdict> next, Instant now) {
        List<StatusChange> changes = new ArrayList<>();
        next.forEach((component, verdict) -> {
            verdicts.put(component, verdict);
            ComponentStatus before = current.get(component);
            Status previous = before == null ? Status.UNKNOWN : before.status();
            if (before == null || previous != verdict.status()) {
                current.put(component, new ComponentStatus(component, verdict.status(), verdict.reason(), now));
                if (before != null || verdict.status() != Status.UNKNOWN) {
                    changes.add(new StatusChange(now, component, previous, verdict.status(), verdict.reason()));
                }
            } else if (!java.util.Objects.equals(before.reason(), verdict.reason())) {
                current.put(component, new ComponentStatus(component, verdict.status(), verdict.reason(), before.since()));
            }
        });
        return changes;
    }

    Verdict verdict(String component) {
        return verdicts.getOrDefault(component, Verdict.UNKNOWN);
    }

    List<ComponentStatus> statuses() {
        return List.copyOf(current.values());
    }
}
