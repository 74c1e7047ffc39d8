package dev.monitor.core.events.patterns;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Properties of patterns and of the machine, on generated events and patterns: a pattern built from an event's
 * own values matches it, anything-but those values does not, and a machine of many patterns answers exactly the
 * keys whose pattern alone matches (so adding a rule never changes another rule's matches).
 */
class EventPatternProperties {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final List<String> NAMES = List.of("source", "detail-type", "state", "a", "b", "c.d");

    @Provide
    Arbitrary<ObjectNode> events() {
        Arbitrary<JsonNode> scalar = Arbitraries.oneOf(
                Arbitraries.of("running", "stopped", "Running", "", "10.0.0.7", "a*b").map(NODES::textNode),
                Arbitraries.integers().between(-3, 3).map(NODES::numberNode),
                Arbitraries.of(NODES.booleanNode(true), NODES.nullNode()));
        Arbitrary<JsonNode> value = Arbitraries.oneOf(scalar, scalar.list().ofMinSize(1).ofMaxSize(3).map(list -> {
            ArrayNode array = NODES.arrayNode();
            list.forEach(array::add);
            return array;
        }));
        return Combinators.combine(Arbitraries.of(NAMES).set().ofMinSize(1).ofMaxSize(4), value.list().ofSize(4))
                .as((names, values) -> {
                    ObjectNode event = NODES.objectNode();
                    ObjectNode detail = event.putObject("detail");
                    int i = 0;
                    for (String name : names) {
                        (i % 2 == 0 ? event : detail).set(name, values.get(i++));
                    }
                    return event;
                });
    }

    private static List<JsonNode> scalars(JsonNode value) {
        return value.isArray() ? List.copyOf(toList(value)) : List.of(value);
    }

    private static List<JsonNode> toList(JsonNode array) {
        List<JsonNode> out = new java.util.ArrayList<>();
        array.forEach(out::add);
        return out;
    }

    /** The event's own fields, each with its values (or with anything-but its values, {@code negate}). */
    private static String ownValues(ObjectNode event, boolean negate) {
        ObjectNode pattern = NODES.objectNode();
        copy(event, pattern, negate);
        return pattern.toString();
    }

    private static boolean copy(ObjectNode from, ObjectNode into, boolean negate) {
        boolean any = false;
        var fields = from.fields();
        while (fields.hasNext()) {
            var field = fields.next();
            JsonNode value = field.getValue();
            if (value.isObject()) {
                ObjectNode child = NODES.objectNode();
                if (copy((ObjectNode) value, child, negate)) {
                    into.set(field.getKey(), child);
                    any = true;
                }
                continue;
            }
            List<JsonNode> values = scalars(value);
            ArrayNode alternatives = into.putArray(field.getKey());
            if (!negate) {
                values.forEach(alternatives::add);
            } else {
                // anything-but takes strings or numbers; a null or boolean is not excluded, so leave it out
                ArrayNode excluded = NODES.arrayNode();
                values.stream().filter(v -> v.isTextual()).forEach(excluded::add);
                if (excluded.isEmpty() || values.size() != excluded.size()) {
                    into.remove(field.getKey());
                    continue;
                }
                alternatives.addObject().set("anything-but", excluded);
            }
            any = true;
        }
        return any;
    }

    @Property(tries = 300)
    void aPatternOfAnEventsOwnValuesMatchesIt(@ForAll("events") ObjectNode event) {
        String pattern = ownValues(event, false);
        if (pattern.equals("{}")) {
            return;
        }
        if (!EventPattern.parse(pattern).matches(event.toString())) {
            throw new AssertionError(pattern + " does not match " + event);
        }
    }

    @Property(tries = 300)
    void anythingButAnEventsOwnStringsDoesNotMatchIt(@ForAll("events") ObjectNode event) {
        String pattern = ownValues(event, true);
        if (pattern.equals("{}")) {
            return;
        }
        // a field of one string: anything-but that string fails; of several, every one is excluded
        if (EventPattern.parse(pattern).matches(event.toString())) {
            throw new AssertionError(pattern + " matches " + event);
        }
    }

    @Provide
    Arbitrary<String> patterns() {
        Arbitrary<String> value = Arbitraries.of("\"running\"", "\"stopped\"", "1", "null", "true", "\"\"",
                "{\"prefix\": \"run\"}", "{\"suffix\": \"ed\"}", "{\"equals-ignore-case\": \"RUNNING\"}",
                "{\"anything-but\": \"running\"}", "{\"anything-but\": [1, 2]}", "{\"numeric\": [\">\", 0]}",
                "{\"numeric\": [\">=\", -1, \"<\", 2]}", "{\"exists\": true}", "{\"exists\": false}",
                "{\"wildcard\": \"*n*\"}", "{\"cidr\": \"10.0.0.0/24\"}", "{\"anything-but\": {\"prefix\": \"st\"}}");
        Arbitrary<String> field = Combinators.combine(Arbitraries.of(NAMES), value.list().ofMinSize(1).ofMaxSize(2))
                .as((name, values) -> "\"" + name + "\": [" + String.join(", ", values) + "]");
        return Combinators.combine(field.list().ofMinSize(1).ofMaxSize(3), field.list().ofMaxSize(2),
                Arbitraries.integers().between(0, 2)).as((top, inDetail, or) -> {
                    Set<String> seen = new HashSet<>();
                    List<String> topFields = top.stream().filter(f -> seen.add(f.substring(0, f.indexOf(':')))).toList();
                    StringBuilder pattern = new StringBuilder("{").append(String.join(", ", topFields));
                    if (!inDetail.isEmpty()) {
                        Set<String> seenDetail = new HashSet<>();
                        List<String> detailFields = inDetail.stream()
                                .filter(f -> seenDetail.add(f.substring(0, f.indexOf(':')))).toList();
                        pattern.append(", \"detail\": {").append(String.join(", ", detailFields)).append("}");
                    }
                    if (or > 0) {
                        pattern.append(", \"$or\": [{\"x\": [\"1\"]}, {\"y\": [{\"exists\": ").append(or == 1).append("}]}]");
                    }
                    return pattern.append("}").toString();
                });
    }

    @Provide
    Arbitrary<List<String>> patternLists() {
        return patterns().list().ofMinSize(1).ofMaxSize(12);
    }

    @Provide
    Arbitrary<List<ObjectNode>> eventLists() {
        return events().list().ofMinSize(1).ofMaxSize(5);
    }

    @Property(tries = 200)
    void theMachineAnswersExactlyTheKeysWhosePatternAloneMatches(@ForAll("patternLists") List<String> patterns,
            @ForAll("eventLists") List<ObjectNode> events) throws Exception {
        PatternMachine<Integer> machine = new PatternMachine<>();
        for (int i = 0; i < patterns.size(); i++) {
            machine.add(i, EventPattern.parse(patterns.get(i)));
        }
        for (ObjectNode event : events) {
            event.put("x", "1");
            Set<Integer> expected = new HashSet<>();
            for (int i = 0; i < patterns.size(); i++) {
                if (EventPattern.parse(patterns.get(i)).matches(event.toString())) {
                    expected.add(i);
                }
            }
            Set<Integer> fromString = machine.matches(event.toString());
            Set<Integer> fromTree = machine.matches(JSON.readTree(event.toString()));
            if (!expected.equals(fromString) || !expected.equals(fromTree)) {
                throw new AssertionError("machine " + fromString + " / " + fromTree + ", alone " + expected
                        + " for " + event + " and " + patterns);
            }
        }
    }
}
