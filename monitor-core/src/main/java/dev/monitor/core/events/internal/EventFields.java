package dev.monitor.core.events.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * An event flattened as event-ruler flattens it: every scalar under its dotted path (array elements under the
 * array's path), keeping only the paths some pattern names, so that a big event costs little when rules look at
 * few of its fields. Empty arrays and objects hold no scalar: to a pattern, such a field does not exist.
 */
final class EventFields {
    private static final JsonFactory JSON = new JsonFactory();

    /** The scalars by the pattern path they sit at (nodes compare by identity). */
    private final Map<PathTrie.Node, List<Leaf>> values = new HashMap<>();
    private int arrays;

    private EventFields() {
    }

    List<Leaf> get(PathTrie.Node path) {
        return values.get(path);
    }

    /** Reads {@code json}, which must be one JSON object; IllegalArgumentException naming the problem otherwise. */
    static EventFields read(String json, PathTrie paths) {
        EventFields fields = new EventFields();
        try (JsonParser parser = JSON.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("The event is not a JSON object");
            }
            fields.readObject(parser, paths.root, Leaf.NO_ARRAYS);
            if (parser.nextToken() != null) {
                throw new IllegalArgumentException("The event has content after its closing '}'");
            }
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("The event is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("The event could not be read: " + e.getMessage(), e);
        }
        return fields;
    }

    static EventFields read(JsonNode event, PathTrie paths) {
        if (event == null || !event.isObject()) {
            throw new IllegalArgumentException("The event is not a JSON object");
        }
        EventFields fields = new EventFields();
        fields.readObject(event, paths.root, Leaf.NO_ARRAYS);
        return fields;
    }

    private void readObject(JsonParser parser, PathTrie.Node path, int[] membership) throws IOException {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            PathTrie.Node child = path.child(parser.currentName());
            JsonToken token = parser.nextToken();
            if (child != null) {
                readValue(parser, token, child, membership);
            } else {
                parser.skipChildren();
            }
        }
    }

    private void readValue(JsonParser parser, JsonToken token, PathTrie.Node path, int[] membership) throws IOException {
        switch (token) {
            case START_OBJECT -> readObject(parser, path, membership);
            case START_ARRAY -> {
                int id = arrays++;
                int index = 0;
                JsonToken element;
                while ((element = parser.nextToken()) != JsonToken.END_ARRAY) {
                    boolean container = element == JsonToken.START_OBJECT || element == JsonToken.START_ARRAY;
                    readValue(parser, element, path, container ? within(membership, id, index) : membership);
                    index++;
                }
            }
            case VALUE_STRING -> add(path, Leaf.string(parser.getText(), membership));
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> add(path, Leaf.number(parser.getText(), parser.getDoubleValue(), membership));
            case VALUE_TRUE -> add(path, Leaf.literal(Leaf.Kind.TRUE, membership));
            case VALUE_FALSE -> add(path, Leaf.literal(Leaf.Kind.FALSE, membership));
            case VALUE_NULL -> add(path, Leaf.literal(Leaf.Kind.NULL, membership));
            default -> parser.skipChildren();
        }
    }

    private void readObject(JsonNode object, PathTrie.Node path, int[] membership) {
        Iterator<Map.Entry<String, JsonNode>> entries = object.fields();
        while (entries.hasNext()) {
            Map.Entry<String, JsonNode> entry = entries.next();
            PathTrie.Node child = path.child(entry.getKey());
            if (child != null) {
                readValue(entry.getValue(), child, membership);
            }
        }
    }

    private void readValue(JsonNode node, PathTrie.Node path, int[] membership) {
        switch (node.getNodeType()) {
            case OBJECT -> readObject(node, path, membership);
            case ARRAY -> {
                int id = arrays++;
                for (int index = 0; index < node.size(); index++) {
                    JsonNode element = node.get(index);
                    readValue(element, path, element.isContainerNode() ? within(membership, id, index) : membership);
                }
            }
            case STRING -> add(path, Leaf.string(node.textValue(), membership));
            case NUMBER -> add(path, Leaf.number(node.asText(), node.doubleValue(), membership));
            case BOOLEAN -> add(path, Leaf.literal(node.booleanValue() ? Leaf.Kind.TRUE : Leaf.Kind.FALSE, membership));
            case NULL -> add(path, Leaf.literal(Leaf.Kind.NULL, membership));
            default -> {
                // binary or POJO nodes do not occur in parsed JSON
            }
        }
    }

    private static int[] within(int[] membership, int array, int index) {
        int[] out = java.util.Arrays.copyOf(membership, membership.length + 2);
        out[membership.length] = array;
        out[membership.length + 1] = index;
        return out;
    }

    private void add(PathTrie.Node path, Leaf leaf) {
        if (path.named) {
            values.computeIfAbsent(path, p -> new ArrayList<>(2)).add(leaf);
        }
    }
}
