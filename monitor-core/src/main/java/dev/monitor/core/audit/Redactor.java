package dev.monitor.core.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.monitor.core.redaction.SecretWords;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * What no audit record may carry: secret values (under keys that contain a secret word, at any
 * depth), and oversized values, which are cut and marked rather than rejected. CloudTrail limits
 * {@code userAgent} to 1 KB and {@code requestParameters}/{@code responseElements} to 100 KB, and
 * marks a truncated field with {@code omitted: true} ("CloudTrail record contents", AWS CloudTrail
 * User Guide).
 */
final class Redactor {
    static final String REDACTED = "HIDDEN_DUE_TO_SECURITY_REASONS";
    static final int MAX_USER_AGENT = 1024;
    static final int MAX_ELEMENTS = 100 * 1024;

    private final SecretWords secretWords;
    private final ObjectMapper json;

    Redactor(List<String> secretWords, ObjectMapper json) {
        this.secretWords = new SecretWords(secretWords);
        this.json = json;
    }

    /** Free text (a message, a user agent) with the secrets it holds as {@code key=value} pairs or URL passwords hidden. */
    String scrub(String text) {
        return secretWords.scrubText(text, REDACTED);
    }

    SecretWords secretWords() {
        return secretWords;
    }

    boolean isSecret(String key) {
        return secretWords.isSecret(key);
    }

    /** {@code values} as JSON with secrets hidden, or {@code {"omitted": true, "originalSize": n}} when over 100 KB. */
    JsonNode elements(Map<String, Object> values) {
        if (values == null) {
            return null;
        }
        JsonNode tree;
        try {
            tree = json.valueToTree(values);
        } catch (IllegalArgumentException e) {
            return json.createObjectNode().put("monitorUnserializable", e.getMessage());
        }
        hide(tree);
        int size;
        try {
            size = json.writeValueAsBytes(tree).length;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return json.createObjectNode().put("monitorUnserializable", e.getOriginalMessage());
        }
        if (size <= MAX_ELEMENTS) {
            return tree;
        }
        ObjectNode marker = json.createObjectNode();
        marker.put("omitted", true);
        marker.put("originalSize", size);
        return marker;
    }

    /** Whether {@link #elements} cut this value. */
    static boolean isOmitted(JsonNode elements) {
        return elements != null && elements.size() == 2 && elements.path("omitted").asBoolean() && elements.has("originalSize");
    }

    private void hide(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (isSecret(field.getKey())) {
                    field.setValue(object.textNode(REDACTED));
                } else if (field.getValue().isTextual()) {
                    field.setValue(object.textNode(scrub(field.getValue().asText())));
                } else {
                    hide(field.getValue());
                }
            }
        } else if (node instanceof com.fasterxml.jackson.databind.node.ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                if (array.get(i).isTextual()) {
                    array.set(i, array.textNode(scrub(array.get(i).asText())));
                } else {
                    hide(array.get(i));
                }
            }
        }
    }

    /** At most 1 KB of a user agent (in UTF-8), cut on a character boundary; the same instance when it fits. */
    static String userAgent(String userAgent) {
        if (userAgent == null || userAgent.length() <= MAX_USER_AGENT / 4) {
            return userAgent;
        }
        byte[] bytes = userAgent.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= MAX_USER_AGENT) {
            return userAgent;
        }
        int end = MAX_USER_AGENT;
        while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
            end--; // not in the middle of a character
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }
}
