package dev.monitor.core.events.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * What schema discovery promises whatever the events: every event observed validates against the
 * JSON Schema draft-04 export of its schema (checked by {@link Draft4Validator}), the order the events
 * came in changes nothing in the final schemas, a schema read back from its OpenAPI document is the
 * same schema, and an event seen again makes no new version.
 */
class SchemaDiscoveryProperties {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @Provide
    Arbitrary<List<String>> events() {
        return event().list().ofMinSize(1).ofMaxSize(12);
    }

    private Arbitrary<String> event() {
        Arbitrary<String> source = Arbitraries.of("app.orders", "app.users");
        Arbitrary<String> detailType = Arbitraries.of("Order Placed", "Order Shipped");
        Arbitrary<List<String>> resources = Arbitraries.of("arn:aws:s3:::a", "arn:aws:s3:::b").list().ofMaxSize(2);
        return Combinators.combine(source, detailType, resources, object(3)).as((s, d, r, detail) -> {
            ObjectNode event = NODES.objectNode();
            event.put("version", "0").put("id", "5b0f7ad5-0000-4000-8000-000000000000").put("detail-type", d).put("source", s)
                    .put("account", "123456789012").put("time", "2026-12-02T10:00:00Z").put("region", "eu-west-1");
            r.forEach(event.putArray("resources")::add);
            event.set("detail", detail);
            return event.toString();
        });
    }

    private Arbitrary<JsonNode> value(int depth) {
        List<Arbitrary<JsonNode>> choices = new ArrayList<>(List.of(
                Arbitraries.just(NODES.nullNode()),
                Arbitraries.of(true, false).map(NODES::booleanNode),
                Arbitraries.integers().between(-5, 5).map(i -> (JsonNode) NODES.numberNode(i)),
                Arbitraries.longs().between(3_000_000_000L, 3_000_000_010L).map(l -> (JsonNode) NODES.numberNode(l)),
                Arbitraries.of(new BigInteger("123456789012345678901234567890")).map(b -> (JsonNode) NODES.numberNode(b)),
                Arbitraries.doubles().between(-100, 100).ofScale(2).map(d -> (JsonNode) NODES.numberNode(d)),
                Arbitraries.strings().alpha().ofMaxLength(4).map(NODES::textNode),
                Arbitraries.of("2026-12-02T10:00:00Z", "2026-12-02T10:00:00.123+01:00", "2026-02-30T10:00:00Z").map(NODES::textNode)));
        if (depth > 0) {
            choices.add(value(depth - 1).list().ofMaxSize(3).map(list -> NODES.arrayNode().addAll(list)));
            choices.add(object(depth - 1).map(o -> (JsonNode) o));
        }
        return Arbitraries.oneOf(choices);
    }

    private Arbitrary<ObjectNode> object(int depth) {
        return Arbitraries.maps(Arbitraries.of("a", "b", "c", "detail-type", "x-1", "Type"), value(depth)).ofMaxSize(4)
                .map(fields -> {
                    ObjectNode object = NODES.objectNode();
                    fields.forEach(object::set);
                    return object;
                });
    }

    private static String nameOf(String event) throws Exception {
        JsonNode node = JSON.readTree(event);
        return SchemaRegistry.schemaName(node.get("source").asText(), node.get("detail-type").asText());
    }

    @Property(tries = 300)
    void everyObservedEventValidatesAgainstItsExportedSchema(@ForAll("events") List<String> events) throws Exception {
        SchemaRegistry registry = SchemaRegistry.builder().build();
        for (String event : events) {
            registry.observe(event);
            assertValid(registry, event);
        }
        for (String event : events) {
            assertValid(registry, event);
        }
    }

    private static void assertValid(SchemaRegistry registry, String event) throws Exception {
        String export = registry.exportSchema(nameOf(event), null, "JSONSchemaDraft4").content();
        List<String> problems = new Draft4Validator(JSON.readTree(export)).validate(JSON.readTree(event));
        assertEquals(List.of(), problems, "event " + event + "\nschema " + export);
    }

    @Property(tries = 300)
    void theOrderOfEventsChangesNothingInTheFinalSchemas(@ForAll("events") List<String> events, @ForAll long seed) throws Exception {
        List<String> shuffled = new ArrayList<>(events);
        Collections.shuffle(shuffled, new Random(seed));
        assertEquals(finalSchemas(events), finalSchemas(shuffled));
    }

    private static Map<String, String> finalSchemas(List<String> events) {
        SchemaRegistry registry = SchemaRegistry.builder().build();
        events.forEach(registry::observe);
        Map<String, String> schemas = new LinkedHashMap<>();
        for (SchemaSummary summary : registry.listSchemas(null)) {
            schemas.put(summary.schemaName(), registry.describeSchema(summary.schemaName(), null).content());
        }
        return schemas;
    }

    @Property(tries = 300)
    void aSchemaReadBackFromItsDocumentIsTheSameSchema(@ForAll("events") List<String> events) throws Exception {
        Shape shape = new Shape();
        Shape.Budget budget = new Shape.Budget(10_000, 64);
        for (String event : events) {
            shape.observe(JSON.readTree(event), budget, 0);
        }
        JsonNode rendered = shape.renderOpenApi("app.orders", "Order Placed", "OrderPlaced");
        Shape read = Shape.fromOpenApi(rendered);
        assertEquals(rendered, read.renderOpenApi("app.orders", "Order Placed", "OrderPlaced"));
        assertEquals(shape.fieldCount(), read.fieldCount());
        for (String event : events) {
            assertFalse(read.observe(JSON.readTree(event), new Shape.Budget(10_000, 64), 0), "nothing new in " + event);
        }
    }

    @Property(tries = 200)
    void anEventSeenAgainMakesNoNewVersion(@ForAll("events") List<String> events) throws Exception {
        SchemaRegistry registry = SchemaRegistry.builder().build();
        events.forEach(registry::observe);
        Map<String, Long> versions = new LinkedHashMap<>();
        registry.listSchemas(null).forEach(s -> versions.put(s.schemaName(), s.versionCount()));
        List<String> reversed = new ArrayList<>(events);
        Collections.reverse(reversed);
        reversed.forEach(registry::observe);
        Map<String, Long> again = new LinkedHashMap<>();
        registry.listSchemas(null).forEach(s -> again.put(s.schemaName(), s.versionCount()));
        assertEquals(versions, again);
        assertEquals(new TreeSet<>(versions.keySet()).size(), versions.size());
    }
}
