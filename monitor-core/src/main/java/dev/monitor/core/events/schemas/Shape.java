package dev.monitor.core.events.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the values seen at one place of a schema's events have been: the JSON types seen, and for
 * objects their fields (present in every object or not), for arrays what their elements were.
 *
 * <p>The state is canonical, so that a change of state is a change of the rendered schema and so a new
 * version: an integer seen where a number was is absorbed in "number" (the most general of the two),
 * and "date-time" holds while every string seen was an RFC 3339 date-time. Every attribute only moves
 * one way (types and fields are added, fields become optional, formats are lost), so the final state
 * is the same whatever order the events came in. Not thread-safe: the registry holds its lock.
 */
final class Shape {
    static final int NULL = 1;
    static final int BOOLEAN = 2;
    static final int INTEGER = 4;
    static final int NUMBER = 8;
    static final int STRING = 16;
    static final int ARRAY = 32;
    static final int OBJECT = 64;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String COMPONENTS = "#/components/schemas/";

    int kinds;
    /** An integer outside 32 bits was seen: "format": "int64". */
    boolean int64;
    /** A string that is not a date-time was seen. */
    boolean notDateTime;
    /** Fields of the objects seen, sorted by name so that renderings never depend on arrival order. */
    final TreeMap<String, Shape> properties = new TreeMap<>();
    /** Fields present in every object seen; null before the first object. */
    TreeSet<String> required;
    /** What every element of the arrays seen was; null while no array held an element. */
    Shape items;

    /** The limits of one schema and what went over them. */
    static final class Budget {
        final int maxFields;
        final int maxDepth;
        int fields;
        long fieldsOverLimit;
        long depthOverLimit;

        Budget(int maxFields, int maxDepth) {
            this.maxFields = maxFields;
            this.maxDepth = maxDepth;
        }
    }

    /** Merges {@code value} in; returns whether the schema changed. */
    boolean observe(JsonNode value, Budget budget, int depth) {
        switch (value.getNodeType()) {
            case NULL:
                return addKind(NULL);
            case BOOLEAN:
                return addKind(BOOLEAN);
            case NUMBER:
                return observeNumber(value);
            case STRING:
                boolean changed = addKind(STRING);
                if (!notDateTime && !isDateTime(value.textValue())) {
                    notDateTime = true;
                    changed = true;
                }
                return changed;
            case ARRAY:
                return observeArray(value, budget, depth);
            case OBJECT:
                return observeObject(value, budget, depth);
            default: // binary, POJO and missing nodes never come out of parsing JSON text
                return false;
        }
    }

    private boolean addKind(int kind) {
        if ((kinds & kind) != 0) {
            return false;
        }
        kinds |= kind;
        return true;
    }

    private boolean observeNumber(JsonNode value) {
        boolean integral = value.isIntegralNumber() && (!value.isBigInteger() || fitsLong(value.bigIntegerValue()));
        if (!integral) {
            if ((kinds & NUMBER) != 0) {
                return false;
            }
            kinds = (kinds & ~INTEGER) | NUMBER;
            int64 = false;
            return true;
        }
        if ((kinds & NUMBER) != 0) {
            return false; // an integer is a number
        }
        boolean changed = addKind(INTEGER);
        long v = value.longValue();
        if (!int64 && (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE)) {
            int64 = true;
            changed = true;
        }
        return changed;
    }

    private static boolean fitsLong(BigInteger value) {
        return value.bitLength() < 64;
    }

    private boolean observeArray(JsonNode value, Budget budget, int depth) {
        boolean changed = addKind(ARRAY);
        if (depth >= budget.maxDepth) {
            if (!value.isEmpty()) {
                budget.depthOverLimit++;
            }
            return changed;
        }
        for (JsonNode element : value) {
            if (items == null) {
                items = new Shape();
                changed = true;
            }
            changed |= items.observe(element, budget, depth + 1);
        }
        return changed;
    }

    private boolean observeObject(JsonNode value, Budget budget, int depth) {
        boolean changed = addKind(OBJECT);
        if (depth >= budget.maxDepth) {
            if (!value.isEmpty()) {
                budget.depthOverLimit++;
            }
            return changed;
        }
        boolean first = required == null;
        if (first) {
            required = new TreeSet<>();
        } else {
            // a field once in every object is no longer when this one lacks it
            for (Iterator<String> names = required.iterator(); names.hasNext(); ) {
                if (!value.has(names.next())) {
                    names.remove();
                    changed = true;
                }
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = value.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            Shape child = properties.get(field.getKey());
            if (child == null) {
                if (budget.fields >= budget.maxFields) {
                    budget.fieldsOverLimit++;
                    continue;
                }
                budget.fields++;
                child = new Shape();
                properties.put(field.getKey(), child);
                changed = true;
            }
            if (first) {
                required.add(field.getKey());
            }
            changed |= child.observe(field.getValue(), budget, depth + 1);
        }
        return changed || first;
    }

    /**
     * Whether {@code text} is an RFC 3339 date-time (section 5.6: {@code 2021-11-11T21:29:54Z},
     * {@code 2026-01-01T00:00:00.5+01:00}; {@code T} and {@code Z} in either case, second 60 for a leap
     * second), checked by hand because every string of every event is checked: no allocation.
     */
    static boolean isDateTime(String text) {
        int n = text.length();
        if (n < 20 || n > 64 || !digits(text, 0, 4) || text.charAt(4) != '-' || !digits(text, 5, 2) || text.charAt(7) != '-'
                || !digits(text, 8, 2) || (text.charAt(10) != 'T' && text.charAt(10) != 't') || !digits(text, 11, 2)
                || text.charAt(13) != ':' || !digits(text, 14, 2) || text.charAt(16) != ':' || !digits(text, 17, 2)) {
            return false;
        }
        int year = number(text, 0, 4);
        int month = number(text, 5, 2);
        int day = number(text, 8, 2);
        if (month < 1 || month > 12 || day < 1 || day > java.time.YearMonth.of(year, month).lengthOfMonth()
                || number(text, 11, 2) > 23 || number(text, 14, 2) > 59 || number(text, 17, 2) > 60) {
            return false;
        }
        int i = 19;
        if (text.charAt(i) == '.') {
            int start = ++i;
            while (i < n && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
                i++;
            }
            if (i == start) {
                return false;
            }
        }
        if (i == n - 1) {
            return text.charAt(i) == 'Z' || text.charAt(i) == 'z';
        }
        return i == n - 6 && (text.charAt(i) == '+' || text.charAt(i) == '-') && digits(text, i + 1, 2) && text.charAt(i + 3) == ':'
                && digits(text, i + 4, 2) && number(text, i + 1, 2) <= 23 && number(text, i + 4, 2) <= 59;
    }

    private static boolean digits(String text, int from, int count) {
        for (int i = from; i < from + count; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static int number(String text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            value = value * 10 + text.charAt(i) - '0';
        }
        return value;
    }

    /** The number of fields in this shape and below it: what a schema rebuilt from its content spends of its budget. */
    int fieldCount() {
        int count = properties.size();
        for (Shape child : properties.values()) {
            count += child.fieldCount();
        }
        return count + (items == null ? 0 : items.fieldCount());
    }

    boolean isObjectOnly() {
        return (kinds & ~NULL) == OBJECT;
    }

    // ---------------------------------------------------------------- rendering as OpenAPI 3

    /**
     * Names the object types below the root, breadth first, properties in name order: a pure object
     * with fields gets a component named after its field in PascalCase (array elements: the field's
     * name and {@code Item}), numbered from 2 when the name is taken.
     */
    static final class Naming {
        final Map<Shape, String> names = new java.util.IdentityHashMap<>();
        final Set<String> taken = new HashSet<>();
        final List<Shape> order = new ArrayList<>();

        String name(Shape shape, String wanted) {
            String name = wanted;
            for (int n = 2; taken.contains(name); n++) {
                name = wanted + n;
            }
            taken.add(name);
            names.put(shape, name);
            order.add(shape);
            return name;
        }
    }

    /**
     * The OpenAPI 3 document of a discovered schema whose root (the whole event) is this shape, as the
     * schema registry lays it out: {@code AWSEvent} with the {@code x-amazon-events-*} extensions and
     * {@code detail} a reference to the detail type's component.
     */
    ObjectNode renderOpenApi(String source, String detailType, String detailName) {
        Naming naming = new Naming();
        naming.name(this, "AWSEvent");
        Shape detail = properties.get("detail");
        if (detail != null && detail.isObjectOnly()) {
            naming.name(detail, detailName); // even without fields: the registry always gives the detail type its component
        }
        ObjectNode components = NODES.objectNode();
        for (int i = 0; i < naming.order.size(); i++) { // the list grows as components name their children
            Shape shape = naming.order.get(i);
            components.set(naming.names.get(shape), shape.renderComponent(naming, i == 0, source, detailType));
        }
        ObjectNode document = NODES.objectNode();
        document.put("openapi", "3.0.0");
        document.putObject("info").put("version", "1.0.0").put("title", detailName);
        document.putObject("paths");
        document.putObject("components").set("schemas", components);
        return document;
    }

    private ObjectNode renderComponent(Naming naming, boolean root, String source, String detailType) {
        ObjectNode component = NODES.objectNode();
        component.put("type", "object");
        if (required != null && !required.isEmpty()) {
            ArrayNode list = component.putArray("required");
            required.forEach(list::add);
        }
        if (root) {
            component.put("x-amazon-events-detail-type", detailType);
            component.put("x-amazon-events-source", source);
        }
        ObjectNode props = NODES.objectNode();
        if (root && properties.containsKey("detail")) {
            props.set("detail", null); // the registry lists detail first
        }
        for (Map.Entry<String, Shape> property : properties.entrySet()) {
            props.set(property.getKey(), property.getValue().renderValue(naming, pascal(property.getKey())));
        }
        if (!props.isEmpty()) {
            component.set("properties", props);
        }
        return component;
    }

    /** This shape where a value stands: a type, a reference, or a union of them. */
    private ObjectNode renderValue(Naming naming, String wantedName) {
        List<ObjectNode> branches = new ArrayList<>();
        if ((kinds & BOOLEAN) != 0) {
            branches.add(type("boolean"));
        }
        if ((kinds & INTEGER) != 0) {
            ObjectNode integer = type("integer");
            if (int64) {
                integer.put("format", "int64");
            }
            branches.add(integer);
        }
        if ((kinds & NUMBER) != 0) {
            branches.add(type("number").put("format", "double"));
        }
        if ((kinds & STRING) != 0) {
            ObjectNode string = type("string");
            if (!notDateTime) {
                string.put("format", "date-time");
            }
            branches.add(string);
        }
        if ((kinds & ARRAY) != 0) {
            ObjectNode array = type("array");
            array.set("items", items == null ? NODES.objectNode() : items.renderValue(naming, wantedName + "Item"));
            branches.add(array);
        }
        if ((kinds & OBJECT) != 0) {
            if (properties.isEmpty() && !naming.names.containsKey(this)) {
                branches.add(type("object"));
            } else {
                String name = naming.names.containsKey(this) ? naming.names.get(this) : naming.name(this, wantedName);
                branches.add(NODES.objectNode().put("$ref", COMPONENTS + name));
            }
        }
        boolean nullable = (kinds & NULL) != 0;
        if (branches.isEmpty()) {
            ObjectNode any = NODES.objectNode();
            return nullable ? any.put("nullable", true) : any;
        }
        if (branches.size() == 1 && !branches.get(0).has("$ref")) {
            ObjectNode single = branches.get(0);
            return nullable ? single.put("nullable", true) : single;
        }
        if (branches.size() == 1 && !nullable) {
            return branches.get(0);
        }
        ObjectNode union = NODES.objectNode();
        // OpenAPI 3.0 ignores the siblings of a $ref, so a nullable reference is the usual allOf of one
        union.set(branches.size() == 1 ? "allOf" : "anyOf", NODES.arrayNode().addAll(branches));
        return nullable ? union.put("nullable", true) : union;
    }

    private static ObjectNode type(String type) {
        return NODES.objectNode().put("type", type);
    }

    /**
     * A name in PascalCase, as the registry names types: words split at every character that is not a
     * letter or digit, each word's first letter upper-cased, the rest kept ("EC2 Instance State-change
     * Notification" gives EC2InstanceStateChangeNotification); a name that would start with a digit or be
     * empty gets a {@code Type} prefix.
     */
    static String pascal(String text) {
        StringBuilder name = new StringBuilder();
        boolean wordStart = true;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
                name.append(wordStart ? Character.toUpperCase(c) : c);
                wordStart = false;
            } else {
                wordStart = true;
            }
        }
        if (name.length() == 0 || Character.isDigit(name.charAt(0))) {
            name.insert(0, "Type");
        }
        return name.toString();
    }

    // ---------------------------------------------------------------- reading back a rendering

    /** The shape an OpenAPI document rendered by {@link #renderOpenApi} stands for: its {@code AWSEvent}. */
    static Shape fromOpenApi(JsonNode document) {
        JsonNode components = document.path("components").path("schemas");
        Shape root = new Shape();
        root.readComponent(components.path("AWSEvent"), components, 0);
        return root;
    }

    private void readComponent(JsonNode component, JsonNode components, int depth) {
        kinds |= OBJECT;
        if (depth > 256) {
            throw new IllegalArgumentException("the schema's components refer to each other in a loop");
        }
        required = new TreeSet<>();
        component.path("required").forEach(name -> required.add(name.asText()));
        for (Iterator<Map.Entry<String, JsonNode>> fields = component.path("properties").fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            Shape child = new Shape();
            child.readValue(field.getValue(), components, depth + 1);
            properties.put(field.getKey(), child);
        }
        required.retainAll(properties.keySet());
    }

    private void readValue(JsonNode value, JsonNode components, int depth) {
        if (value.path("nullable").asBoolean(false)) {
            kinds |= NULL;
        }
        for (String union : List.of("anyOf", "allOf")) {
            for (JsonNode branch : value.path(union)) {
                readValue(branch, components, depth);
            }
        }
        if (value.has("$ref")) {
            String ref = value.get("$ref").asText();
            if (!ref.startsWith(COMPONENTS) || !components.has(ref.substring(COMPONENTS.length()))) {
                throw new IllegalArgumentException("the reference " + ref + " names no component of the schema");
            }
            readComponent(components.get(ref.substring(COMPONENTS.length())), components, depth + 1);
            return;
        }
        String format = value.path("format").asText("");
        switch (value.path("type").asText("")) {
            case "boolean" -> kinds |= BOOLEAN;
            case "integer" -> {
                kinds |= INTEGER;
                int64 = format.equals("int64");
            }
            case "number" -> kinds |= NUMBER;
            case "string" -> {
                kinds |= STRING;
                notDateTime = !format.equals("date-time");
            }
            case "array" -> {
                kinds |= ARRAY;
                JsonNode itemSchema = value.path("items");
                if (itemSchema.isObject() && !itemSchema.isEmpty()) {
                    items = new Shape();
                    items.readValue(itemSchema, components, depth + 1);
                }
            }
            case "object" -> {
                kinds |= OBJECT;
                if (required == null) {
                    required = new TreeSet<>();
                }
            }
            default -> {
                // no type: nothing seen, or only null
            }
        }
    }

    /** A copy of the rendering's map for tests and debugging: field name to shape. */
    Map<String, Shape> propertiesView() {
        return new LinkedHashMap<>(properties);
    }
}
