package dev.monitor.core.events.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Java 17 records for a discovered schema: one compilation unit, {@code AWSEvent.java}, in the package
 * the registry's Java code bindings use ({@code schema.<source>.<detail type in lower case>}), holding
 * the {@code AWSEvent} record and one nested record per object type of the schema. Every component
 * carries {@code @JsonProperty} with its JSON name (so that names such as {@code detail-type} bind, and
 * so that an application's naming strategy or the compiler's {@code -parameters} setting change
 * nothing), and every record ignores unknown fields, so that events of a later schema version still
 * deserialize. Only {@code jackson-annotations} is needed to compile the source.
 *
 * <p>Types: string as {@code String} (date-times too, parse them with {@code OffsetDateTime.parse}: no
 * Jackson module needed), integer as {@code Integer} ({@code Long} for int64), number as {@code Double},
 * boolean as {@code Boolean}, array as {@code java.util.List}, an object without fields as a {@code Map},
 * and a field seen with several types (or only as null) as {@code Object}.
 */
final class JavaRecords {
    static final String FILE_NAME = "AWSEvent.java";
    private static final String COMPONENTS = "#/components/schemas/";
    private static final Set<String> KEYWORDS = Set.of("abstract", "assert", "boolean", "break", "byte", "case", "catch",
            "char", "class", "const", "continue", "default", "do", "double", "else", "enum", "extends", "final", "finally",
            "float", "for", "goto", "if", "implements", "import", "instanceof", "int", "interface", "long", "native", "new",
            "package", "private", "protected", "public", "return", "short", "static", "strictfp", "super", "switch",
            "synchronized", "this", "throw", "throws", "transient", "try", "void", "volatile", "while", "true", "false",
            "null", "var", "yield", "record", "sealed", "permits", "_");
    /** Accessor names a record component cannot take: Object's methods without parameters. */
    private static final Set<String> OBJECT_METHODS = Set.of("hashCode", "toString", "getClass", "notify", "notifyAll",
            "wait", "clone", "finalize", "equals");
    /** Simple names the source uses, which a nested record must not shadow. */
    private static final Set<String> USED_TYPES = Set.of("AWSEvent", "String", "Integer", "Long", "Double", "Boolean",
            "Object", "JsonProperty", "JsonIgnoreProperties", "Override", "Record");

    private JavaRecords() {
    }

    /** The package of a schema's records: {@code schema.aws.ec2.ec2instancestatechangenotification}. */
    static String packageName(String source, String detailName) {
        StringBuilder name = new StringBuilder("schema");
        for (String segment : source.split("[./]+")) {
            if (!segment.isEmpty()) {
                name.append('.').append(packageSegment(segment));
            }
        }
        return name.append('.').append(packageSegment(detailName)).toString();
    }

    private static String packageSegment(String text) {
        String segment = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        if (Character.isDigit(segment.charAt(0))) {
            segment = "_" + segment;
        }
        return KEYWORDS.contains(segment) ? segment + "_" : segment;
    }

    /** The source of {@code AWSEvent.java} for the OpenAPI 3 document of a discovered schema. */
    static String generate(JsonNode openApi, String schemaName, String schemaVersion) {
        JsonNode components = openApi.path("components").path("schemas");
        JsonNode root = components.path("AWSEvent");
        String source = root.path("x-amazon-events-source").asText();
        String detailType = root.path("x-amazon-events-detail-type").asText();
        String detailName = openApi.path("info").path("title").asText("Detail");
        Map<String, String> typeNames = new HashMap<>();
        Set<String> takenTypes = new HashSet<>(USED_TYPES);
        typeNames.put("AWSEvent", "AWSEvent");
        for (Iterator<String> names = components.fieldNames(); names.hasNext(); ) {
            String component = names.next();
            if (!component.equals("AWSEvent")) {
                String name = Shape.pascal(component);
                String unique = name;
                for (int n = 2; takenTypes.contains(unique); n++) {
                    unique = name + n;
                }
                takenTypes.add(unique);
                typeNames.put(component, unique);
            }
        }
        StringBuilder out = new StringBuilder();
        out.append("package ").append(packageName(source, detailName)).append(";\n\n");
        out.append("import com.fasterxml.jackson.annotation.JsonIgnoreProperties;\n");
        out.append("import com.fasterxml.jackson.annotation.JsonProperty;\n\n");
        out.append("/**\n * An event of source ").append(comment(source)).append(" and detail-type ").append(comment(detailType))
                .append(",\n * as the schema ").append(comment(schemaName)).append(" version ").append(comment(schemaVersion))
                .append(" describes it.\n * Generated by Monitor's schema registry; read an event with Jackson:\n")
                .append(" * {@code new ObjectMapper().readValue(json, AWSEvent.class)}.\n */\n");
        writeRecord(out, "", "AWSEvent", root, components, typeNames, true);
        return out.toString();
    }

    private static void writeRecord(StringBuilder out, String indent, String component, JsonNode schema, JsonNode components,
            Map<String, String> typeNames, boolean top) {
        out.append(indent).append("@JsonIgnoreProperties(ignoreUnknown = true)\n");
        out.append(indent).append(top ? "public record " : "public static record ").append(typeNames.get(component)).append('(');
        Set<String> fieldNames = new HashSet<>();
        List<String> parameters = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = schema.path("properties").fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = identifier(field.getKey());
            String unique = name;
            for (int n = 2; fieldNames.contains(unique); n++) {
                unique = name + n;
            }
            fieldNames.add(unique);
            parameters.add("@JsonProperty(\"" + literal(field.getKey()) + "\") " + javaType(field.getValue(), typeNames) + " " + unique);
        }
        String inner = indent + "        ";
        out.append(parameters.isEmpty() ? "" : "\n" + inner + String.join(",\n" + inner, parameters)).append(") {\n");
        if (top) {
            Map<String, JsonNode> nested = new LinkedHashMap<>();
            components.fields().forEachRemaining(c -> {
                if (!c.getKey().equals("AWSEvent")) {
                    nested.put(c.getKey(), c.getValue());
                }
            });
            for (Map.Entry<String, JsonNode> c : nested.entrySet()) {
                out.append('\n');
                writeRecord(out, indent + "    ", c.getKey(), c.getValue(), components, typeNames, false);
            }
        }
        out.append(indent).append("}\n");
    }

    private static String javaType(JsonNode schema, Map<String, String> typeNames) {
        if (schema.has("$ref")) {
            String ref = schema.get("$ref").asText();
            String name = typeNames.get(ref.substring(COMPONENTS.length()));
            return name == null ? "Object" : name;
        }
        if (schema.has("allOf") && schema.get("allOf").size() == 1) {
            return javaType(schema.get("allOf").get(0), typeNames);
        }
        return switch (schema.path("type").asText("")) {
            case "string" -> "String";
            case "integer" -> schema.path("format").asText("").equals("int64") ? "Long" : "Integer";
            case "number" -> "Double";
            case "boolean" -> "Boolean";
            case "array" -> "java.util.List<" + javaType(schema.path("items"), typeNames) + ">";
            case "object" -> "java.util.Map<String, Object>";
            default -> "Object";
        };
    }

    /**
     * A JSON name as a Java identifier: kept when it is one already (ASCII), else camel case of its words
     * ({@code detail-type} gives {@code detailType}); a keyword or one of Object's method names gets a
     * trailing {@code _}, a leading digit a leading {@code _}.
     */
    static String identifier(String jsonName) {
        String name;
        if (jsonName.matches("[A-Za-z_$][A-Za-z0-9_$]*")) {
            name = jsonName;
        } else {
            StringBuilder camel = new StringBuilder();
            for (String word : jsonName.split("[^A-Za-z0-9]+")) {
                if (!word.isEmpty()) {
                    camel.append(camel.length() == 0 ? Character.toLowerCase(word.charAt(0)) : Character.toUpperCase(word.charAt(0)))
                            .append(word, 1, word.length());
                }
            }
            name = camel.length() == 0 ? "field" : camel.toString();
            if (Character.isDigit(name.charAt(0))) {
                name = "_" + name;
            }
        }
        return KEYWORDS.contains(name) || OBJECT_METHODS.contains(name) ? name + "_" : name;
    }

    /** Text inside a Java string literal: quotes, backslashes, controls and non-ASCII escaped. */
    static String literal(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\%03o", (int) c)); // octal: a unicode escape of a line break would end the literal
            } else if (c > 0x7f) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Text inside a Javadoc comment: quoted, nothing that ends the comment or escapes a character. */
    private static String comment(String text) {
        return "\"" + literal(text).replace("\\u", "U+").replace("*/", "*&#47;").replace("@", "&#64;") + "\"";
    }
}
