package dev.monitor.core.events.patterns;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads an event pattern as EventBridge does (its rules are event-ruler's JSON rule compiler's): token by
 * token, refusing the first thing it cannot use with AWS's reason, and expanding {@code $or} into sub-rules,
 * each a map from a dotted field path to its alternatives. Paths join names with dots, so
 * {@code {"a": {"b": [1]}}} and {@code {"a.b": [1]}} are one field.
 */
final class PatternCompiler {
    /** The longest pattern PutRule and TestEventPattern take (the API's length constraint on EventPattern). */
    public static final int MAX_LENGTH = 4096;
    /** How deep objects may nest in a pattern; deeper would only be a way to exhaust the stack. */
    static final int MAX_DEPTH = 100;
    /**
     * How many sub-rules {@code $or} may expand a pattern into: nested {@code $or}s multiply, and a 4096-character
     * pattern could otherwise ask for billions.
     */
    public static final int MAX_COMBINATIONS = 1000;

    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH + 10).build())
            .build();
    private static final String OR = "$or";
    /** Operator names, which cannot be field names inside {@code $or} (where they would be ambiguous). */
    private static final Set<String> OPERATORS = Set.of("anything-but", "cidr", "equals-ignore-case", "exactly",
            "exists", "numeric", "prefix", "suffix", "wildcard");

    private PatternCompiler() {
    }

    /** One alternative set of fields (a pattern without {@code $or} has one). */
    public record SubRule(Map<String, List<ValueMatcher>> fields) {
    }

    /** The sub-rules of {@code json}, or {@link InvalidEventPatternException} with AWS's reason. */
    public static List<SubRule> compile(String json) {
        if (json == null) {
            throw new InvalidEventPatternException("Filter is not an object");
        }
        if (json.length() > MAX_LENGTH) {
            throw new InvalidEventPatternException("Event pattern is " + json.length()
                    + " characters long, longer than the " + MAX_LENGTH + " characters allowed");
        }
        try (JsonParser parser = JSON.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new InvalidEventPatternException("Filter is not an object");
            }
            List<Map<String, List<ValueMatcher>>> rules = new ArrayList<>();
            parseObject(rules, "", parser, false, 1);
            if (parser.nextToken() != null) {
                throw new InvalidEventPatternException("Unexpected content after the pattern's closing '}'");
            }
            List<SubRule> result = new ArrayList<>(rules.size());
            for (Map<String, List<ValueMatcher>> rule : rules) {
                result.add(new SubRule(rule));
            }
            return result;
        } catch (JsonProcessingException e) {
            String message = e.getOriginalMessage();
            int newline = message.indexOf('\n');
            throw new InvalidEventPatternException(newline < 0 ? message : message.substring(0, newline));
        } catch (IOException e) {
            throw new InvalidEventPatternException(String.valueOf(e.getMessage()));
        }
    }

    private static void parseObject(List<Map<String, List<ValueMatcher>>> rules, String path, JsonParser parser,
            boolean insideOr, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new InvalidEventPatternException("Objects nest deeper than " + MAX_DEPTH + " levels");
        }
        boolean fieldsPresent = false;
        while (parser.nextToken() != JsonToken.END_OBJECT) {
            fieldsPresent = true;
            String name = parser.currentName();
            if (name.equals(OR)) {
                parseOr(rules, path, parser, depth);
                continue;
            }
            if (insideOr && OPERATORS.contains(name)) {
                throw new InvalidEventPatternException(name + " is Ruler reserved fieldName which cannot be used inside "
                        + OR + ".");
            }
            String child = path.isEmpty() ? name : path + "." + name;
            JsonToken token = parser.nextToken();
            if (token == JsonToken.START_OBJECT) {
                parseObject(rules, child, parser, insideOr, depth + 1);
            } else if (token == JsonToken.START_ARRAY) {
                writeField(rules, child, parser);
            } else {
                throw new InvalidEventPatternException("\"" + name + "\" must be an object or an array");
            }
        }
        if (!fieldsPresent) {
            throw new InvalidEventPatternException("Empty objects are not allowed");
        }
    }

    private static void parseOr(List<Map<String, List<ValueMatcher>>> rules, String path, JsonParser parser, int depth)
            throws IOException {
        List<Map<String, List<ValueMatcher>>> current = copy(rules);
        rules.clear();
        if (parser.nextToken() != JsonToken.START_ARRAY) {
            throw new InvalidEventPatternException("It must be an Array followed with " + OR + ".");
        }
        int alternatives = 0;
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            alternatives++;
            if (token != JsonToken.START_OBJECT) {
                throw new InvalidEventPatternException("Only JSON object is allowed in array of " + OR + " relationship.");
            }
            List<Map<String, List<ValueMatcher>>> branch = copy(current);
            if (branch.isEmpty()) {
                branch.add(new LinkedHashMap<>());
            }
            parseObject(branch, path, parser, true, depth + 1);
            rules.addAll(branch);
            if (rules.size() > MAX_COMBINATIONS) {
                throw new InvalidEventPatternException("The " + OR + " operators combine into more than "
                        + MAX_COMBINATIONS + " alternative patterns");
            }
        }
        if (alternatives < 2) {
            throw new InvalidEventPatternException("There must have at least 2 Objects in " + OR + " relationship.");
        }
    }

    private static List<Map<String, List<ValueMatcher>>> copy(List<Map<String, List<ValueMatcher>>> rules) {
        List<Map<String, List<ValueMatcher>>> copy = new ArrayList<>(rules.size());
        for (Map<String, List<ValueMatcher>> rule : rules) {
            copy.add(new LinkedHashMap<>(rule));
        }
        return copy;
    }

    private static void writeField(List<Map<String, List<ValueMatcher>>> rules, String path, JsonParser parser)
            throws IOException {
        List<ValueMatcher> values = new ArrayList<>();
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            switch (token) {
                case START_OBJECT -> values.add(matchExpression(parser));
                case VALUE_STRING -> {
                    String text = parser.getText();
                    IpRange ip = IpRange.single(text);
                    values.add(ip != null ? new ValueMatcher.Cidr(ip) : new ValueMatcher.Exact(text));
                }
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT ->
                    values.add(new ValueMatcher.ExactNumber(parser.getDoubleValue(), parser.getText()));
                case VALUE_TRUE -> values.add(new ValueMatcher.Literal(Leaf.Kind.TRUE));
                case VALUE_FALSE -> values.add(new ValueMatcher.Literal(Leaf.Kind.FALSE));
                case VALUE_NULL -> values.add(new ValueMatcher.Literal(Leaf.Kind.NULL));
                default -> throw new InvalidEventPatternException("Match value must be String, number, true, false, or null");
            }
        }
        if (values.isEmpty()) {
            throw new InvalidEventPatternException("Empty arrays are not allowed");
        }
        List<ValueMatcher> distinct = List.copyOf(new java.util.LinkedHashSet<>(values));
        if (rules.isEmpty()) {
            rules.add(new LinkedHashMap<>());
        }
        for (Map<String, List<ValueMatcher>> rule : rules) {
            rule.put(path, distinct); // a path named twice keeps its last values, as in EventBridge
        }
    }

    private static ValueMatcher matchExpression(JsonParser parser) throws IOException {
        if (parser.nextToken() != JsonToken.FIELD_NAME) {
            throw new InvalidEventPatternException("Match expression name not found");
        }
        String type = parser.currentName();
        switch (type) {
            case "exactly" -> {
                String text = string(parser, "exact match pattern must be a string");
                endOne(parser);
                return new ValueMatcher.Exact(text);
            }
            case "prefix", "suffix" -> {
                boolean prefix = type.equals("prefix");
                JsonToken token = parser.nextToken();
                if (token == JsonToken.START_OBJECT) {
                    return ignoreCaseAffix(parser, prefix);
                }
                if (token != JsonToken.VALUE_STRING) {
                    throw new InvalidEventPatternException(type + " match pattern must be a string");
                }
                String text = parser.getText();
                endOne(parser);
                return prefix ? new ValueMatcher.Prefix(text) : new ValueMatcher.Suffix(text);
            }
            case "numeric" -> {
                if (parser.nextToken() != JsonToken.START_ARRAY) {
                    throw new InvalidEventPatternException("Value of numeric must be an array.");
                }
                ValueMatcher range = numeric(parser);
                if (parser.nextToken() != JsonToken.END_OBJECT) {
                    throw new InvalidEventPatternException("Too many elements in numeric expression");
                }
                return range;
            }
            case "anything-but" -> {
                return anythingBut(parser);
            }
            case "exists" -> {
                JsonToken token = parser.nextToken();
                if (token != JsonToken.VALUE_TRUE && token != JsonToken.VALUE_FALSE) {
                    throw new InvalidEventPatternException("exists match pattern must be either true or false.");
                }
                endOne(parser);
                return token == JsonToken.VALUE_TRUE ? new ValueMatcher.Exists() : new ValueMatcher.Absent();
            }
            case "cidr" -> {
                String text = string(parser, "prefix match pattern must be a string");
                IpRange range = IpRange.cidr(text);
                endOne(parser);
                return new ValueMatcher.Cidr(range);
            }
            case "equals-ignore-case" -> {
                String text = string(parser, "equals-ignore-case match pattern must be a string");
                endOne(parser);
                return new ValueMatcher.IgnoreCase(ValueMatcher.IgnoreCase.Affix.EQUALS, text);
            }
            case "wildcard" -> {
                String text = string(parser, "wildcard match pattern must be a string");
                WildcardPattern pattern = WildcardPattern.parse(text, true);
                endOne(parser);
                return new ValueMatcher.Wildcard(pattern);
            }
            default -> throw new InvalidEventPatternException("Unrecognized match type " + type);
        }
    }

    private static String string(JsonParser parser, String reason) throws IOException {
        if (parser.nextToken() != JsonToken.VALUE_STRING) {
            throw new InvalidEventPatternException(reason);
        }
        return parser.getText();
    }

    private static void endOne(JsonParser parser) throws IOException {
        if (parser.nextToken() != JsonToken.END_OBJECT) {
            throw new InvalidEventPatternException("Only one key allowed in match expression");
        }
    }

    private static ValueMatcher ignoreCaseAffix(JsonParser parser, boolean prefix) throws IOException {
        String what = prefix ? "Prefix" : "Suffix";
        if (parser.nextToken() != JsonToken.FIELD_NAME) {
            throw new InvalidEventPatternException(what + " expression name not found");
        }
        String op = parser.currentName();
        if (!op.equals("equals-ignore-case")) {
            throw new InvalidEventPatternException("Unsupported " + what.toLowerCase(java.util.Locale.ROOT) + " pattern: " + op);
        }
        String text = string(parser, "equals-ignore-case match pattern must be a string");
        endOne(parser);
        endOne(parser);
        return new ValueMatcher.IgnoreCase(prefix ? ValueMatcher.IgnoreCase.Affix.PREFIX : ValueMatcher.IgnoreCase.Affix.SUFFIX, text);
    }

    private enum ButKind { PLAIN, IGNORE_CASE, PREFIX, SUFFIX, WILDCARD }

    private static ValueMatcher anythingBut(JsonParser parser) throws IOException {
        ButKind kind = ButKind.PLAIN;
        JsonToken token = parser.nextToken();
        if (token == JsonToken.START_OBJECT) {
            if (parser.nextToken() != JsonToken.FIELD_NAME) {
                throw new InvalidEventPatternException("Anything-But expression name not found");
            }
            String op = parser.currentName();
            kind = switch (op) {
                case "equals-ignore-case" -> ButKind.IGNORE_CASE;
                case "prefix" -> ButKind.PREFIX;
                case "suffix" -> ButKind.SUFFIX;
                case "wildcard" -> ButKind.WILDCARD;
                default -> throw new InvalidEventPatternException("Unsupported anything-but pattern: " + op);
            };
            token = parser.nextToken();
        }
        if (token != JsonToken.START_ARRAY && token != JsonToken.VALUE_STRING
                && token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT) {
            throw new InvalidEventPatternException("Value of anything-but must be an array or single string/number value.");
        }
        ValueMatcher matcher;
        if (kind == ButKind.PLAIN) {
            matcher = token == JsonToken.START_ARRAY ? plainButList(parser) : plainButOne(parser, token);
        } else {
            List<String> values = new ArrayList<>();
            if (token == JsonToken.START_ARRAY) {
                while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
                    values.add(butSetValue(parser, token, kind));
                }
            } else {
                values.add(butSetValue(parser, token, kind));
            }
            matcher = switch (kind) {
                case IGNORE_CASE -> {
                    List<ValueMatcher.IgnoreCase> excluded = new ArrayList<>();
                    new java.util.LinkedHashSet<>(values).forEach(
                            v -> excluded.add(new ValueMatcher.IgnoreCase(ValueMatcher.IgnoreCase.Affix.EQUALS, v)));
                    yield new ValueMatcher.AnythingButIgnoreCase(List.copyOf(excluded));
                }
                case PREFIX -> new ValueMatcher.AnythingButPrefix(List.copyOf(values));
                case SUFFIX -> new ValueMatcher.AnythingButSuffix(List.copyOf(values));
                default -> {
                    List<WildcardPattern> patterns = new ArrayList<>();
                    for (String value : values) {
                        patterns.add(WildcardPattern.parse(value, false));
                    }
                    yield new ValueMatcher.AnythingButWildcard(List.copyOf(patterns));
                }
            };
        }
        if (parser.nextToken() != JsonToken.END_OBJECT) {
            throw new InvalidEventPatternException("Too many elements in numeric expression");
        }
        if (kind != ButKind.PLAIN && parser.nextToken() != JsonToken.END_OBJECT) {
            throw new InvalidEventPatternException("Too many elements in numeric expression");
        }
        return matcher;
    }

    private static String butSetValue(JsonParser parser, JsonToken token, ButKind kind) throws IOException {
        if (token != JsonToken.VALUE_STRING) {
            throw new InvalidEventPatternException(switch (kind) {
                case IGNORE_CASE -> "Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.";
                case WILDCARD -> "wildcard match pattern must be a string";
                default -> "prefix/suffix match pattern must be a string";
            });
        }
        String text = parser.getText();
        if ((kind == ButKind.PREFIX || kind == ButKind.SUFFIX) && text.isEmpty()) {
            throw new InvalidEventPatternException("Null prefix/suffix not allowed");
        }
        return text;
    }

    private static ValueMatcher plainButOne(JsonParser parser, JsonToken token) throws IOException {
        if (token == JsonToken.VALUE_STRING) {
            return new ValueMatcher.AnythingBut(Set.of(parser.getText()), Set.of());
        }
        return new ValueMatcher.AnythingBut(Set.of(), Set.of(number(parser)));
    }

    private static ValueMatcher plainButList(JsonParser parser) throws IOException {
        Set<String> strings = new HashSet<>();
        Set<Double> numbers = new HashSet<>();
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            switch (token) {
                case VALUE_STRING -> strings.add(parser.getText());
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> numbers.add(number(parser));
                default -> throw new InvalidEventPatternException("Inside anything but list, start|null|boolean is not supported.");
            }
        }
        if (strings.isEmpty() == numbers.isEmpty()) {
            throw new InvalidEventPatternException(
                    "Inside anything but list, either all values are number or string, mixed type is not supported");
        }
        return new ValueMatcher.AnythingBut(Set.copyOf(strings), Set.copyOf(numbers));
    }

    /** A pattern's number, which must be finite to be compared ("Cannot compare number : 1e400" otherwise). */
    private static double number(JsonParser parser) throws IOException {
        double value = parser.getDoubleValue();
        if (!Double.isFinite(value)) {
            throw new InvalidEventPatternException("Cannot compare number : " + parser.getText());
        }
        return value == 0 ? 0.0 : value;
    }

    private static ValueMatcher numeric(JsonParser parser) throws IOException {
        JsonToken token = parser.nextToken();
        if (token != JsonToken.VALUE_STRING) {
            throw new InvalidEventPatternException("Invalid member in numeric match: " + parser.getText());
        }
        String operator = parser.getText();
        token = parser.nextToken();
        switch (operator) {
            case "=" -> {
                requireNumber(token, "equals");
                double value = number(parser);
                if (parser.nextToken() != JsonToken.END_ARRAY) {
                    throw new InvalidEventPatternException("Too many elements in numeric expression");
                }
                return new ValueMatcher.Numeric(value, false, value, false);
            }
            case ">=", ">" -> {
                requireNumber(token, operator);
                double low = number(parser);
                token = parser.nextToken();
                if (token == JsonToken.END_ARRAY) {
                    return new ValueMatcher.Numeric(low, operator.equals(">"), Double.POSITIVE_INFINITY, false);
                }
                if (token != JsonToken.VALUE_STRING) {
                    throw new InvalidEventPatternException("Bad value in numeric range: " + parser.getText());
                }
                String top = parser.getText();
                if (!top.equals("<") && !top.equals("<=")) {
                    throw new InvalidEventPatternException("Bad numeric range operator: " + top);
                }
                requireNumber(parser.nextToken(), top);
                double high = number(parser);
                if (parser.nextToken() != JsonToken.END_ARRAY) {
                    throw new InvalidEventPatternException("Too many terms in numeric range expression");
                }
                if (low >= high) {
                    throw new InvalidEventPatternException("Bottom must be less than top");
                }
                return new ValueMatcher.Numeric(low, operator.equals(">"), high, top.equals("<"));
            }
            case "<=", "<" -> {
                requireNumber(token, operator);
                double high = number(parser);
                if (parser.nextToken() != JsonToken.END_ARRAY) {
                    throw new InvalidEventPatternException("Too many elements in numeric expression");
                }
                return new ValueMatcher.Numeric(Double.NEGATIVE_INFINITY, false, high, operator.equals("<"));
            }
            default -> throw new InvalidEventPatternException("Unrecognized numeric range operator: " + operator);
        }
    }

    private static void requireNumber(JsonToken token, String operator) {
        if (token == null || !token.isNumeric()) {
            throw new InvalidEventPatternException("Value of " + operator + " must be numeric");
        }
    }
}
