package dev.monitor.core.events.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A discovered schema's OpenAPI 3 document as ExportSchema gives it with {@code --type JSONSchemaDraft4}:
 * the {@code AWSEvent} component becomes the document itself ({@code $schema}, {@code title}, then its
 * own keywords), the other components its {@code definitions}, references point there, and OpenAPI's
 * {@code nullable} becomes JSON Schema's {@code "null"} type ({@code "type": ["object", "null"]}, as the
 * registry exports a field seen both as an object and as null). Keywords of a schema are sorted, as in
 * the registry's exports.
 */
final class Draft4 {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    static final String SCHEMA = "http://json-schema.org/draft-04/schema#";

    private Draft4() {
    }

    static ObjectNode export(JsonNode openApi) {
        JsonNode components = openApi.path("components").path("schemas");
        ObjectNode document = NODES.objectNode();
        document.put("$schema", SCHEMA);
        document.put("title", openApi.path("info").path("title").asText());
        ObjectNode definitions = NODES.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = components.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> component = it.next();
            if (!component.getKey().equals("AWSEvent")) {
                definitions.set(component.getKey(), convert(component.getValue()));
            }
        }
        if (!definitions.isEmpty()) {
            document.set("definitions", definitions);
        }
        convert(components.path("AWSEvent")).fields().forEachRemaining(field -> document.set(field.getKey(), field.getValue()));
        return document;
    }

    /** One schema converted, its keywords and property names sorted. */
    private static ObjectNode convert(JsonNode schema) {
        ObjectNode out = NODES.objectNode();
        boolean nullable = schema.path("nullable").asBoolean(false);
        if (schema.has("anyOf") && schema.size() == (nullable ? 2 : 1) && allPlainTypes(schema.get("anyOf"))) {
            // a union of plain types is draft-04's list of types: "type": ["integer", "string"]
            ArrayNode types = out.putArray("type");
            schema.get("anyOf").forEach(branch -> types.add(branch.get("type").asText()));
            if (nullable) {
                types.add("null");
            }
            return out;
        }
        List<String> keys = new ArrayList<>();
        schema.fieldNames().forEachRemaining(keys::add);
        keys.remove("nullable");
        if (nullable && !schema.has("type") && !schema.has("anyOf") && !schema.has("allOf")) {
            keys.add("type"); // only null was seen
        }
        keys.sort(null);
        for (String key : keys) {
            JsonNode value = schema.get(key);
            switch (key) {
                case "$ref" -> out.put("$ref", value.asText().replace("#/components/schemas/", "#/definitions/"));
                case "properties" -> {
                    ObjectNode props = out.putObject("properties");
                    java.util.TreeMap<String, JsonNode> sorted = new java.util.TreeMap<>(); // OpenAPI's AWSEvent lists detail first
                    value.fields().forEachRemaining(p -> sorted.put(p.getKey(), p.getValue()));
                    sorted.forEach((name, property) -> props.set(name, convert(property)));
                }
                case "items" -> out.set("items", convert(value));
                case "anyOf", "allOf" -> {
                    ArrayNode branches = NODES.arrayNode();
                    value.forEach(branch -> branches.add(convert(branch)));
                    if (nullable) {
                        branches.add(NODES.objectNode().put("type", "null"));
                    }
                    // a nullable reference (allOf of one) is "the reference or null"
                    out.set(key.equals("allOf") && nullable ? "anyOf" : key, branches);
                }
                case "type" -> {
                    if (value == null) {
                        out.put("type", "null");
                    } else if (nullable) {
                        out.putArray("type").add(value.asText()).add("null");
                    } else {
                        out.set("type", value);
                    }
                }
                default -> out.set(key, value);
            }
        }
        return out;
    }

    private static boolean allPlainTypes(JsonNode branches) {
        for (JsonNode branch : branches) {
            if (branch.size() != 1 || !branch.has("type")) {
                return false;
            }
        }
        return true;
    }
}
