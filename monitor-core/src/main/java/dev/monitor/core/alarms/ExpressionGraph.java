package dev.monitor.core.alarms;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** Finds a cycle among things that refer to each other by name: expressions, or composite alarms. */
final class ExpressionGraph {
    private ExpressionGraph() {
    }

    /** A cycle among metric math expressions, written {@code e1 -> e2 -> e1}, or null. */
    static String cycle(Map<String, MetricMath.Expression> expressions) {
        return cycle(expressions.keySet(), id -> {
            MetricMath.Expression expression = expressions.get(id);
            return expression == null ? List.of() : expression.references().stream().map(MetricMath.Ref::id).toList();
        });
    }

    /** A cycle in the graph of {@code edges}, written {@code a -> b -> a}, or null. */
    static String cycle(Set<String> nodes, Function<String, List<String>> edges) {
        Set<String> done = new HashSet<>();
        for (String start : nodes) {
            Deque<String> path = new ArrayDeque<>();
            String found = visit(start, edges, path, new HashSet<>(), done);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private static String visit(String node, Function<String, List<String>> edges, Deque<String> path,
                                Set<String> onPath, Set<String> done) {
        if (onPath.contains(node)) {
            StringBuilder cycle = new StringBuilder();
            boolean in = false;
            for (String step : path) {
                in |= step.equals(node);
                if (in) {
                    cycle.append(step).append(" -> ");
                }
            }
            return cycle.append(node).toString();
        }
        if (!done.add(node)) {
            return null;
        }
        path.addLast(node);
        onPath.add(node);
        for (String next : edges.apply(node)) {
            String found = visit(next, edges, path, onPath, done);
            if (found != null) {
                return found;
            }
        }
        path.removeLast();
        onPath.remove(node);
        return null;
    }
}
