package dev.monitor.console.traces;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The timeline's tree, for any shape of trace: segments nested under the calls that caused them,
 * subsegments inside their segments, documents in any order, and segments whose parents loop.
 */
class TraceTreeProperties {

    /** A generated entity: {@code parent} -1 for a root; segments are documents of their own. */
    private record Made(String id, int parent, boolean segment, double start, double end, int depth) {
    }

    @Property(tries = 300)
    void everyEntityIsPlacedOnceUnderItsParentInTheOrderItStarted(@ForAll long seed, @ForAll @IntRange(min = 1, max = 40) int size,
                                                                @ForAll boolean loop) throws Exception {
        Random random = new Random(seed);
        List<Made> made = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            boolean root = i == 0 || random.nextInt(12) == 0;
            int parent = root ? -1 : random.nextInt(i);
            double start = 1_700_000_000 + random.nextInt(1000) / 1000.0;
            made.add(new Made("%016x".formatted(i + 1), parent, root || random.nextInt(3) == 0, start,
                    start + random.nextInt(500) / 1000.0, root ? 0 : made.get(parent).depth + 1));
        }
        List<ObjectNode> documents = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            if (made.get(i).segment) {
                ObjectNode document = entity(made, i);
                document.put("trace_id", "1-6540b200-000000000000000000000001");
                if (made.get(i).parent >= 0) {
                    document.put("parent_id", made.get(made.get(i).parent).id);
                }
                documents.add(document);
            }
        }
        if (loop) { // two segments, each naming the other as its parent
            documents.add(TracesPage.JSON.createObjectNode().put("id", "f000000000000001").put("name", "loop-a")
                    .put("parent_id", "f000000000000002").put("start_time", 1_700_000_000.5).put("end_time", 1_700_000_000.6));
            documents.add(TracesPage.JSON.createObjectNode().put("id", "f000000000000002").put("name", "loop-b")
                    .put("parent_id", "f000000000000001").put("start_time", 1_700_000_000.7).put("end_time", 1_700_000_000.8));
        }
        Collections.shuffle(documents, random);
        ObjectNode trace = TracesPage.JSON.createObjectNode().put("Id", "1-6540b200-000000000000000000000001").put("Duration", 1.0);
        ArrayNode segments = trace.putArray("Segments");
        documents.forEach(d -> segments.addObject().put("Id", d.get("id").asText()).put("Document", d.toString()));

        TraceTree.Answer answer = TraceTree.of(trace);

        Map<String, String> parents = new HashMap<>();
        Map<String, Integer> depths = new HashMap<>();
        List<String> seen = new ArrayList<>();
        walk(answer.roots(), null, 0, answer, parents, depths, seen);
        int expected = size + (loop ? 2 : 0);
        assertEquals(expected, seen.size(), "each entity once: " + seen);
        assertEquals(expected, new java.util.HashSet<>(seen).size());
        assertEquals(expected, answer.entities());
        assertEquals(documents.size(), answer.segments());
        double first = Math.min(made.stream().mapToDouble(Made::start).min().orElseThrow(), loop ? 1_700_000_000.5 : Double.MAX_VALUE);
        assertEquals(first, answer.start().getEpochSecond() + answer.start().getNano() / 1e9, 1e-6);
        for (Made m : made) {
            assertEquals(m.parent < 0 ? null : made.get(m.parent).id, parents.get(m.id), "the parent of " + m);
            assertEquals(m.depth, depths.get(m.id), "the depth of " + m);
        }
    }

    private static ObjectNode entity(List<Made> made, int index) {
        Made m = made.get(index);
        ObjectNode node = TracesPage.JSON.createObjectNode().put("id", m.id).put("name", "e" + index).put("start_time", m.start)
                .put("end_time", m.end);
        for (int i = index + 1; i < made.size(); i++) {
            if (made.get(i).parent == index && !made.get(i).segment) {
                node.withArray("subsegments").add(entity(made, i));
            }
        }
        return node;
    }

    private static void walk(List<TraceTree.Entity> entities, String parent, int depth, TraceTree.Answer answer,
                             Map<String, String> parents, Map<String, Integer> depths, List<String> seen) {
        double last = -1;
        for (TraceTree.Entity entity : entities) {
            double start = entity.start().getEpochSecond() + entity.start().getNano() / 1e9;
            assertTrue(start >= last, "siblings in the order they started");
            last = start;
            double offset = (entity.start().toEpochMilli() - answer.start().toEpochMilli());
            assertEquals(offset, entity.offset(), 1.0, "milliseconds from the trace's start");
            assertTrue(entity.duration() >= 0);
            seen.add(entity.id());
            parents.put(entity.id(), parent);
            depths.put(entity.id(), depth);
            walk(entity.children(), entity.id(), depth + 1, answer, parents, depths, seen);
        }
    }
}
