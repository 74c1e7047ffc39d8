package dev.monitor.core.events.internal;

import java.util.HashMap;
import java.util.Map;

/**
 * The field paths some pattern names, as a tree of names: reading an event walks it alongside the event's
 * objects, so a field no pattern names is skipped with one hash lookup and no path string built. Paths are
 * split at dots on both sides, so {@code {"a.b": ...}} in an event is {@code a} then {@code b}, as event-ruler
 * joins them.
 */
final class PathTrie {
    static final class Node {
        private final Map<String, Node> children = new HashMap<>();
        /** The dotted path of this node; a pattern names it when {@link #named}. */
        final String path;
        boolean named;

        Node(String path) {
            this.path = path;
        }

        /** The node a field {@code name} of this node's object leads to, or null when no pattern looks there. */
        Node child(String name) {
            if (name.indexOf('.') < 0) {
                return children.get(name);
            }
            Node node = this;
            for (String part : name.split("\\.", -1)) {
                node = node.children.get(part);
                if (node == null) {
                    return null;
                }
            }
            return node;
        }
    }

    final Node root = new Node("");

    /** The node of {@code path}, marked as one a pattern names. */
    Node add(String path) {
        Node node = root;
        for (String part : path.split("\\.", -1)) {
            Node parent = node;
            node = parent.children.computeIfAbsent(part, p -> new Node(parent == root ? p : parent.path + "." + p));
        }
        node.named = true;
        return node;
    }
}
