package dev.monitor.core.logs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monitor.core.syntax.Language;
import dev.monitor.core.syntax.ParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A CloudWatch Logs filter pattern ("Filter and pattern syntax" in the CloudWatch Logs guide),
 * in its three forms:
 *
 * <ul>
 *   <li><b>Terms</b>: {@code ERROR Exception} (every term, case-sensitive, anywhere in the message),
 *       {@code "Failed to process"} (a phrase), {@code ?ERROR ?WARN} (any of them),
 *       {@code ERROR -Exiting} (not that term), {@code %regex%}; {@code ""} and {@code " "} match everything.
 *   <li><b>JSON</b>: {@code { $.level = "ERROR" && ($.latency > 100 || $.items[0].id != 7) }} with
 *       {@code = != < <= > >=}, {@code *} wildcards in strings, {@code IS NULL}, {@code IS TRUE},
 *       {@code IS FALSE}, {@code NOT EXISTS}, {@code %regex%} values, and {@code ()}, {@code &&}
 *       before {@code ||}. A selector must reach a string, number or boolean; an object or array never matches.
 *   <li><b>Space-delimited</b>: {@code [ip, user, ..., status = 5* || status = 4*, bytes > 1000]}, where
 *       text in {@code []} or {@code ""} is one field and {@code ...} stands for any number of fields.
 * </ul>
 *
 * Thread-safe once parsed.
 */
public final class FilterPattern {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The longest filter pattern CloudWatch takes (PutMetricFilter's filterPattern). */
    static final int MAX_LENGTH = 1024;
    /**
     * How deep parentheses may nest in a JSON pattern. CloudWatch documents no figure; the limit
     * keeps hostile input a clear error, never a StackOverflowError.
     */
    static final int MAX_DEPTH = 100;

    private final String text;
    private final Matcher matcher;

    private interface Matcher {
        /** Whether the message matches; fills {@code extracted} for space-delimited patterns. */
        boolean matches(String message, Map<String, String> extracted);
    }

    private FilterPattern(String text, Matcher matcher) {
        this.text = text;
        this.matcher = matcher;
    }

    /** @throws ParseException naming the position, what was expected there and what was found */
    public static FilterPattern parse(String text) {
        if (text == null) {
            text = "";
        }
        if (text.length() > 100 * MAX_LENGTH) {
            throw tooLong(text); // not worth reading for an earlier problem
        }
        String trimmed = text.trim();
        if (trimmed.isEmpty() || trimmed.equals("\"\"") || text.equals("\" \"")) {
            return new FilterPattern(text, (message, extracted) -> true);
        }
        int start = text.indexOf(trimmed.charAt(0));
        Parser parser = new Parser(text, start);
        Matcher matcher;
        try {
            matcher = switch (trimmed.charAt(0)) {
                case '{' -> parser.json();
                case '[' -> parser.spaceDelimited();
                default -> parser.terms();
            };
        } catch (ParseException e) {
            // The first problem in reading order: what lies past the length limit is not read.
            if (text.length() > MAX_LENGTH && e.offset() >= MAX_LENGTH) {
                throw tooLong(text);
            }
            throw e;
        }
        if (text.length() > MAX_LENGTH) {
            throw tooLong(text);
        }
        return new FilterPattern(text, matcher);
    }

    private static ParseException tooLong(String text) {
        return ParseException.of(Language.FILTER_PATTERN, text.substring(0, MAX_LENGTH + 1), MAX_LENGTH,
                "a filter pattern has at most " + MAX_LENGTH + " characters", Language.FILTER_PATTERN.endOfInput(), null);
    }

    public String text() {
        return text;
    }

    public boolean matches(String message) {
        return matcher.matches(message, null);
    }

    /**
     * Whether {@code message} matches, and the values a space-delimited pattern extracted from it,
     * keyed {@code $name} (or {@code $position} for unnamed fields), as TestMetricFilter reports them.
     */
    public Map<String, String> extract(String message) {
        Map<String, String> extracted = new LinkedHashMap<>();
        return matcher.matches(message, extracted) ? extracted : null;
    }

    @Override
    public String toString() {
        return text;
    }

    // ------------------------------------------------------------------ values and comparisons

    /** A value to compare with: a string (with wildcards), a number, or a regex. */
    private record Operand(String string, Double number, Pattern regex) {
        boolean equalsText(String value) {
            if (regex != null) {
                return regex.matcher(value).find();
            }
            if (number != null) {
                try {
                    return Double.parseDouble(value) == number;
                } catch (NumberFormatException e) {
                    return value.equals(string);
                }
            }
            return wildcard(string, value);
        }
    }

    /** {@code *} at the start or end (or both) matches any text there; elsewhere it is literal. */
    static boolean wildcard(String pattern, String value) {
        boolean leading = pattern.startsWith("*");
        boolean trailing = pattern.length() > 1 && pattern.endsWith("*");
        if (pattern.equals("*")) {
            return true;
        }
        String core = pattern.substring(leading ? 1 : 0, pattern.length() - (trailing ? 1 : 0));
        if (leading && trailing) {
            return value.contains(core);
        }
        if (leading) {
            return value.endsWith(core);
        }
        if (trailing) {
            return value.startsWith(core);
        }
        return value.equals(core);
    }

    private static boolean compare(String operator, String value, Operand operand) {
        switch (operator) {
            case "=":
                return operand.equalsText(value);
            case "!=":
                return !operand.equalsText(value);
            default:
                if (operand.number() == null) {
                    return false;
                }
                double number;
                try {
                    number = Double.parseDouble(value);
                } catch (NumberFormatException e) {
                    return false;
                }
                return switch (operator) {
                    case "<" -> number < operand.number();
                    case "<=" -> number <= operand.number();
                    case ">" -> number > operand.number();
                    default -> number >= operand.number();
                };
        }
    }

    // ------------------------------------------------------------------ parser

    private static final class Parser {
        private final String text;
        private int at;
        private int nesting;

        Parser(String text, int start) {
            this.text = text;
            this.at = start;
        }

        /** What the grammar wanted at the current position; found is the word or character there. */
        private ParseException error(String expected) {
            return error("", expected);
        }

        /** A rule beyond the grammar broken at the current position. */
        private ParseException error(String problem, String expected) {
            return ParseException.of(Language.FILTER_PATTERN, text, at, problem, expected, null);
        }

        private void skipSpace() {
            while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
                at++;
            }
        }

        private boolean take(String token) {
            skipSpace();
            if (text.startsWith(token, at)) {
                at += token.length();
                return true;
            }
            return false;
        }

        private boolean atEnd() {
            skipSpace();
            return at >= text.length();
        }

        // ---- terms

        private record Term(String text, Pattern regex, char kind) {
            boolean in(String message) {
                return regex != null ? regex.matcher(message).find() : message.contains(text);
            }
        }

        Matcher terms() {
            List<Term> required = new ArrayList<>();
            List<Term> any = new ArrayList<>();
            List<Term> excluded = new ArrayList<>();
            while (!atEnd()) {
                char kind = ' ';
                if (text.charAt(at) == '?' || text.charAt(at) == '-') {
                    kind = text.charAt(at++);
                    skipSpace();
                    if (at >= text.length()) {
                        throw error("a term after '" + kind + "'");
                    }
                }
                Term term = term(kind);
                (kind == '?' ? any : kind == '-' ? excluded : required).add(term);
            }
            return (message, extracted) -> {
                for (Term term : required) {
                    if (!term.in(message)) {
                        return false;
                    }
                }
                for (Term term : excluded) {
                    if (term.in(message)) {
                        return false;
                    }
                }
                if (any.isEmpty()) {
                    return true;
                }
                for (Term term : any) {
                    if (term.in(message)) {
                        return true;
                    }
                }
                return false;
            };
        }

        private Term term(char kind) {
            char c = text.charAt(at);
            if (c == '"') {
                return new Term(quoted(), null, kind);
            }
            if (c == '%') {
                return new Term(null, regex(), kind);
            }
            int start = at;
            while (at < text.length() && !Character.isWhitespace(text.charAt(at))) {
                char d = text.charAt(at);
                if (!Character.isLetterOrDigit(d) && d != '_') {
                    throw error("'" + d + "' must be inside double quotes; unquoted terms are letters, digits and _",
                            "a letter, a digit, '_' or a space");
                }
                at++;
            }
            return new Term(text.substring(start, at), null, kind);
        }

        private String quoted() {
            int start = ++at;
            StringBuilder out = new StringBuilder();
            while (at < text.length() && text.charAt(at) != '"') {
                if (text.charAt(at) == '\\' && at + 1 < text.length()) {
                    at++;
                }
                out.append(text.charAt(at++));
            }
            if (at >= text.length()) {
                at = start - 1;
                throw error("the quoted text is not closed with '\"'", "a closing '\"'");
            }
            at++;
            return out.toString();
        }

        private Pattern regex() {
            int start = at;
            int end = text.indexOf('%', at + 1);
            if (end < 0) {
                throw error("the regular expression is not closed with '%'", "a closing '%'");
            }
            String body = text.substring(start + 1, end);
            if (body.isEmpty()) {
                throw error("the regular expression between '%' and '%' is empty", "a regular expression");
            }
            try {
                Pattern pattern = Pattern.compile(body);
                at = end + 1;
                return pattern;
            } catch (PatternSyntaxException e) {
                throw error("'" + body + "' is not a regular expression: " + e.getDescription(), "a valid regular expression");
            }
        }

        // ---- JSON

        private interface JsonMatcher {
            boolean matches(JsonNode root);
        }

        Matcher json() {
            take("{");
            JsonMatcher condition = jsonOr();
            if (!take("}")) {
                skipSpace();
                throw error("'&&', '||' or '}'");
            }
            if (!atEnd()) {
                skipSpace();
                throw error("the end of the pattern after '}'");
            }
            return (message, extracted) -> {
                JsonNode root;
                try {
                    root = JSON.readTree(message);
                } catch (java.io.IOException | RuntimeException e) {
                    return false;
                }
                return root != null && root.isObject() && condition.matches(root);
            };
        }

        private JsonMatcher jsonOr() {
            JsonMatcher left = jsonAnd();
            while (take("||")) {
                JsonMatcher a = left;
                JsonMatcher b = jsonAnd();
                left = root -> a.matches(root) || b.matches(root);
            }
            return left;
        }

        private JsonMatcher jsonAnd() {
            JsonMatcher left = jsonPrimary();
            while (take("&&")) {
                JsonMatcher a = left;
                JsonMatcher b = jsonPrimary();
                left = root -> a.matches(root) && b.matches(root);
            }
            return left;
        }

        private JsonMatcher jsonPrimary() {
            if (take("(")) {
                if (++nesting > MAX_DEPTH) {
                    at--;
                    throw error("parentheses nest at most " + MAX_DEPTH + " levels deep (the depth limit)",
                            "a selector such as $.field");
                }
                JsonMatcher inner = jsonOr();
                if (!take(")")) {
                    skipSpace();
                    throw error("')'");
                }
                nesting--;
                return inner;
            }
            skipSpace();
            if (at >= text.length() || text.charAt(at) != '$') {
                throw error("a selector such as $.field or '('");
            }
            List<Object> path = selector();
            if (take("IS NULL")) {
                return root -> {
                    JsonNode node = resolve(root, path);
                    return node != null && node.isNull();
                };
            }
            if (take("IS TRUE")) {
                return root -> {
                    JsonNode node = resolve(root, path);
                    return node != null && node.isBoolean() && node.booleanValue();
                };
            }
            if (take("IS FALSE")) {
                return root -> {
                    JsonNode node = resolve(root, path);
                    return node != null && node.isBoolean() && !node.booleanValue();
                };
            }
            if (take("NOT EXISTS")) {
                return root -> resolve(root, path) == null;
            }
            String operator = operator();
            skipSpace();
            int operandAt = at;
            Operand operand = operand();
            if (!operator.equals("=") && !operator.equals("!=") && operand.number() == null) {
                at = operandAt;
                throw error("'" + operator + "' compares numbers; '" + operand.string() + "' is not a number", "a number");
            }
            return root -> {
                JsonNode node = resolve(root, path);
                if (node == null || node.isContainerNode() || node.isNull()) {
                    return false;
                }
                return compare(operator, node.asText(), operand);
            };
        }

        private List<Object> selector() {
            at++; // $
            List<Object> path = new ArrayList<>();
            while (at < text.length()) {
                char c = text.charAt(at);
                if (c == '.') {
                    int start = ++at;
                    while (at < text.length() && (Character.isLetterOrDigit(text.charAt(at))
                            || text.charAt(at) == '_' || text.charAt(at) == '-')) {
                        at++;
                    }
                    if (at == start) {
                        throw error("a property name after '.'");
                    }
                    path.add(text.substring(start, at));
                } else if (c == '[') {
                    int start = ++at;
                    while (at < text.length() && Character.isDigit(text.charAt(at))) {
                        at++;
                    }
                    if (at == start || at >= text.length() || text.charAt(at) != ']') {
                        throw error("an array index such as [0]");
                    }
                    path.add(Integer.parseInt(text.substring(start, at)));
                    at++;
                } else {
                    break;
                }
            }
            if (path.isEmpty()) {
                throw error("'.property' after '$'");
            }
            return path;
        }

        private static JsonNode resolve(JsonNode root, List<Object> path) {
            JsonNode node = root;
            for (Object step : path) {
                if (step instanceof String name) {
                    node = node.isObject() ? node.get(name) : null;
                } else {
                    node = node.isArray() ? node.get((Integer) step) : null;
                }
                if (node == null) {
                    return null;
                }
            }
            return node;
        }

        private String operator() {
            skipSpace();
            for (String operator : new String[] {"!=", "<=", ">=", "=", "<", ">"}) {
                if (take(operator)) {
                    return operator;
                }
            }
            throw error("=, !=, <, <=, >, >=, IS NULL, IS TRUE, IS FALSE or NOT EXISTS");
        }

        private Operand operand() {
            skipSpace();
            if (at >= text.length()) {
                throw error("a value");
            }
            char c = text.charAt(at);
            if (c == '"') {
                return new Operand(quoted(), null, null);
            }
            if (c == '%') {
                return new Operand(null, null, regex());
            }
            int start = at;
            while (at < text.length() && !Character.isWhitespace(text.charAt(at)) && "&|)},]".indexOf(text.charAt(at)) < 0) {
                at++;
            }
            String word = text.substring(start, at);
            if (word.isEmpty()) {
                throw error("a value");
            }
            Double number = null;
            if (word.matches("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?")) {
                number = Double.parseDouble(word);
            }
            return new Operand(word, number, null);
        }

        // ---- space-delimited

        private interface FieldCondition {
            boolean matches(Map<String, String> fields);
        }

        Matcher spaceDelimited() {
            take("[");
            List<String> names = new ArrayList<>();
            List<FieldCondition> conditions = new ArrayList<>();
            int ellipsis = -1;
            while (true) {
                skipSpace();
                if (take("...") || take("\u2026")) {
                    if (ellipsis >= 0) {
                        at -= text.startsWith("...", at - 3) ? 3 : 1;
                        throw error("a pattern may have only one '...'", "a field name or ','");
                    }
                    ellipsis = names.size();
                    names.add(null);
                } else if (at < text.length() && (text.charAt(at) == ',' || text.charAt(at) == ']')) {
                    names.add("$" + (names.size() + 1));
                } else {
                    String name = fieldName();
                    names.add("$" + name);
                    skipSpace();
                    if (at < text.length() && text.charAt(at) != ',' && text.charAt(at) != ']') {
                        conditions.add(fieldCondition("$" + name));
                    }
                }
                if (take("]")) {
                    break;
                }
                if (!take(",")) {
                    skipSpace();
                    throw error("',' or ']'");
                }
            }
            if (!atEnd()) {
                skipSpace();
                throw error("the end of the pattern after ']'");
            }
            int ellipsisAt = ellipsis;
            return (message, extracted) -> {
                List<String> words = split(message);
                Map<String, String> fields = new LinkedHashMap<>();
                if (ellipsisAt < 0) {
                    if (words.size() != names.size()) {
                        return false;
                    }
                    for (int i = 0; i < names.size(); i++) {
                        fields.put(names.get(i), words.get(i));
                    }
                } else {
                    int after = names.size() - ellipsisAt - 1;
                    if (words.size() < ellipsisAt + after) {
                        return false;
                    }
                    for (int i = 0; i < ellipsisAt; i++) {
                        fields.put(names.get(i), words.get(i));
                    }
                    int skipped = words.size() - ellipsisAt - after;
                    for (int i = 0; i < skipped; i++) {
                        fields.put("$" + (ellipsisAt + i + 1), words.get(ellipsisAt + i));
                    }
                    for (int i = 0; i < after; i++) {
                        String name = names.get(ellipsisAt + 1 + i);
                        int position = ellipsisAt + skipped + i;
                        fields.put(name.matches("\\$\\d+") ? "$" + (position + 1) : name, words.get(position));
                    }
                }
                for (FieldCondition condition : conditions) {
                    if (!condition.matches(fields)) {
                        return false;
                    }
                }
                if (extracted != null) {
                    extracted.putAll(fields);
                }
                return true;
            };
        }

        private String fieldName() {
            int start = at;
            while (at < text.length() && (Character.isLetterOrDigit(text.charAt(at)) || text.charAt(at) == '_')) {
                at++;
            }
            if (at == start) {
                throw error("a field name, '...' or ','");
            }
            return text.substring(start, at);
        }

        /** {@code status = 4* || status = 5* && bytes > 10}: conditions on named fields, && before ||. */
        private FieldCondition fieldCondition(String first) {
            FieldCondition left = fieldAnd(first);
            while (take("||")) {
                FieldCondition a = left;
                FieldCondition b = fieldAnd(null);
                left = fields -> a.matches(fields) || b.matches(fields);
            }
            return left;
        }

        private FieldCondition fieldAnd(String first) {
            FieldCondition left = fieldComparison(first);
            while (take("&&")) {
                FieldCondition a = left;
                FieldCondition b = fieldComparison(null);
                left = fields -> a.matches(fields) && b.matches(fields);
            }
            return left;
        }

        private FieldCondition fieldComparison(String name) {
            String field = name;
            if (field == null) {
                skipSpace();
                field = "$" + fieldName();
            }
            String operator = operator();
            skipSpace();
            int operandAt = at;
            Operand operand = operand();
            if (!operator.equals("=") && !operator.equals("!=") && operand.number() == null) {
                at = operandAt;
                throw error("'" + operator + "' compares numbers; '" + operand.string() + "' is not a number", "a number");
            }
            String key = field;
            return fields -> {
                String value = fields.get(key);
                return value != null && compare(operator, value, operand);
            };
        }

        /** Words of a space-delimited message; text in [] or "" is one word, without its brackets or quotes. */
        private static List<String> split(String message) {
            List<String> words = new ArrayList<>();
            int i = 0;
            int n = message.length();
            while (i < n) {
                char c = message.charAt(i);
                if (Character.isWhitespace(c)) {
                    i++;
                    continue;
                }
                if (c == '"' || c == '[') {
                    char close = c == '"' ? '"' : ']';
                    int end = message.indexOf(close, i + 1);
                    if (end < 0) {
                        end = n;
                    }
                    words.add(message.substring(i + 1, end));
                    i = end + 1;
                } else {
                    int start = i;
                    while (i < n && !Character.isWhitespace(message.charAt(i))) {
                        i++;
                    }
                    words.add(message.substring(start, i));
                }
            }
            return words;
        }
    }
}
