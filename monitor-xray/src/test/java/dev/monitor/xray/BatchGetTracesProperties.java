package dev.monitor.xray;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * BatchGetTraces gives a segment the same subsegments whether they came inside it or were sent on
 * their own with {@code type: subsegment} and a {@code parent_id}
 * (https://docs.aws.amazon.com/xray/latest/devguide/xray-api-sendingdata.html), whichever order the
 * documents arrived in: X-Ray "compiles" the documents into the full trace BatchGetTraces returns
 * (https://docs.aws.amazon.com/xray/latest/devguide/xray-api-segmentdocuments.html).
 */
class BatchGetTracesProperties {
    private static final String TRACE = "1-6540b200-000000000000000000000001";

    @Property(tries = 300)
    void aSegmentStreamedInPiecesReadsAsTheSegmentSentWhole(@ForAll long seed, @ForAll @IntRange(min = 0, max = 30) int subsegments)
            throws Exception {
        Random random = new Random(seed);
        ObjectNode whole = TraceIndex.JSON.createObjectNode().put("name", "web").put("id", "a000000000000000").put("trace_id", TRACE)
                .put("start_time", 1_700_000_000.0).put("end_time", 1_700_000_001.0);
        List<ObjectNode> entities = new ArrayList<>(List.of(whole));
        for (int i = 0; i < subsegments; i++) {
            ObjectNode parent = entities.get(random.nextInt(entities.size()));
            ObjectNode sub = TraceIndex.JSON.createObjectNode().put("name", "s" + i).put("id", "%016x".formatted(i + 1))
                    .put("start_time", 1_700_000_000.0 + i / 100.0).put("end_time", 1_700_000_000.5);
            ((ArrayNode) parent.withArray("subsegments")).add(sub);
            entities.add(sub);
        }
        Map<String, String> expected = parents(whole);

        // Detach random subtrees, as the tracer streams them, and send every piece in a random order.
        ObjectNode segment = whole.deepCopy();
        List<ObjectNode> pieces = new ArrayList<>(List.of(segment));
        detach(segment, random, pieces);
        Collections.shuffle(pieces, random);
        TraceIndex index = new TraceIndex(10_000);
        pieces.forEach(piece -> index.add(TRACE, piece.toString()));

        JsonNode answer = TraceIndex.JSON.readTree(index.batchGetTraces(List.of(TRACE)));
        JsonNode documents = answer.at("/Traces/0/Segments");
        assertEquals(1, documents.size(), answer.toPrettyString());
        JsonNode read = TraceIndex.JSON.readTree(documents.get(0).get("Document").asText());
        assertEquals(expected, parents(read), "each subsegment under its parent");
    }

    private static void detach(ObjectNode entity, Random random, List<ObjectNode> pieces) {
        JsonNode children = entity.get("subsegments");
        if (children == null) {
            return;
        }
        ArrayNode kept = TraceIndex.JSON.createArrayNode();
        for (JsonNode child : children) {
            ObjectNode copy = (ObjectNode) child;
            detach(copy, random, pieces);
            if (random.nextBoolean()) {
                copy.put("type", "subsegment").put("trace_id", TRACE).put("parent_id", entity.get("id").asText());
                pieces.add(copy);
            } else {
                kept.add(copy);
            }
        }
        entity.set("subsegments", kept);
    }

    /** Every entity's id with its parent's and its name, from the nesting alone. */
    private static Map<String, String> parents(JsonNode segment) {
        Map<String, String> out = new TreeMap<>();
        walk(segment, "-", out);
        return out;
    }

    private static void walk(JsonNode entity, String parent, Map<String, String> out) {
        out.put(entity.get("id").asText(), parent + " " + entity.get("name").asText() + " " + entity.get("start_time").asDouble()
                + (entity.has("type") || entity.has("parent_id") ? " alone" : ""));
        for (JsonNode child : entity.path("subsegments")) {
            walk(child, entity.get("id").asText(), out);
        }
    }
}
