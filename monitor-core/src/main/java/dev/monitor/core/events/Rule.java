package dev.monitor.core.events;

import dev.monitor.core.events.patterns.EventPattern;
import dev.monitor.core.internal.EventBridgeNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A rule of an event bus, as EventBridge's: an {@linkplain EventPattern event pattern} that picks
 * events, or a {@linkplain ScheduleExpression schedule} (on the {@code default} bus only) that
 * fires a {@code Scheduled Event}; up to five targets; enabled or disabled. Immutable; made with
 * {@link #builder(String)}.
 *
 * <p>A scheduled rule fires on the monitor's clock. Fires missed while the application was not
 * running are not made up unless {@link Builder#replayMissedFires(boolean)} asks for it: then, at
 * start, each fire time since the last recorded fire is fired (at most 100).
 */
public final class Rule {
    /** How many targets a rule may have, as in EventBridge. */
    public static final int MAX_TARGETS = 5;
    /** The bus of events put without a bus name. */
    public static final String DEFAULT_BUS = "default";
    private static final java.util.regex.Pattern PARTNER_BUS = java.util.regex.Pattern.compile("aws\\.partner(/[.\\-_A-Za-z0-9]+){2,}");

    private final String name;
    private final String eventBusName;
    private final EventPattern eventPattern;
    private final ScheduleExpression scheduleExpression;
    private final RuleState state;
    private final String description;
    private final List<Target> targets;
    private final boolean replayMissedFires;
    private final FlexibleTimeWindow flexibleTimeWindow;

    private Rule(Builder builder) {
        this.name = builder.name;
        this.eventBusName = builder.eventBusName;
        this.eventPattern = builder.eventPattern;
        this.scheduleExpression = builder.scheduleExpression;
        this.state = builder.state;
        this.description = builder.description;
        this.targets = List.copyOf(builder.targets);
        this.replayMissedFires = builder.replayMissedFires;
        this.flexibleTimeWindow = builder.flexibleTimeWindow;
    }

    /** A builder of the rule {@code name} (1 to 64 of letters, digits, '.', '-' and '_'). */
    public static Builder builder(String name) {
        return new Builder(EventBridgeNames.check("rule", name));
    }

    /** A builder holding this rule's settings, to change some. */
    public Builder toBuilder() {
        Builder builder = new Builder(name);
        builder.eventBusName = eventBusName;
        builder.eventPattern = eventPattern;
        builder.scheduleExpression = scheduleExpression;
        builder.state = state;
        builder.description = description;
        builder.targets.addAll(targets);
        builder.replayMissedFires = replayMissedFires;
        builder.flexibleTimeWindow = flexibleTimeWindow;
        return builder;
    }

    public String name() {
        return name;
    }

    public String eventBusName() {
        return eventBusName;
    }

    /** The pattern; null for a scheduled rule. */
    public EventPattern eventPattern() {
        return eventPattern;
    }

    /** The schedule; null for a pattern rule. */
    public ScheduleExpression scheduleExpression() {
        return scheduleExpression;
    }

    public RuleState state() {
        return state;
    }

    public String description() {
        return description;
    }

    public List<Target> targets() {
        return targets;
    }

    public boolean replayMissedFires() {
        return replayMissedFires;
    }

    /** When, after each scheduled time, a scheduled rule fires: at once unless a flexible window was given. */
    public FlexibleTimeWindow flexibleTimeWindow() {
        return flexibleTimeWindow;
    }

    /**
     * Whether {@code name} is a partner event bus's name, {@code aws.partner/<partner>/<source>}: the
     * pattern EventBridge gives partner buses ({@code aws.partner(/[\.\-_A-Za-z0-9]+){2,}}, at most 256).
     */
    public static boolean isPartnerBusName(String name) {
        return name != null && name.length() <= 256 && PARTNER_BUS.matcher(name).matches();
    }

    /** The rule's ARN: {@code arn:aws:events:<region>:<account>:rule/[<bus>/]<name>}, the bus named unless default. */
    public String arn(String account, String region) {
        return arn(eventBusName, name, account, region);
    }

    /** The ARN of rule {@code rule} of bus {@code bus}: a rule of the default bus has no bus part. */
    public static String arn(String bus, String rule, String account, String region) {
        return "arn:aws:events:" + region + ":" + account + ":rule/" + (DEFAULT_BUS.equals(bus) ? "" : bus + "/") + rule;
    }

    @Override
    public String toString() {
        return "Rule[" + eventBusName + "/" + name + ", " + state + ", "
                + (eventPattern != null ? "pattern " + eventPattern.json() : "schedule " + scheduleExpression.expression()) + ", " + targets + "]";
    }

    /** Configures a {@link Rule}; setters check their argument at once. Not thread-safe. */
    public static final class Builder {
        private final String name;
        private String eventBusName = DEFAULT_BUS;
        private EventPattern eventPattern;
        private ScheduleExpression scheduleExpression;
        private RuleState state = RuleState.ENABLED;
        private String description;
        private final List<Target> targets = new ArrayList<>();
        private boolean replayMissedFires;
        private FlexibleTimeWindow flexibleTimeWindow = FlexibleTimeWindow.off();

        private Builder(String name) {
            this.name = name;
        }

        /** The bus the rule belongs to; {@code default} unless given. */
        public Builder eventBus(String bus) {
            this.eventBusName = isPartnerBusName(bus) ? bus : EventBridgeNames.check("event bus", bus);
            return this;
        }

        /** Matches events by {@code pattern}. */
        public Builder eventPattern(EventPattern pattern) {
            this.eventPattern = Objects.requireNonNull(pattern, "pattern");
            return this;
        }

        /**
         * Matches events by the pattern {@code json}.
         *
         * @throws InvalidEventPatternException with EventBridge's message when it is not a valid pattern
         */
        public Builder eventPattern(String json) {
            return eventPattern(EventPattern.parse(json));
        }

        /** Fires on {@code schedule}. */
        public Builder schedule(ScheduleExpression schedule) {
            this.scheduleExpression = Objects.requireNonNull(schedule, "schedule");
            return this;
        }

        /**
         * Fires on the schedule {@code expression} ({@code rate(1 hour)}, {@code cron(0 12 * * ? *)}), in UTC.
         *
         * @throws InvalidScheduleExpressionException naming the field and the reason
         */
        public Builder schedule(String expression) {
            return schedule(ScheduleExpression.parse(expression));
        }

        public Builder state(RuleState state) {
            this.state = Objects.requireNonNull(state, "state");
            return this;
        }

        public Builder description(String description) {
            if (description != null && description.length() > 512) {
                throw new IllegalArgumentException("a rule's description is at most 512 characters, not " + description.length());
            }
            this.description = description;
            return this;
        }

        /** Adds a target; at most {@value Rule#MAX_TARGETS}, with distinct ids. */
        public Builder target(Target target) {
            Objects.requireNonNull(target, "target");
            if (targets.size() == MAX_TARGETS) {
                throw new IllegalArgumentException("rule '" + name + "' already has " + MAX_TARGETS + " targets, the most a rule may have");
            }
            for (Target existing : targets) {
                if (existing.id().equals(target.id())) {
                    throw new IllegalArgumentException("rule '" + name + "' already has a target with id '" + target.id() + "'");
                }
            }
            targets.add(target);
            return this;
        }

        /** Whether fires missed while the application was not running are fired at start (off by default). */
        public Builder replayMissedFires(boolean replay) {
            this.replayMissedFires = replay;
            return this;
        }

        /**
         * Fires each scheduled time at a moment drawn uniformly from the window after it, as
         * EventBridge Scheduler's flexible time window spreads invocations; {@link FlexibleTimeWindow#off()}
         * (the default) fires on time.
         */
        public Builder flexibleTimeWindow(FlexibleTimeWindow window) {
            this.flexibleTimeWindow = Objects.requireNonNull(window, "window");
            return this;
        }

        /**
         * @throws IllegalArgumentException when the rule has neither or both of a pattern and a
         *         schedule, or a schedule on a bus other than {@code default}
         */
        public Rule build() {
            if ((eventPattern == null) == (scheduleExpression == null)) {
                throw new IllegalArgumentException("rule '" + name + "' needs an event pattern or a schedule expression, and not both");
            }
            if (scheduleExpression != null && !eventBusName.equals(DEFAULT_BUS)) {
                throw new IllegalArgumentException("rule '" + name + "': ScheduleExpression is supported only on the default event bus.");
            }
            return new Rule(this);
        }
    }
}
