package dev.monitor.core.alarms;

import dev.monitor.core.config.ConfigNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The actions and alarms a monitor starts with: given in code, and read from a configuration
 * file's {@code alarmActions}, {@code alarms} (PutMetricAlarm's fields) and {@code compositeAlarms}
 * (PutCompositeAlarm's fields). The file's definitions are read when the settings are applied, so
 * a diagnostics action's default directory follows the monitor's final data directory. Immutable.
 */
public final class AlarmSettings {
    private final List<ConfigNode> actionNodes;
    private final List<ConfigNode> alarmNodes;
    private final List<ConfigNode> compositeNodes;
    private final Map<String, AlarmAction> actions;
    private final List<MetricAlarm> metricAlarms;
    private final List<CompositeAlarm> compositeAlarms;

    private AlarmSettings(Builder builder) {
        this.actionNodes = List.copyOf(builder.actionNodes);
        this.alarmNodes = List.copyOf(builder.alarmNodes);
        this.compositeNodes = List.copyOf(builder.compositeNodes);
        this.actions = Map.copyOf(builder.actions);
        this.metricAlarms = List.copyOf(builder.metricAlarms);
        this.compositeAlarms = List.copyOf(builder.compositeAlarms);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Registers the file's actions, then those given in code (so code may replace an action the
     * file declares), then creates the file's metric alarms, those given in code, the file's
     * composite alarms and those given in code: each alarm after every alarm it may name.
     * Problems reading the file go to its nodes' problem list.
     *
     * @param dataDir the monitor's data directory: a diagnostics action writes below it unless given a directory
     * @return the definitions that could not be created, each as {@code where: why}, where is the
     *         file's path ({@code alarms[1]}) or {@code alarm(Name)} for one given in code
     */
    public List<String> applyTo(AlarmService alarms, Path dataDir) {
        Objects.requireNonNull(alarms, "alarms");
        Objects.requireNonNull(dataDir, "dataDir");
        List<String> problems = new ArrayList<>();
        for (ConfigNode node : actionNodes) {
            AlarmDefinitions.registerAction(node, alarms, dataDir);
        }
        actions.forEach((name, action) -> put(problems, "alarmAction(" + name + ")", () -> alarms.registerAction(name, action)));
        for (ConfigNode node : alarmNodes) {
            MetricAlarm alarm = AlarmDefinitions.metricAlarm(node);
            if (alarm != null) {
                put(problems, node.path(), () -> alarms.putMetricAlarm(alarm));
            }
        }
        for (MetricAlarm alarm : metricAlarms) {
            put(problems, "alarm(" + alarm.name() + ")", () -> alarms.putMetricAlarm(alarm));
        }
        for (ConfigNode node : compositeNodes) {
            CompositeAlarm alarm = AlarmDefinitions.compositeAlarm(node);
            if (alarm != null) {
                put(problems, node.path(), () -> alarms.putCompositeAlarm(alarm));
            }
        }
        for (CompositeAlarm alarm : compositeAlarms) {
            put(problems, "alarm(" + alarm.name() + ")", () -> alarms.putCompositeAlarm(alarm));
        }
        return problems;
    }

    private static void put(List<String> problems, String where, Runnable create) {
        try {
            create.run();
        } catch (IllegalArgumentException e) {
            problems.add(where + ": " + e.getMessage());
        }
    }

    /** Collects {@link AlarmSettings}; each call adds to what was given before. Not thread-safe. */
    public static final class Builder {
        private final List<ConfigNode> actionNodes = new ArrayList<>();
        private final List<ConfigNode> alarmNodes = new ArrayList<>();
        private final List<ConfigNode> compositeNodes = new ArrayList<>();
        private final Map<String, AlarmAction> actions = new LinkedHashMap<>();
        private final List<MetricAlarm> metricAlarms = new ArrayList<>();
        private final List<CompositeAlarm> compositeAlarms = new ArrayList<>();

        private Builder() {
        }

        /** Registers an action under {@code name}; it replaces one the file declares under that name. */
        public Builder action(String name, AlarmAction action) {
            actions.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(action, "action"));
            return this;
        }

        /** Adds a metric alarm, created after the file's. */
        public Builder alarm(MetricAlarm alarm) {
            metricAlarms.add(Objects.requireNonNull(alarm, "alarm"));
            return this;
        }

        /** Adds a composite alarm, created after every metric alarm and the file's composites. */
        public Builder alarm(CompositeAlarm alarm) {
            compositeAlarms.add(Objects.requireNonNull(alarm, "alarm"));
            return this;
        }

        /**
         * Takes the {@code alarmActions}, {@code alarms} and {@code compositeAlarms} lists of a
         * configuration file's root; they are read when the settings are applied.
         */
        public Builder config(ConfigNode root) {
            actionNodes.addAll(root.list("alarmActions"));
            alarmNodes.addAll(root.list("alarms"));
            compositeNodes.addAll(root.list("compositeAlarms"));
            return this;
        }

        public AlarmSettings build() {
            return new AlarmSettings(this);
        }
    }
}
