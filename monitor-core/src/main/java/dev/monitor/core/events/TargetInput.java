package dev.monitor.core.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * EventBridge's target input: {@code InputPath} and {@code InputTransformer}, as
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-transform-target-input.html defines
 * them. Paths are the JSON path subset EventBridge evaluates: {@code $}, dot notation (names of
 * letters, digits, dashes, underscores and slashes), array indices and wildcards ({@code *}); a
 * path with a wildcard selects the array of what it matched.
 *
 * <p>In a template, a placeholder outside a JSON string is replaced by the value as JSON (a string
 * in quotes); inside a string by the value's text (an object or array without its inner quotes,
 * as EventBridge does). Values are not escaped, as EventBridge documents. A variable whose path is
 * not in the event gives {@code null} outside a string and nothing inside one; a placeholder that
 * names no variable is left as it is.
 */
final class TargetInput {
    static final String RULE_ARN = "aws.events.rule-arn";
    static final String RULE_NAME = "aws.events.rule-name";
    static final String INGESTION_TIME = "aws.events.event.ingestion-time";
    static final String EVENT = "aws.events.event";
    static final String EVENT_JSON = "aws.events.event.json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_VARIABLES = 100;
    private static final int MAX_TEMPLATE = 8192;

    private TargetInput() {
    }

    /** Why a transformer is refused; null when it is good. */
    static String checkTransformer(Map<String, String> paths, String template) {
        if (paths.size() > MAX_VARIABLES) {
            return "InputPathsMap has " + paths.size() + " variables; the most is " + MAX_VARIABLES;
        }
        for (Map.Entry<String, String> variable : paths.entrySet()) {
            String name = variable.getKey();
            if (name == null || name.isEmpty() || !name.chars().allMatch(TargetInput::isNameChar)) {
                return "InputPathsMap variable name '" + name + "' is not valid: letters, digits, '.', '-' and '_' only";
            }
            if (name.toLowerCase(Locale.ROOT).startsWith("aws.")) {
                return "InputPathsMap variable name '" + name + "' is reserved: names cannot start with 'aws.'";
            }
            String problem = variable.getValue() == null ? "is missing" : checkPath(variable.getValue(), 256);
            if (problem != null) {
                return "InputPathsMap path of '" + name + "' " + problem;
            }
        }
        if (template.isEmpty() || template.length() > MAX_TEMPLATE) {
            return "InputTemplate must be 1 to " + MAX_TEMPLATE + " characters long, not " + template.length();
        }
        for (Piece piece : pieces(template)) {
            if (piece.placeholder != null && piece.objectKey) {
                return "InputTemplate uses the placeholder <" + piece.placeholder + "> as an object key, which EventBridge does not allow";
            }
            if ((EVENT.equals(piece.placeholder) || EVENT_JSON.equals(piece.placeholder)) && piece.inString) {
                // The whole event is JSON: inside a string it would make the input invalid JSON.
                return "InputTemplate uses <" + piece.placeholder + "> inside a string; EventBridge allows it only as a JSON field's value";
            }
        }
        return null;
    }

    /** Why {@code path} is not a path EventBridge evaluates; null when it is. */
    static String checkPath(String path, int maxLength) {
        if (path.length() > maxLength) {
            return "'" + path + "' is longer than " + maxLength + " characters";
        }
        try {
            steps(path);
            return null;
        } catch (IllegalArgumentException e) {
            return "'" + path + "' is not valid: " + e.getMessage();
        }
    }

    static void requireJson(String text, String what) {
        try {
            JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(what + " is not valid JSON: " + e.getOriginalMessage());
        }
    }

    /** The JSON of what {@code path} selects in the event; {@code null} when nothing. */
    static String select(String eventJson, String path) {
        JsonNode selected = evaluate(parse(eventJson), path);
        return selected == null ? "null" : selected.toString();
    }

    static String transform(InputTransformer transformer, String eventJson, String ruleName, String ruleArn, Instant ingestionTime) {
        JsonNode event = parse(eventJson);
        Map<String, JsonNode> values = new HashMap<>();
        transformer.inputPathsMap().forEach((name, path) -> values.put(name, evaluate(event, path)));
        StringBuilder out = new StringBuilder(transformer.inputTemplate().length() + 64);
        for (Piece piece : pieces(transformer.inputTemplate())) {
            if (piece.placeholder == null) {
                out.append(piece.text);
                continue;
            }
            String name = piece.placeholder;
            switch (name) {
                case EVENT_JSON -> out.append(eventJson);
                case EVENT -> {
                    JsonNode withoutDetail = event.deepCopy();
                    if (withoutDetail instanceof ObjectNode object) {
                        object.remove("detail");
                    }
                    out.append(withoutDetail);
                }
                case RULE_NAME -> text(out, ruleName, piece.inString);
                case RULE_ARN -> text(out, ruleArn, piece.inString);
                case INGESTION_TIME -> text(out, ingestionTime.truncatedTo(ChronoUnit.SECONDS).toString(), piece.inString);
                default -> {
                    if (!values.containsKey(name)) {
                        out.append(piece.text); // not a variable: left as written
                    } else {
                        value(out, values.get(name), piece.inString);
                    }
                }
            }
        }
        return out.toString();
    }

    private static void text(StringBuilder out, String text, boolean inString) {
        if (inString) {
            out.append(text);
        } else {
            out.append('"').append(text).append('"');
        }
    }

    private static void value(StringBuilder out, JsonNode value, boolean inString) {
        if (value == null) {
            out.append(inString ? "" : "null");
        } else if (value.isTextual()) {
            text(out, value.textValue(), inString);
        } else if (inString && value.isContainerNode()) {
            out.append(value.toString().replace("\"", "")); // EventBridge removes the inner quotes so the string stays valid
        } else {
            out.append(value);
        }
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the event is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** A step of a path: a field name, an index, or a wildcard (null name and index -1). */
    private record Step(String name, int index) {
        boolean wildcard() {
            return name == null && index < 0;
        }
    }

    private static List<Step> steps(String path) {
        if (!path.startsWith("$")) {
            throw new IllegalArgumentException("a path starts with '$'");
        }
        List<Step> steps = new ArrayList<>();
        int at = 1;
        while (at < path.length()) {
            char c = path.charAt(at);
            if (c == '.') {
                int start = ++at;
                while (at < path.length() && path.charAt(at) != '.' && path.charAt(at) != '[') {
                    at++;
                }
                String name = path.substring(start, at);
                if (name.equals("*")) {
                    steps.add(new Step(null, -1));
                } else if (name.isEmpty() || !name.chars().allMatch(ch -> Character.isLetterOrDigit(ch) || ch == '-' || ch == '_' || ch == '/')) {
                    throw new IllegalArgumentException("'" + name + "' is not a field name (letters, digits, '-', '_' and '/')");
                } else {
                    steps.add(new Step(name, -1));
                }
            } else if (c == '[') {
                int end = path.indexOf(']', at);
                if (end < 0) {
                    throw new IllegalArgumentException("'[' at " + at + " is not closed");
                }
                String inside = path.substring(at + 1, end);
                if (inside.equals("*")) {
                    steps.add(new Step(null, -1));
                } else if (!inside.isEmpty() && inside.length() < 10 && inside.chars().allMatch(Character::isDigit)) {
                    steps.add(new Step(null, Integer.parseInt(inside)));
                } else {
                    throw new IllegalArgumentException("'[" + inside + "]' is not an array index or [*]");
                }
                at = end + 1;
            } else {
                throw new IllegalArgumentException("'" + c + "' at " + at + " is not '.' or '['");
            }
        }
        return steps;
    }

    /** What {@code path} selects: a node, an array of the matches when it has a wildcard, or null. */
    private static JsonNode evaluate(JsonNode root, String path) {
        List<Step> steps = steps(path);
        List<JsonNode> current = List.of(root);
        boolean many = false;
        for (Step step : steps) {
            List<JsonNode> next = new ArrayList<>();
            for (JsonNode node : current) {
                if (step.wildcard()) {
                    many = true;
                    node.elements().forEachRemaining(next::add);
                } else if (step.name() != null) {
                    JsonNode child = node.isObject() ? node.get(step.name()) : null;
                    if (child != null) {
                        next.add(child);
                    }
                } else if (node.isArray() && step.index() < node.size()) {
                    next.add(node.get(step.index()));
                }
            }
            current = next;
        }
        if (many) {
            ArrayNode array = JSON.createArrayNode();
            current.forEach(array::add);
            return array;
        }
        return current.isEmpty() ? null : current.get(0);
    }

    /** A run of template text, or a placeholder with where it stands. */
    private record Piece(String text, String placeholder, boolean inString, boolean objectKey) {
    }

    /**
     * The template cut into text and placeholders, each placeholder marked as inside a JSON string
     * or not. A template that is not JSON (neither an object, an array nor a string) is plain text:
     * its placeholders stand as in a string.
     */
    private static List<Piece> pieces(String template) {
        List<Piece> pieces = new ArrayList<>();
        String trimmed = template.strip();
        boolean json = trimmed.startsWith("{") || trimmed.startsWith("[") || trimmed.startsWith("\"");
        boolean inString = false;
        StringBuilder text = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if (c == '<') {
                int end = i + 1;
                while (end < template.length() && isNameChar(template.charAt(end))) {
                    end++;
                }
                if (end > i + 1 && end < template.length() && template.charAt(end) == '>') {
                    if (!text.isEmpty()) {
                        pieces.add(new Piece(text.toString(), null, false, false));
                        text.setLength(0);
                    }
                    int after = end + 1;
                    while (after < template.length() && Character.isWhitespace(template.charAt(after))) {
                        after++;
                    }
                    boolean key = json && !inString && after < template.length() && template.charAt(after) == ':';
                    pieces.add(new Piece(template.substring(i, end + 1), template.substring(i + 1, end), inString || !json, key));
                    i = end + 1;
                    continue;
                }
            }
            if (json) {
                if (c == '\\' && inString && i + 1 < template.length()) {
                    text.append(c).append(template.charAt(i + 1));
                    i += 2;
                    continue;
                }
                if (c == '"') {
                    inString = !inString;
                }
            }
            text.append(c);
            i++;
        }
        if (!text.isEmpty()) {
            pieces.add(new Piece(text.toString(), null, false, false));
        }
        return pieces;
    }

    private static boolean isNameChar(int c) {
        return c < 128 && (Character.isLetterOrDigit(c) || c == '.' || c == '-' || c == '_');
    }
}
