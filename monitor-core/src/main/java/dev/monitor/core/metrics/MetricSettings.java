package dev.monitor.core.metrics;

import dev.monitor.api.metrics.Resolution;
import dev.monitor.core.config.ConfigNode;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * How a monitor keeps metrics: the resolution of instruments that choose none (and of built-in
 * metrics), the cardinality and name limits, and which built-in groups are on. Made in code with
 * {@link #builder()} or read from a configuration file's {@code metrics:} section.
 *
 * @param resolution       {@link Resolution#STANDARD} by default
 * @param cardinalityLimit the most dimension sets one metric name keeps before folding new ones; 1000 by default
 * @param nameLimit        the most metric names one namespace keeps before new names fold into
 *                         {@code MetricNameOverflow}; 10,000 by default
 * @param builtins         the built-in groups that are on; all by default
 */
public record MetricSettings(Resolution resolution, int cardinalityLimit, int nameLimit, Set<BuiltinMetrics.Group> builtins) {
    /** The most metric names one namespace keeps unless configured. */
    public static final int DEFAULT_NAME_LIMIT = 10_000;

    private static final int MAX_LIMIT = 1_000_000;

    public MetricSettings {
        Objects.requireNonNull(resolution, "resolution");
        if (cardinalityLimit < 1 || cardinalityLimit > MAX_LIMIT) {
            throw new IllegalArgumentException("cardinality limit " + cardinalityLimit + " must be from 1 to " + MAX_LIMIT);
        }
        if (nameLimit < 1 || nameLimit > MAX_LIMIT) {
            throw new IllegalArgumentException("metric name limit " + nameLimit + " must be from 1 to " + MAX_LIMIT);
        }
        builtins = builtins.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(builtins));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Collects metric settings; each setter checks its value at once. Not thread-safe. */
    public static final class Builder {
        private Resolution resolution = Resolution.STANDARD;
        private int cardinalityLimit = 1000;
        private int nameLimit = DEFAULT_NAME_LIMIT;
        private final Set<BuiltinMetrics.Group> builtins = EnumSet.allOf(BuiltinMetrics.Group.class);

        private Builder() {
        }

        public Builder resolution(Resolution resolution) {
            this.resolution = Objects.requireNonNull(resolution, "resolution");
            return this;
        }

        public Builder cardinalityLimit(int limit) {
            if (limit < 1 || limit > MAX_LIMIT) {
                throw new IllegalArgumentException("cardinality limit " + limit + " must be from 1 to " + MAX_LIMIT);
            }
            this.cardinalityLimit = limit;
            return this;
        }

        public Builder nameLimit(int limit) {
            if (limit < 1 || limit > MAX_LIMIT) {
                throw new IllegalArgumentException("metric name limit " + limit + " must be from 1 to " + MAX_LIMIT);
            }
            this.nameLimit = limit;
            return this;
        }

        /** Switches a group of built-in metrics on or off. */
        public Builder builtin(BuiltinMetrics.Group group, boolean enabled) {
            Objects.requireNonNull(group, "group");
            if (enabled) {
                builtins.add(group);
            } else {
                builtins.remove(group);
            }
            return this;
        }

        /**
         * Applies a {@code metrics:} section ({@code resolution: standard|high}, {@code cardinalityLimit},
         * {@code nameLimit}, {@code builtin: {jvm: false, ...}}) over these settings; problems are
         * recorded in the section, each with its path, and leave the setting as it was.
         */
        public Builder config(ConfigNode section) {
            resolution = "high".equals(section.choice("resolution", resolution == Resolution.HIGH ? "high" : "standard",
                    "standard", "high")) ? Resolution.HIGH : Resolution.STANDARD;
            cardinalityLimit = section.integer("cardinalityLimit", cardinalityLimit, 1, MAX_LIMIT);
            nameLimit = section.integer("nameLimit", nameLimit, 1, MAX_LIMIT);
            ConfigNode builtinNode = section.child("builtin");
            for (BuiltinMetrics.Group group : BuiltinMetrics.Group.values()) {
                builtin(group, builtinNode.bool(group.key(), builtins.contains(group)));
            }
            builtinNode.rejectUnknownKeys();
            section.rejectUnknownKeys();
            return this;
        }

        public MetricSettings build() {
            return new MetricSettings(resolution, cardinalityLimit, nameLimit, builtins);
        }
    }
}
