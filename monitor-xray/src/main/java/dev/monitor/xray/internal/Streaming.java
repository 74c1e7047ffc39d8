package dev.monitor.xray.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Large segments are streamed, as the X-Ray SDKs do: once a segment holds more than the streaming
 * threshold of subsegments, each completed subtree is detached and sent on its own
 * ({@code type: subsegment}), so that a long-running segment's memory and documents stay small.
 */
final class Streaming {
    private Streaming() {
    }

    /** Detaches the completed subtrees under {@code root}; the caller holds the segment's lock. */
    static List<Entity> detachCompleted(Entity root) {
        List<Entity> completed = new ArrayList<>(root.subsegments);
        detachCompleted(root, completed);
        return completed;
    }

    private static void detachCompleted(Entity entity, List<Entity> out) {
        if (entity.children == null) {
            return;
        }
        List<Entity> children = entity.children;
        int kept = 0;
        for (int i = 0; i < children.size(); i++) {
            Entity child = children.get(i);
            if (allClosed(child)) {
                entity.root.subsegments -= count(child);
                out.add(child);
            } else {
                detachCompleted(child, out);
                children.set(kept++, child);
            }
        }
        children.subList(kept, children.size()).clear();
    }

    private static boolean allClosed(Entity entity) {
        if (entity.endMicros < 0) {
            return false;
        }
        if (entity.children != null) {
            for (Entity child : entity.children) {
                if (!allClosed(child)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static int count(Entity entity) {
        int total = 1;
        if (entity.children != null) {
            for (Entity child : entity.children) {
                total += count(child);
            }
        }
        return total;
    }
}
