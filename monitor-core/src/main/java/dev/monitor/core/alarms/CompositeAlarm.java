package dev.monitor.core.alarms;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A composite alarm, defined with PutCompositeAlarm's fields: in ALARM while its rule is true,
 * OK while it is false. An actions suppressor holds back its actions while the suppressor alarm
 * is in ALARM, for up to the wait period after this alarm changes state (waiting for the
 * suppressor to go to ALARM), and for the extension period after the suppressor leaves ALARM.
 */
public record CompositeAlarm(String name, String description, String rule, boolean actionsEnabled,
                             Map<AlarmState, List<String>> actions, String actionsSuppressor,
                             Duration suppressorWaitPeriod, Duration suppressorExtensionPeriod)
        implements AlarmDefinition {

    public CompositeAlarm {
        actions = MetricAlarm.actionsByState(actions);
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** Configures a {@link CompositeAlarm}. Not thread-safe. */
    public static final class Builder {
        private final String name;
        private String description;
        private String rule;
        private boolean actionsEnabled = true;
        private final Map<AlarmState, List<String>> actions = new HashMap<>();
        private String suppressor;
        private Duration waitPeriod;
        private Duration extensionPeriod;

        private Builder(String name) {
            this.name = name;
        }

        public Builder description(String description) {
            this.description = description;
            return this;
        }

        /** The AlarmRule, such as {@code ALARM(HighLatency) AND NOT ALARM("Deploying")}. */
        public Builder rule(String rule) {
            this.rule = rule;
            return this;
        }

        public Builder actionsEnabled(boolean enabled) {
            this.actionsEnabled = enabled;
            return this;
        }

        /** Runs the named actions whenever the alarm enters {@code state}. */
        public Builder onState(AlarmState state, String... actionNames) {
            actions.computeIfAbsent(state, s -> new ArrayList<>()).addAll(List.of(actionNames));
            return this;
        }

        /** Suppresses actions while {@code alarm} is in ALARM; the periods default to 60 s each. */
        public Builder actionsSuppressor(String alarm, Duration waitPeriod, Duration extensionPeriod) {
            this.suppressor = Objects.requireNonNull(alarm, "alarm");
            this.waitPeriod = waitPeriod;
            this.extensionPeriod = extensionPeriod;
            return this;
        }

        /** @throws IllegalArgumentException listing every rule the definition breaks */
        public CompositeAlarm build() {
            List<String> problems = new ArrayList<>();
            String nameProblem = MetricAlarm.nameProblem(name);
            if (nameProblem != null) {
                problems.add(nameProblem);
            }
            try {
                DefinitionChecks.checkRule(rule);
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
            Duration wait = waitPeriod == null ? Duration.ofSeconds(60) : waitPeriod;
            Duration extension = extensionPeriod == null ? Duration.ofSeconds(60) : extensionPeriod;
            if (suppressor != null && (wait.isNegative() || extension.isNegative())) {
                problems.add("the suppressor's wait and extension periods must not be negative");
            }
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException("composite alarm '" + name + "': " + String.join("; ", problems));
            }
            return new CompositeAlarm(name, description, rule, actionsEnabled, actions, suppressor,
                    suppressor == null ? null : wait, suppressor == null ? null : extension);
        }
    }
}
