package dev.monitor.core.alarms;

import dev.monitor.core.alarms.expressions.AlarmRule;
import dev.monitor.core.alarms.expressions.ExpressionGraph;
import dev.monitor.core.alarms.expressions.MetricMath;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The checks of an alarm definition that need the metric math and composite rule parsers, for the
 * builders of {@link MetricAlarm} and {@link CompositeAlarm}. The parsers live in
 * {@code alarms.expressions}, which the engine uses too: the definitions never need the engine.
 */
final class DefinitionChecks {
    private DefinitionChecks() {
    }

    /** @throws IllegalArgumentException naming the position in the rule and what was expected there */
    static void checkRule(String rule) {
        AlarmRule.parse(rule);
    }

    /**
     * Adds to {@code found} the problems of a math alarm's expressions: each must parse, name
     * only {@code ids}, and not refer to the others in a cycle.
     */
    static void checkExpressions(List<MetricDataQuery> queries, Set<String> ids, List<String> found) {
        Map<String, MetricMath.Expression> parsed = new HashMap<>();
        for (MetricDataQuery query : queries) {
            if (query.expression() == null) {
                continue;
            }
            try {
                MetricMath.Expression expression = MetricMath.parse(query.expression());
                parsed.put(query.id(), expression);
                for (MetricMath.Ref ref : expression.references()) {
                    if (!ids.contains(ref.id())) {
                        found.add("Metrics entry '" + query.id() + "': expression names '" + ref.id()
                                + "', which is not an id of Metrics");
                    }
                }
            } catch (dev.monitor.core.syntax.ParseException e) {
                found.add("Metrics entry '" + query.id() + "': " + e.getMessage());
            }
        }
        String cycle = ExpressionGraph.cycle(parsed);
        if (cycle != null) {
            found.add("expressions refer to each other in a cycle: " + cycle);
        }
    }
}
