package dev.monitor.core.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A subset of CloudTrail's advanced event selectors: a selector holds field conditions, all of
 * which must hold; a trail records an event when any of its selectors matches. Fields are
 * {@code eventCategory} ({@code Management}, {@code Data}), {@code readOnly} ({@code true},
 * {@code false}), {@code eventSource} and {@code eventName}; operators {@code Equals},
 * {@code NotEquals}, {@code StartsWith} and {@code EndsWith}, each with a list of values (any
 * may match; for {@code NotEquals}, none may).
 */
public final class EventSelector {
    private final String name;
    private final List<Condition> conditions;

    /** One field condition. */
    public record Condition(String field, String operator, List<String> values) {
        static final List<String> FIELDS = List.of("eventCategory", "readOnly", "eventSource", "eventName");
        static final List<String> OPERATORS = List.of("Equals", "NotEquals", "StartsWith", "EndsWith");

        /** @throws IllegalArgumentException naming the field, operator or value that breaks the rules */
        public Condition {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(operator, "operator");
            values = List.copyOf(values);
            if (!FIELDS.contains(field)) {
                throw new IllegalArgumentException("selector field '" + field + "' is not one of " + FIELDS);
            }
            if (!OPERATORS.contains(operator)) {
                throw new IllegalArgumentException("selector operator '" + operator + "' is not one of " + OPERATORS);
            }
            if (values.isEmpty()) {
                throw new IllegalArgumentException("selector field '" + field + "' " + operator + " needs at least one value");
            }
            if (field.equals("readOnly") && !(operator.equals("Equals") && values.stream().allMatch(v -> v.equals("true") || v.equals("false")))) {
                throw new IllegalArgumentException("selector field 'readOnly' takes Equals with true or false, not " + operator + " " + values);
            }
            if (field.equals("eventCategory") && !values.stream().allMatch(v -> v.equals("Management") || v.equals("Data"))) {
                throw new IllegalArgumentException("selector field 'eventCategory' takes Management or Data, not " + values);
            }
        }

        /** Checked on the caller's thread for every event: plain loops, no stream. */
        boolean matches(String actual) {
            if (operator.equals("NotEquals")) {
                return !values.contains(actual);
            }
            for (String value : values) {
                boolean match = switch (operator) {
                    case "Equals" -> actual.equals(value);
                    case "StartsWith" -> actual.startsWith(value);
                    default -> actual.endsWith(value);
                };
                if (match) {
                    return true;
                }
            }
            return false;
        }
    }

    private EventSelector(String name, List<Condition> conditions) {
        this.name = name;
        this.conditions = List.copyOf(conditions);
    }

    /** Starts a selector; with no conditions it matches every event. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** Every management event, read and write: CloudTrail's default trail. */
    public static EventSelector allManagementEvents() {
        return builder("Management events").equalTo("eventCategory", "Management").build();
    }

    /** Every event, management and data. */
    public static EventSelector allEvents() {
        return builder("All events").build();
    }

    public String name() {
        return name;
    }

    public List<Condition> conditions() {
        return conditions;
    }

    boolean matches(AuditEvent event) {
        for (Condition condition : conditions) {
            String actual = switch (condition.field()) {
                case "eventCategory" -> event.category().apiName();
                case "readOnly" -> String.valueOf(event.readOnly()).toLowerCase(Locale.ROOT);
                case "eventSource" -> event.eventSource();
                default -> event.eventName();
            };
            if (!condition.matches(actual)) {
                return false;
            }
        }
        return true;
    }

    /** Configures an {@link EventSelector}. */
    public static final class Builder {
        private final String name;
        private final List<Condition> conditions = new ArrayList<>();

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "name");
        }

        public Builder condition(String field, String operator, String... values) {
            conditions.add(new Condition(field, operator, List.of(values)));
            return this;
        }

        public Builder equalTo(String field, String... values) {
            return condition(field, "Equals", values);
        }

        public Builder notEqualTo(String field, String... values) {
            return condition(field, "NotEquals", values);
        }

        public Builder startsWith(String field, String... values) {
            return condition(field, "StartsWith", values);
        }

        public Builder endsWith(String field, String... values) {
            return condition(field, "EndsWith", values);
        }

        public EventSelector build() {
            return new EventSelector(name, conditions);
        }
    }
}
