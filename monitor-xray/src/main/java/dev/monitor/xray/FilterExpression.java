package dev.monitor.xray;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * A subset of X-Ray's filter expressions, over one trace: {@code service("name")},
 * {@code annotation.key = value}, {@code responsetime > 1} and {@code duration} (seconds),
 * {@code ok}, {@code error}, {@code fault}, {@code throttle}, {@code partial},
 * {@code http.status}, {@code http.url}, {@code http.method}, {@code user = "x"}, compared with
 * {@code = != < <= > >=} (strings also {@code CONTAINS}, {@code BEGINSWITH}, {@code ENDSWITH}),
 * joined by {@code AND}/{@code &&}, {@code OR}/{@code ||}, {@code NOT}/{@code !} and parentheses.
 *
 * <p>As in X-Ray: {@code responsetime} and the {@code http} keywords are those of the segment
 * that received the request (the root); {@code error}, {@code fault}, {@code throttle},
 * {@code user} and annotations hold when any segment of the trace has them.
 */
final class FilterExpression {
    private final String text;
    private final List<Token> tokens;
    private int next;

    private record Token(Kind kind, String text, int position) {
    }

    private enum Kind { WORD, NUMBER, STRING, OPERATOR, OPEN, CLOSE, END }

    private FilterExpression(String text) {
        this.text = text;
        this.tokens = tokenize(text);
    }

    /**
     * The expression as a test of traces; an empty expression matches every trace.
     *
     * @throws IllegalArgumentException naming the position (1-based) and what was expected there
     */
    static Predicate<Trace> parse(String expression) {
        if (expression == null || expression.isBlank()) {
            return trace -> true;
        }
        FilterExpression parser = new FilterExpression(expression);
        Predicate<Trace> predicate = parser.or();
        if (parser.peek().kind != Kind.END) {
            throw parser.error(parser.peek(), "expected AND, OR or the end");
        }
        return predicate;
    }

    private Predicate<Trace> or() {
        Predicate<Trace> left = and();
        while (isWord(peek(), "OR") || isOperator(peek(), "||")) {
            next++;
            left = left.or(and());
        }
        return left;
    }

    private Predicate<Trace> and() {
        Predicate<Trace> left = not();
        while (isWord(peek(), "AND") || isOperator(peek(), "&&")) {
            next++;
            left = left.and(not());
        }
        return left;
    }

    private Predicate<Trace> not() {
        if (isWord(peek(), "NOT") || isOperator(peek(), "!")) {
            next++;
            return not().negate();
        }
        return primary();
    }

    private Predicate<Trace> primary() {
        Token token = take();
        if (token.kind == Kind.OPEN) {
            Predicate<Trace> inner = or();
            expect(Kind.CLOSE, "expected ')'");
            return inner;
        }
        if (token.kind != Kind.WORD) {
            throw error(token, "expected a keyword such as service(\"name\"), error or responsetime");
        }
        String word = token.text.toLowerCase(Locale.ROOT);
        switch (word) {
            case "ok":
                return trace -> trace.spans().stream().noneMatch(s -> s.error() || s.fault() || s.throttle());
            case "error":
                return trace -> trace.segments().stream().anyMatch(Trace.Span::error);
            case "fault":
                return trace -> trace.segments().stream().anyMatch(Trace.Span::fault);
            case "throttle":
                return trace -> trace.segments().stream().anyMatch(Trace.Span::throttle);
            case "partial":
                return trace -> trace.spans().stream().anyMatch(Trace.Span::inProgress);
            case "service":
                expect(Kind.OPEN, "expected '(' after service");
                Token name = expect(Kind.STRING, "expected a service name in double quotes");
                expect(Kind.CLOSE, "expected ')'");
                return trace -> trace.serviceNames().contains(name.text);
            case "responsetime":
                return numeric(token, trace -> trace.root() == null ? null : trace.root().responseTime());
            case "duration":
                return numeric(token, Trace::duration);
            case "http.status":
                return numeric(token, trace -> trace.root() == null || trace.root().status() < 0 ? null : (double) trace.root().status());
            case "http.url":
                return textual(token, trace -> trace.root() == null ? List.of() : List.of(trace.root().httpRequest().path("url").asText()));
            case "http.method":
                return textual(token, trace -> trace.root() == null ? List.of() : List.of(trace.root().httpRequest().path("method").asText()));
            case "user":
                return textual(token, trace -> trace.segments().stream().map(Trace.Span::user).filter(u -> u != null).toList());
            default:
                if (word.startsWith("annotation.") && word.length() > "annotation.".length()) {
                    return annotation(token, token.text.substring("annotation.".length()));
                }
                throw error(token, "unknown keyword '" + token.text + "'");
        }
    }

    private Predicate<Trace> numeric(Token keyword, java.util.function.Function<Trace, Double> value) {
        Token operator = expect(Kind.OPERATOR, "expected a comparison such as > after " + keyword.text);
        checkComparison(operator);
        Token number = expect(Kind.NUMBER, "expected a number after " + operator.text);
        double limit = Double.parseDouble(number.text);
        return trace -> {
            Double actual = value.apply(trace);
            return actual != null && compare(operator.text, Double.compare(actual, limit));
        };
    }

    private Predicate<Trace> textual(Token keyword, java.util.function.Function<Trace, List<String>> values) {
        Token operator = take();
        String op = operator.kind == Kind.WORD ? operator.text.toUpperCase(Locale.ROOT) : operator.text;
        if (!List.of("=", "!=", "CONTAINS", "BEGINSWITH", "ENDSWITH").contains(op)) {
            throw error(operator, "expected =, !=, CONTAINS, BEGINSWITH or ENDSWITH after " + keyword.text);
        }
        String expected = expect(Kind.STRING, "expected a value in double quotes after " + operator.text).text;
        if (op.equals("!=")) {
            return trace -> values.apply(trace).stream().noneMatch(expected::equals);
        }
        return trace -> values.apply(trace).stream().anyMatch(actual -> switch (op) {
            case "=" -> actual.equals(expected);
            case "CONTAINS" -> actual.contains(expected);
            case "BEGINSWITH" -> actual.startsWith(expected);
            default -> actual.endsWith(expected);
        });
    }

    /** {@code annotation.key = "text" | number | true|false}; numbers also compare with < <= > >=. */
    private Predicate<Trace> annotation(Token keyword, String key) {
        Token operator = expect(Kind.OPERATOR, "expected a comparison after " + keyword.text);
        checkComparison(operator);
        Token value = take();
        Predicate<JsonNode> test;
        if (value.kind == Kind.NUMBER) {
            double number = Double.parseDouble(value.text);
            test = node -> node.isNumber() && compare(operator.text, Double.compare(node.asDouble(), number));
        } else if (value.kind == Kind.STRING || value.kind == Kind.WORD && (value.text.equals("true") || value.text.equals("false"))) {
            if (!operator.text.equals("=") && !operator.text.equals("!=")) {
                throw error(operator, "only = and != compare text and booleans");
            }
            boolean isString = value.kind == Kind.STRING;
            test = node -> (isString ? node.isTextual() : node.isBoolean()) && node.asText().equals(value.text) == operator.text.equals("=");
        } else {
            throw error(value, "expected a number, a value in double quotes, true or false");
        }
        return trace -> trace.spans().stream().map(s -> s.annotations().get(key)).anyMatch(node -> node != null && test.test(node));
    }

    private void checkComparison(Token operator) {
        if (!List.of("=", "!=", "<", "<=", ">", ">=").contains(operator.text)) {
            throw error(operator, "expected one of = != < <= > >=");
        }
    }

    private static boolean compare(String operator, int order) {
        return switch (operator) {
            case "=" -> order == 0;
            case "!=" -> order != 0;
            case "<" -> order < 0;
            case "<=" -> order <= 0;
            case ">" -> order > 0;
            default -> order >= 0;
        };
    }

    private Token peek() {
        return tokens.get(next);
    }

    private Token take() {
        Token token = tokens.get(next);
        if (token.kind != Kind.END) {
            next++;
        }
        return token;
    }

    private Token expect(Kind kind, String message) {
        Token token = take();
        if (token.kind != kind) {
            throw error(token, message);
        }
        return token;
    }

    private static boolean isWord(Token token, String word) {
        return token.kind == Kind.WORD && token.text.equalsIgnoreCase(word);
    }

    private static boolean isOperator(Token token, String operator) {
        return token.kind == Kind.OPERATOR && token.text.equals(operator);
    }

    private IllegalArgumentException error(Token token, String message) {
        String found = token.kind == Kind.END ? "the end" : "'" + token.text + "'";
        return new IllegalArgumentException("filter expression '" + text + "': " + message + ", found " + found
                + " at position " + (token.position + 1));
    }

    private List<Token> tokenize(String source) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        while (i < source.length()) {
            char c = source.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '(' || c == ')') {
                out.add(new Token(c == '(' ? Kind.OPEN : Kind.CLOSE, String.valueOf(c), i++));
            } else if (c == '"') {
                StringBuilder value = new StringBuilder();
                int start = i++;
                while (i < source.length() && source.charAt(i) != '"') {
                    if (source.charAt(i) == '\\' && i + 1 < source.length()) {
                        i++;
                    }
                    value.append(source.charAt(i++));
                }
                if (i >= source.length()) {
                    throw error(new Token(Kind.STRING, "\"", start), "this text in double quotes is never closed");
                }
                i++;
                out.add(new Token(Kind.STRING, value.toString(), start));
            } else if (Character.isDigit(c) || c == '-' && i + 1 < source.length() && Character.isDigit(source.charAt(i + 1))) {
                int start = i++;
                while (i < source.length() && (Character.isDigit(source.charAt(i)) || source.charAt(i) == '.')) {
                    i++;
                }
                String number = source.substring(start, i);
                try {
                    Double.parseDouble(number);
                } catch (NumberFormatException e) {
                    throw error(new Token(Kind.NUMBER, number, start), "this is not a number");
                }
                out.add(new Token(Kind.NUMBER, number, start));
            } else if (Character.isLetter(c) || c == '_') {
                int start = i;
                while (i < source.length() && (Character.isLetterOrDigit(source.charAt(i)) || source.charAt(i) == '_'
                        || source.charAt(i) == '.')) {
                    i++;
                }
                out.add(new Token(Kind.WORD, source.substring(start, i), start));
            } else {
                int start = i;
                String two = i + 1 < source.length() ? source.substring(i, i + 2) : "";
                if (List.of("!=", "<=", ">=", "&&", "||").contains(two)) {
                    i += 2;
                    out.add(new Token(Kind.OPERATOR, two, start));
                } else if ("=<>!".indexOf(c) >= 0) {
                    i++;
                    out.add(new Token(Kind.OPERATOR, String.valueOf(c), start));
                } else {
                    throw error(new Token(Kind.OPERATOR, String.valueOf(c), start), "unexpected character");
                }
            }
        }
        out.add(new Token(Kind.END, "", source.length()));
        return out;
    }
}
