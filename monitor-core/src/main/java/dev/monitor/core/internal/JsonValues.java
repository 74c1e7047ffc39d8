package dev.monitor.core.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.monitor.core.redaction.SecretWords;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A user's value (an HTTP request map, request parameters, metadata) written into a {@link
 * JsonBytes} as Jackson would have written {@code mapper.valueToTree(value)}, with secrets hidden:
 * the value under a secret key, at any depth, becomes the mask, and text elsewhere loses its
 * {@code key=value} secrets and URL passwords. Maps with text keys, lists, text, booleans and the
 * usual numbers are walked directly, without a tree; any other value (a user's object, a
 * {@code BigDecimal}) goes through Jackson's tree for exactly the bytes Jackson gives it.
 */
public final class JsonValues {
    private JsonValues() {
    }

    /**
     * Writes {@code value}; {@code secrets} null for no redaction.
     *
     * @throws IllegalArgumentException when Jackson cannot make a tree of a part of it, as
     *                                  {@code valueToTree} throws
     */
    public static void write(JsonBytes out, Object value, SecretWords secrets, String mask, ObjectMapper mapper) {
        if (value == null) {
            out.nullValue();
        } else if (value instanceof String text) {
            out.string(secrets == null ? text : secrets.scrubText(text, mask));
        } else if (value instanceof Boolean flag) {
            out.bool(flag);
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            out.number(((Number) value).longValue());
        } else if (value instanceof Double number) {
            out.javaNumber(number.doubleValue());
        } else if (value instanceof Float number) {
            out.javaNumber(number.floatValue());
        } else if (value instanceof Map<?, ?> map && textKeys(map)) {
            out.startObject();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                String key = (String) entry.getKey();
                out.name(key);
                if (secrets != null && secrets.isSecret(key)) {
                    out.string(mask);
                } else {
                    write(out, entry.getValue(), secrets, mask, mapper);
                }
            }
            out.endObject();
        } else if (value instanceof List<?> list) {
            out.startArray();
            for (Object element : list) {
                out.element();
                write(out, element, secrets, mask, mapper);
            }
            out.endArray();
        } else {
            tree(out, redacted(mapper.valueToTree(value), secrets, mask), mapper);
        }
    }

    private static boolean textKeys(Map<?, ?> map) {
        for (Object key : map.keySet()) {
            if (!(key instanceof String)) {
                return false;
            }
        }
        return true;
    }

    /** {@code node} with secrets hidden, changed in place where it can be. */
    public static JsonNode redacted(JsonNode node, SecretWords secrets, String mask) {
        if (secrets == null) {
            return node;
        }
        if (node instanceof ObjectNode object) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                field.setValue(secrets.isSecret(field.getKey()) ? TextNode.valueOf(mask) : redacted(field.getValue(), secrets, mask));
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, redacted(array.get(i), secrets, mask));
            }
        } else if (node != null && node.isTextual()) {
            String text = node.textValue();
            String scrubbed = secrets.scrubText(text, mask);
            return scrubbed == text ? node : TextNode.valueOf(scrubbed);
        }
        return node;
    }

    /** A tree as Jackson's generator writes it ({@code writeTree}), in {@code out}'s style. */
    public static void tree(JsonBytes out, JsonNode node, ObjectMapper mapper) {
        if (node == null || node.isNull()) {
            out.nullValue();
        } else if (node instanceof ObjectNode object) {
            out.startObject();
            for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                out.name(field.getKey());
                tree(out, field.getValue(), mapper);
            }
            out.endObject();
        } else if (node instanceof ArrayNode array) {
            out.startArray();
            for (JsonNode element : array) {
                out.element();
                tree(out, element, mapper);
            }
            out.endArray();
        } else if (node.isTextual()) {
            out.string(node.textValue());
        } else if (node.isBoolean()) {
            out.bool(node.booleanValue());
        } else if (node.isInt() || node.isLong() || node.isShort()) {
            out.number(node.longValue());
        } else if (node.isDouble()) {
            out.javaNumber(node.doubleValue());
        } else if (node.isFloat()) {
            out.javaNumber(node.floatValue());
        } else {
            // BigDecimal, BigInteger, binary, a POJO: rare, and written by Jackson itself.
            byte[] written = jackson(node, mapper, out.style());
            out.raw(written, 0, written.length);
        }
    }

    private static byte[] jackson(JsonNode node, ObjectMapper mapper, JsonBytes.Style style) {
        try {
            return style == JsonBytes.Style.JACKSON_BYTES ? mapper.writeValueAsBytes(node)
                    : mapper.writeValueAsString(node).getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
