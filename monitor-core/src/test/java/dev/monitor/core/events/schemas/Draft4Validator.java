package dev.monitor.core.events.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * JSON Schema draft-04 validation (https://json-schema.org/draft-04/json-schema-validation) of the
 * keywords the registry's exports use: {@code type} (a name or a list), {@code properties},
 * {@code required}, {@code items} (one schema), {@code anyOf}, {@code allOf}, {@code $ref} to
 * {@code #/definitions/...}, and {@code format: date-time} (RFC 3339). Annotations ({@code title},
 * {@code $schema}, {@code definitions}, {@code x-...}, formats draft-04 does not define) are ignored;
 * any other keyword fails the test, so that an export never relies on one this validator skips.
 */
final class Draft4Validator {
    private static final Set<String> ANNOTATIONS = Set.of("title", "$schema", "definitions", "description");
    private final JsonNode root;

    Draft4Validator(JsonNode root) {
        this.root = root;
    }

    /** Every violation of the schema by {@code instance}, each as {@code path: problem}; empty when valid. */
    List<String> validate(JsonNode instance) {
        List<String> problems = new ArrayList<>();
        validate(root, instance, "$", problems, 0);
        return problems;
    }

    private void validate(JsonNode schema, JsonNode instance, String path, List<String> problems, int depth) {
        if (depth > 200) {
            throw new IllegalStateException("references loop at " + path);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = schema.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> keyword = it.next();
            JsonNode value = keyword.getValue();
            switch (keyword.getKey()) {
                case "$ref" -> {
                    String ref = value.asText();
                    if (!ref.startsWith("#/definitions/") || !root.path("definitions").has(ref.substring(14))) {
                        throw new IllegalStateException("unresolvable $ref " + ref + " at " + path);
                    }
                    validate(root.path("definitions").get(ref.substring(14)), instance, path, problems, depth + 1);
                }
                case "type" -> {
                    List<String> types = new ArrayList<>();
                    if (value.isArray()) {
                        value.forEach(t -> types.add(t.asText()));
                    } else {
                        types.add(value.asText());
                    }
                    if (types.stream().noneMatch(t -> hasType(instance, t))) {
                        problems.add(path + ": " + instance.getNodeType() + " is not of type " + types);
                    }
                }
                case "properties" -> {
                    if (instance.isObject()) {
                        value.fields().forEachRemaining(p -> {
                            if (instance.has(p.getKey())) {
                                validate(p.getValue(), instance.get(p.getKey()), path + "." + p.getKey(), problems, depth + 1);
                            }
                        });
                    }
                }
                case "required" -> {
                    if (instance.isObject()) {
                        value.forEach(name -> {
                            if (!instance.has(name.asText())) {
                                problems.add(path + ": lacks the required " + name.asText());
                            }
                        });
                    }
                }
                case "items" -> {
                    if (instance.isArray()) {
                        for (int i = 0; i < instance.size(); i++) {
                            validate(value, instance.get(i), path + "[" + i + "]", problems, depth + 1);
                        }
                    }
                }
                case "anyOf" -> {
                    boolean any = false;
                    for (JsonNode branch : value) {
                        List<String> branchProblems = new ArrayList<>();
                        validate(branch, instance, path, branchProblems, depth + 1);
                        any |= branchProblems.isEmpty();
                    }
                    if (!any) {
                        problems.add(path + ": matches no schema of anyOf " + value);
                    }
                }
                case "allOf" -> value.forEach(branch -> validate(branch, instance, path, problems, depth + 1));
                case "format" -> {
                    if (value.asText().equals("date-time") && instance.isTextual() && !isDateTime(instance.textValue())) {
                        problems.add(path + ": " + instance + " is not an RFC 3339 date-time");
                    }
                }
                default -> {
                    if (!ANNOTATIONS.contains(keyword.getKey()) && !keyword.getKey().startsWith("x-")) {
                        throw new IllegalStateException("keyword " + keyword.getKey() + " at " + path + " is not one this validator knows");
                    }
                }
            }
        }
    }

    private static boolean hasType(JsonNode instance, String type) {
        return switch (type) {
            case "null" -> instance.isNull();
            case "boolean" -> instance.isBoolean();
            case "string" -> instance.isTextual();
            case "object" -> instance.isObject();
            case "array" -> instance.isArray();
            case "number" -> instance.isNumber();
            // draft-04: a number without a fractional part; Jackson reads 1.0 as a double, which is not one here
            case "integer" -> instance.isIntegralNumber();
            default -> throw new IllegalStateException("unknown type " + type);
        };
    }

    /** RFC 3339 section 5.6, by java.time's parser (which knows no leap second: :60 is read as :59). */
    static boolean isDateTime(String text) {
        if (!text.matches("\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?([Zz]|[+-]\\d{2}:\\d{2})")) {
            return false;
        }
        String upper = text.toUpperCase(Locale.ROOT);
        if (upper.startsWith(":60", 16)) {
            upper = upper.substring(0, 16) + ":59" + upper.substring(19);
        }
        try {
            OffsetDateTime.parse(upper);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
