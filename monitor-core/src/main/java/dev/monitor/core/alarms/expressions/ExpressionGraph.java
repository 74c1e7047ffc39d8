package dev.monitor.core.alarms.expressions;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Finds a cycle among things that refer to each other by name: expressions, or composite alarms.
 * Not meant for users: for the alarm builders' checks and the engine's.
 */
public final class ExpressionGraph {
    private ExpressionGraph() {
    }

    /** A cycle among metric math expressions, written {@code e1 -> e2 -> e1}, or null. */
    public static String cycle(Map<String, MetricMath.Expression> expressions) {
        return cycle(expressions.keySet(), id -> {
            MetricMath.Expression expression = expressions.get(id);
            return expression == null ? List.of() : expression.references().stream().map(MetricMath.Ref::id).toList();
        });
    }

    /**
     * A cycle in the graph of {@code edges} reachable from {@code nodes}, written {@code a -> b -> a},
     * or null. Iterative, so a chain of any length cannot overflow the stack.
     */
    public static String cycle(Set<String> nodes, Function<String, List<String>> edges) {
        Set<String> done = new HashSet<>();
        for (String start : nodes) {
            if (done.contains(start)) {
                continue;
            }
            Deque<String> path = new ArrayDeque<>();
            Deque<Iterator<String>> next = new ArrayDeque<>();
            Set<String> onPath = new HashSet<>();
            path.addLast(start);
            onPath.add(start);
            next.addLast(edges.apply(start).iterator());
            while (!path.isEmpty()) {
                Iterator<String> children = next.peekLast();
                if (!children.hasNext()) {
                    done.add(path.peekLast());
                    onPath.remove(path.removeLast());
                    next.removeLast();
                    continue;
                }
                String child = children.next();
                if (onPath.contains(child)) {
                    StringBuilder cycle = new StringBuilder();
                    boolean in = false;
                    for (String step : path) {
                        in |= step.equals(child);
                        if (in) {
                            cycle.append(step).append(" -> ");
                        }
                    }
                    return cycle.append(child).toString();
                }
                if (done.add(child)) {
                    path.addLast(child);
                    onPath.add(child);
                    next.addLast(edges.apply(child).iterator());
                }
            }
        }
        return null;
    }
}
