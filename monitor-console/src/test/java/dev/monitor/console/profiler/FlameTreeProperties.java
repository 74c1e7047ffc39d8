package dev.monitor.console.profiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monitor.core.profiler.CollapsedProfile;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The flame graph's tree: each frame's width is the sum of the counts of the stacks through it (as flamegraph.pl
 * merges them), children never outweigh their parent, and a differential tree carries the baseline's counts of the
 * same paths.
 */
class FlameTreeProperties {

    @Provide
    Arbitrary<CollapsedProfile> profiles() {
        Arbitrary<String> frame = Arbitraries.of("main", "Checkout.pay", "String.format", "Pattern.compile", "Inventory.reserve");
        // Counts from 1 to 1000 and at most 20 stacks: no frame falls below the tree's 1/100000 cut.
        return Combinators.combine(frame.list().ofMinSize(1).ofMaxSize(5), Arbitraries.longs().between(1, 1000))
                .as(CollapsedProfile.Stack::new).list().ofMaxSize(20).map(CollapsedProfile::of);
    }

    /** The count through each path (frames from the root), summed over the stacks. */
    private static Map<List<String>, Long> through(CollapsedProfile profile) {
        Map<List<String>, Long> counts = new HashMap<>();
        for (CollapsedProfile.Stack stack : profile.stacks()) {
            for (int depth = 1; depth <= stack.frames().size(); depth++) {
                counts.merge(stack.frames().subList(0, depth), stack.count(), Long::sum);
            }
        }
        return counts;
    }

    private static void visit(FlameGraphPage.Node node, List<String> path, Map<List<String>, FlameGraphPage.Node> nodes) {
        long children = 0;
        String previous = "";
        for (FlameGraphPage.Node child : node.c()) {
            assertTrue(child.n().compareTo(previous) > 0, "children in name order, once each: " + node);
            previous = child.n();
            children += child.v();
            List<String> childPath = new ArrayList<>(path);
            childPath.add(child.n());
            nodes.put(childPath, child);
            visit(child, childPath, nodes);
        }
        assertTrue(children <= node.v(), "the children of " + node.n() + " outweigh it");
    }

    @Property
    void eachFrameIsTheSumOfTheStacksThroughIt(@ForAll("profiles") CollapsedProfile target, @ForAll("profiles") CollapsedProfile baseline) {
        FlameGraphPage.Node root = FlameGraphPage.tree(target, baseline);
        assertEquals(target.total(), root.v());
        assertEquals(baseline.total(), root.b());
        Map<List<String>, FlameGraphPage.Node> nodes = new HashMap<>();
        visit(root, List.of(), nodes);
        Map<List<String>, Long> expected = through(target);
        Map<List<String>, Long> expectedBaseline = through(baseline);
        assertEquals(expected.keySet(), nodes.keySet(), "a frame for every path of the newer profile, and no other");
        nodes.forEach((path, node) -> {
            assertEquals(expected.get(path), node.v(), path.toString());
            assertEquals(expectedBaseline.getOrDefault(path, 0L), node.b(), "the baseline's count of " + path);
        });
    }

    @Property
    void withoutABaselineTheTreeIsTheProfileAlone(@ForAll("profiles") CollapsedProfile target) {
        FlameGraphPage.Node root = FlameGraphPage.tree(target, null);
        Map<List<String>, FlameGraphPage.Node> nodes = new HashMap<>();
        visit(root, List.of(), nodes);
        nodes.values().forEach(node -> assertEquals(0, node.b()));
        assertEquals(FlameGraphPage.tree(target, CollapsedProfile.empty()), root);
    }
}
