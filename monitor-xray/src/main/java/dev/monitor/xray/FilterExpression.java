package dev.monitor.xray;

import com.fasterxml.jackson.databind.JsonNode;
import dev.monitor.core.syntax.Language;
import dev.monitor.core.syntax.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * X-Ray's filter expressions over one trace, as the X-Ray developer guide's "Using filter
 * expressions" page defines them: boolean keywords ({@code ok}, {@code error}, {@code throttle},
 * {@code fault}, {@code partial}, {@code inferred}; alone, after {@code !}, or compared with
 * {@code = true|false}), number keywords ({@code responsetime}, {@code duration},
 * {@code http.status}), string keywords ({@code http.url}, {@code http.method},
 * {@code http.useragent}, {@code http.clientip}, {@code user}, {@code availabilityzone},
 * {@code instance.id}, {@code resource.arn}; alone they test that the field is set), and the
 * complex keywords {@code annotation.key}, {@code service(name) {filter}}, {@code service()},
 * {@code edge(source, destination) {filter}}, {@code id(name: "n", type: "t")} in place of a name,
 * and {@code rootcause.fault|error|responsetime.service|entity|exception {filter}}; joined by
 * {@code AND}/{@code &&} (or side by side), {@code OR}/{@code ||}, {@code NOT}/{@code !} and
 * parentheses. Keywords are matched ignoring case.
 *
 * <p>As in X-Ray, the simple keywords describe the trace as its summary does: {@code ok},
 * {@code error}, {@code fault}, {@code throttle}, {@code responsetime} and the {@code http}
 * keywords are those of the root segment, so a fault a downstream service raised and the entry
 * service handled is found with {@code service() { fault }}, not {@code fault}. Inside
 * {@code service(...) { }} and {@code edge(...) { }} the same keywords describe each segment of
 * the service (or the caller's subsegment of the edge), plus {@code root}, {@code name} and
 * {@code type}. Groups and {@code rootcause.json} are not kept by Monitor and are refused by name.
 * Nesting deeper than {@value #MAX_DEPTH} levels is refused, never a stack overflow.
 */
final class FilterExpression {
    /** The deepest nesting of parentheses, braces and {@code NOT}s accepted. */
    static final int MAX_DEPTH = 100;

    private static final Set<String> BOOLEANS = Set.of("ok", "error", "throttle", "fault", "partial", "inferred", "first", "last",
            "remote", "root");
    private static final Set<String> NUMBERS = Set.of("responsetime", "duration", "http.status", "index", "coverage");
    private static final Set<String> STRINGS = Set.of("http.url", "http.method", "http.useragent", "http.clientip", "user", "name",
            "type", "message", "availabilityzone", "instance.id", "resource.arn");

    /** Where a keyword is read, and which keywords it has. */
    private enum Scope {
        TRACE("a trace", "ok", "error", "throttle", "fault", "partial", "inferred", "responsetime", "duration", "http.status",
                "http.url", "http.method", "http.useragent", "http.clientip", "user", "availabilityzone", "instance.id",
                "resource.arn"),
        SERVICE("service() { }", "ok", "error", "throttle", "fault", "partial", "inferred", "root", "responsetime", "duration",
                "http.status", "http.url", "http.method", "http.useragent", "http.clientip", "user", "name", "type",
                "availabilityzone", "instance.id", "resource.arn"),
        EDGE("edge() { }", "ok", "error", "throttle", "fault", "partial", "inferred", "root", "responsetime", "duration",
                "http.status", "http.url", "http.method", "http.useragent", "http.clientip", "user", "name", "type",
                "availabilityzone", "instance.id", "resource.arn"),
        ROOT_CAUSE_SERVICE("rootcause.*.service { }", "name", "type", "inferred", "remote", "index", "first", "last"),
        ROOT_CAUSE_ENTITY("rootcause.*.entity { }", "name", "remote", "inferred", "coverage", "index", "first", "last"),
        ROOT_CAUSE_EXCEPTION("rootcause.*.exception { }", "name", "message", "remote", "index", "first", "last");

        final String label;
        final Set<String> keywords;

        Scope(String label, String... keywords) {
            this.label = label;
            this.keywords = Set.of(keywords);
        }
    }

    /** What a keyword is read from: a Boolean, a Double, a String, a list of them, or null when it is not set. */
    private interface Subject {
        Object get(String keyword);
    }

    private final String text;
    private final List<Token> tokens;
    private int next;
    private int depth;

    private record Token(Kind kind, String text, int position) {
    }

    private enum Kind { WORD, NUMBER, STRING, OPERATOR, OPEN, CLOSE, LBRACE, RBRACE, COMMA, COLON, OTHER, END }

    private FilterExpression(String text) {
        this.text = text;
        this.tokens = tokenize(text);
    }

    /**
     * The expression as a test of traces; an empty expression matches every trace.
     *
     * @throws ParseException naming the position, what was expected there and what was found
     */
    static Predicate<Trace> parse(String expression) {
        if (expression == null || expression.isBlank()) {
            return trace -> true;
        }
        FilterExpression parser = new FilterExpression(expression);
        Predicate<Subject> predicate = parser.or(Scope.TRACE);
        if (parser.peek().kind != Kind.END) {
            throw parser.error(parser.peek(), "AND, OR or the end of the expression");
        }
        return trace -> predicate.test(new TraceSubject(trace));
    }

    private Predicate<Subject> or(Scope scope) {
        enter();
        List<Predicate<Subject>> terms = new ArrayList<>();
        terms.add(and(scope));
        while (isWord(peek(), "OR") || isOperator(peek(), "||")) {
            next++;
            terms.add(and(scope));
        }
        depth--;
        // A list, not a chain of Predicate.or: a long flat expression must not nest calls as deep as it is long.
        return terms.size() == 1 ? terms.get(0) : subject -> {
            for (Predicate<Subject> term : terms) {
                if (term.test(subject)) {
                    return true;
                }
            }
            return false;
        };
    }

    private Predicate<Subject> and(Scope scope) {
        List<Predicate<Subject>> terms = new ArrayList<>();
        terms.add(not(scope));
        while (true) {
            if (isWord(peek(), "AND") || isOperator(peek(), "&&")) {
                next++;
            } else if (!startsTerm(peek())) {
                break;
            }
            // Side by side is AND too: the guide's "ok !partial duration <3".
            terms.add(not(scope));
        }
        return terms.size() == 1 ? terms.get(0) : subject -> {
            for (Predicate<Subject> term : terms) {
                if (!term.test(subject)) {
                    return false;
                }
            }
            return true;
        };
    }

    private static boolean startsTerm(Token token) {
        return token.kind == Kind.OPEN || isOperator(token, "!")
                || token.kind == Kind.WORD && !token.text.equalsIgnoreCase("AND") && !token.text.equalsIgnoreCase("OR");
    }

    private Predicate<Subject> not(Scope scope) {
        if (isWord(peek(), "NOT") || isOperator(peek(), "!")) {
            next++;
            enter();
            Predicate<Subject> negated = not(scope).negate();
            depth--;
            return negated;
        }
        return primary(scope);
    }

    private void enter() {
        if (++depth > MAX_DEPTH) {
            throw error(peek(), "nested deeper than " + MAX_DEPTH + " levels of parentheses, braces and NOT", "less nesting");
        }
    }

    private Predicate<Subject> primary(Scope scope) {
        Token token = take();
        if (token.kind == Kind.OPEN) {
            Predicate<Subject> inner = or(scope);
            expect(Kind.CLOSE, "')'");
            return inner;
        }
        if (token.kind != Kind.WORD) {
            throw error(token, "a keyword such as service(\"name\"), error or responsetime");
        }
        String word = token.text.toLowerCase(Locale.ROOT);
        if (word.equals("service") || word.equals("edge") || word.startsWith("rootcause.") || word.startsWith("annotation.")
                || word.startsWith("group.") || word.equals("json") || word.equals("id")) {
            if (scope != Scope.TRACE) {
                throw error(token, "'" + token.text + "' cannot be used inside " + scope.label, "a keyword allowed there");
            }
            return complex(token, word);
        }
        if (!BOOLEANS.contains(word) && !NUMBERS.contains(word) && !STRINGS.contains(word)) {
            throw error(token, "unknown keyword '" + token.text + "'", "a keyword such as service(\"name\"), error or responsetime");
        }
        if (!scope.keywords.contains(word)) {
            throw error(token, "'" + token.text + "' cannot be used in " + scope.label, "one of its keywords "
                    + String.join(", ", new java.util.TreeSet<>(scope.keywords)));
        }
        return comparison(token, word, BOOLEANS.contains(word) ? Kind.WORD : NUMBERS.contains(word) ? Kind.NUMBER : Kind.STRING,
                subject -> subject.get(word));
    }

    /**
     * A keyword alone (a boolean is true, anything else is set), or compared: booleans with
     * {@code = !=} and {@code true|false}, numbers with {@code = != < <= > >=}, strings with
     * {@code = != CONTAINS BEGINSWITH ENDSWITH} and a value in double quotes. {@code type} is
     * WORD for booleans, NUMBER or STRING; null for an annotation, whose value decides.
     */
    private Predicate<Subject> comparison(Token keyword, String word, Kind type, java.util.function.Function<Subject, Object> read) {
        Token operator = peek();
        String op = operator.kind == Kind.WORD ? operator.text.toUpperCase(Locale.ROOT) : operator.text;
        boolean comparing = operator.kind == Kind.OPERATOR && !op.equals("!") && !op.equals("&&") && !op.equals("||")
                || operator.kind == Kind.WORD && List.of("CONTAINS", "BEGINSWITH", "ENDSWITH").contains(op);
        if (!comparing) {
            return subject -> isSet(read.apply(subject));
        }
        next++;
        Token value = take();
        Object expected;
        if (value.kind == Kind.NUMBER) {
            expected = Double.parseDouble(value.text);
        } else if (value.kind == Kind.WORD && (value.text.equalsIgnoreCase("true") || value.text.equalsIgnoreCase("false"))) {
            expected = Boolean.parseBoolean(value.text.toLowerCase(Locale.ROOT));
        } else if (value.kind == Kind.STRING || value.kind == Kind.WORD) {
            expected = value.text; // the guide's own example compares name = traces unquoted
        } else {
            throw error(value, "" + wanted(type) + " after " + operator.text);
        }
        Kind valueType = expected instanceof Double ? Kind.NUMBER : expected instanceof Boolean ? Kind.WORD : Kind.STRING;
        if (type != null && type != valueType) {
            throw error(value, keyword.text + " is compared with " + wanted(type), wanted(type));
        }
        List<String> allowed = switch (valueType) {
            case NUMBER -> List.of("=", "!=", "<", "<=", ">", ">=");
            case WORD -> List.of("=", "!=");
            default -> List.of("=", "!=", "CONTAINS", "BEGINSWITH", "ENDSWITH");
        };
        if (!allowed.contains(op)) {
            throw error(operator, "one of " + String.join(" ", allowed) + " to compare " + keyword.text + " with "
                    + value.text);
        }
        return subject -> matches(read.apply(subject), op, expected);
    }

    private static String wanted(Kind type) {
        return type == null ? "a number, a value in double quotes, true or false"
                : type == Kind.WORD ? "true or false" : type == Kind.NUMBER ? "a number" : "a value in double quotes";
    }

    private static boolean isSet(Object value) {
        if (value instanceof Boolean flag) {
            return flag;
        }
        if (value instanceof List<?> list) {
            return list.stream().anyMatch(FilterExpression::isSet);
        }
        if (value instanceof JsonNode node) {
            return node.isBoolean() ? node.booleanValue() : !node.isMissingNode() && !node.isNull();
        }
        return value != null;
    }

    /** {@code =} and the others hold when some value does; {@code !=} when none equals (X-Ray's "on any segment"). */
    private static boolean matches(Object actual, String op, Object expected) {
        List<?> values = actual instanceof List<?> list ? list : actual == null ? List.of() : List.of(actual);
        if (expected instanceof Boolean flag && values.isEmpty()) {
            return op.equals("=") != flag; // a flag not set is false
        }
        if (op.equals("!=")) {
            return values.stream().noneMatch(value -> matches(value, "=", expected));
        }
        for (Object raw : values) {
            Object value = raw instanceof JsonNode node ? (node.isNumber() ? node.doubleValue() : node.isBoolean() ? node.booleanValue()
                    : node.isTextual() ? node.textValue() : null) : raw;
            if (expected instanceof Double limit && value instanceof Double number && compare(op, Double.compare(number, limit))
                    || expected instanceof Boolean flag && value instanceof Boolean b && b.equals(flag)
                    || expected instanceof String s && value instanceof String v && switch (op) {
                        case "=" -> v.equals(s);
                        case "CONTAINS" -> v.contains(s);
                        case "BEGINSWITH" -> v.startsWith(s);
                        case "ENDSWITH" -> v.endsWith(s);
                        default -> false;
                    }) {
                return true;
            }
        }
        return false;
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

    private Predicate<Subject> complex(Token token, String word) {
        if (word.startsWith("annotation.") && word.length() > "annotation.".length()) {
            String key = token.text.substring("annotation.".length());
            return comparison(token, word, null, subject -> ((TraceSubject) subject).annotation(key));
        }
        switch (word) {
            case "service": {
                expect(Kind.OPEN, "'(' after service");
                Predicate<Trace.Node> node = peek().kind == Kind.CLOSE ? any -> true : node();
                expect(Kind.CLOSE, "')' after the service");
                Predicate<Subject> filter = braces(Scope.SERVICE);
                return subject -> {
                    TraceSubject trace = (TraceSubject) subject;
                    for (Trace.Node candidate : trace.trace.graph().nodes()) {
                        if (node.test(candidate)) {
                            for (Trace.Span span : candidate.spans()) {
                                if (filter.test(trace.span(span, candidate))) {
                                    return true;
                                }
                            }
                        }
                    }
                    return false;
                };
            }
            case "edge": {
                expect(Kind.OPEN, "'(' after edge");
                Predicate<Trace.Node> source = node();
                expect(Kind.COMMA, "',' between the edge's source and destination");
                Predicate<Trace.Node> destination = node();
                expect(Kind.CLOSE, "')' after the edge's destination");
                Predicate<Subject> filter = braces(Scope.EDGE);
                return subject -> {
                    TraceSubject trace = (TraceSubject) subject;
                    for (Trace.Edge edge : trace.trace.graph().edges()) {
                        if (source.test(edge.from()) && destination.test(edge.to()) && filter.test(trace.span(edge.call(), edge.to()))) {
                            return true;
                        }
                    }
                    return false;
                };
            }
            default:
                break;
        }
        String[] parts = word.split("\\.");
        if (parts.length == 3 && parts[0].equals("rootcause") && Set.of("fault", "error", "responsetime").contains(parts[1])
                && Set.of("service", "entity", "exception").contains(parts[2])) {
            Scope scope = switch (parts[2]) {
                case "service" -> Scope.ROOT_CAUSE_SERVICE;
                case "entity" -> Scope.ROOT_CAUSE_ENTITY;
                default -> Scope.ROOT_CAUSE_EXCEPTION;
            };
            Predicate<Subject> filter = braces(scope);
            String kind = parts[1];
            return subject -> {
                for (Trace.RootCause cause : ((TraceSubject) subject).trace.rootCauses(kind)) {
                    List<Map<String, Object>> elements = switch (parts[2]) {
                        case "service" -> cause.services();
                        case "entity" -> cause.entities();
                        default -> cause.exceptions();
                    };
                    for (Map<String, Object> element : elements) {
                        if (filter.test(element::get)) {
                            return true;
                        }
                    }
                }
                return false;
            };
        }
        if (word.equals("group.name") || word.equals("group.arn")) {
            throw error(token, "X-Ray groups are not kept by Monitor, so '" + token.text + "' cannot be used",
                    "a keyword other than group.name and group.arn");
        }
        if (word.equals("rootcause.json") || word.equals("json")) {
            throw error(token, "'" + token.text + "' (a JSON root-cause object) is not supported by Monitor",
                    "a keyword other than json and rootcause.json");
        }
        if (word.equals("id")) {
            throw error(token, "id(...) names a node inside service(...) or edge(...)", "a keyword such as service(id(...))");
        }
        throw error(token, "unknown keyword '" + token.text + "'; rootcause takes fault, error or responsetime, then service,"
                + " entity or exception", "a keyword such as rootcause.fault.service");
    }

    /** An optional {@code { filter }}; without one, every segment of the node counts. */
    private Predicate<Subject> braces(Scope scope) {
        if (peek().kind != Kind.LBRACE) {
            return any -> true;
        }
        next++;
        enter();
        Predicate<Subject> inner = peek().kind == Kind.RBRACE ? any -> true : or(scope);
        depth--;
        expect(Kind.RBRACE, "'}'");
        return inner;
    }

    /** A service name in double quotes, or {@code id(name: "n", type: "t")} with either or both. */
    private Predicate<Trace.Node> node() {
        Token token = take();
        if (token.kind == Kind.STRING) {
            return node -> node.name().equals(token.text);
        }
        if (token.kind != Kind.WORD || !token.text.equalsIgnoreCase("id")) {
            throw error(token, "a service name in double quotes or id(name: \"...\", type: \"...\")");
        }
        expect(Kind.OPEN, "'(' after id");
        String name = null;
        String type = null;
        do {
            Token field = expect(Kind.WORD, "name or type in id(...)");
            expect(Kind.COLON, "':' after " + field.text);
            String value = expect(Kind.STRING, "a value in double quotes after " + field.text + ":").text;
            switch (field.text.toLowerCase(Locale.ROOT)) {
                case "name" -> name = value;
                case "type" -> type = value;
                default -> throw error(field, "id(...) takes name and type, not '" + field.text + "'", "name or type");
            }
        } while (peek().kind == Kind.COMMA && take() != null);
        expect(Kind.CLOSE, "')' after id's name and type");
        String wantedName = name;
        String wantedType = type;
        return node -> (wantedName == null || node.name().equals(wantedName)) && (wantedType == null || node.type().equals(wantedType));
    }

    /** The trace as its summary describes it: the root segment's flags and request, any segment's user. */
    private static final class TraceSubject implements Subject {
        final Trace trace;
        private final Trace.Span root;

        TraceSubject(Trace trace) {
            this.trace = trace;
            this.root = trace.root();
        }

        @Override
        public Object get(String keyword) {
            return switch (keyword) {
                case "ok" -> root != null && !root.error() && !root.fault() && !root.throttle();
                case "error" -> root != null && root.error();
                case "fault" -> root != null && root.fault();
                case "throttle" -> root != null && root.throttle();
                case "partial" -> trace.spans().stream().anyMatch(Trace.Span::inProgress);
                case "inferred" -> trace.graph().nodes().stream().anyMatch(Trace.Node::inferred);
                case "duration" -> trace.duration();
                case "user" -> trace.segments().stream().map(Trace.Span::user).filter(u -> u != null).toList();
                case "availabilityzone", "instance.id", "resource.arn" -> trace.spans().stream().map(s -> awsField(s, keyword))
                        .filter(v -> v != null).toList();
                default -> root == null ? null : spanField(root, keyword);
            };
        }

        List<JsonNode> annotation(String key) {
            List<JsonNode> values = new ArrayList<>();
            for (Trace.Span span : trace.spans()) {
                JsonNode value = span.annotations().get(key);
                if (value != null && !value.isNull()) {
                    values.add(value);
                }
            }
            return values;
        }

        Subject span(Trace.Span span, Trace.Node node) {
            Trace.Span entry = root;
            return keyword -> switch (keyword) {
                case "ok" -> !span.error() && !span.fault() && !span.throttle();
                case "error" -> span.error();
                case "fault" -> span.fault();
                case "throttle" -> span.throttle();
                case "partial" -> span.inProgress();
                case "inferred" -> node.inferred();
                case "root" -> span == entry;
                case "duration" -> span.responseTime();
                case "user" -> span.user();
                case "name" -> node.name();
                case "type" -> node.type();
                case "availabilityzone", "instance.id", "resource.arn" -> awsField(span, keyword);
                default -> spanField(span, keyword);
            };
        }
    }

    /** responsetime and the http keywords of one segment or subsegment. */
    private static Object spanField(Trace.Span span, String keyword) {
        JsonNode request = span.httpRequest();
        return switch (keyword) {
            case "responsetime" -> span.responseTime();
            case "http.status" -> span.status() < 0 ? null : (double) span.status();
            case "http.url" -> text(request.path("url"));
            case "http.method" -> text(request.path("method"));
            case "http.useragent" -> text(request.path("user_agent"));
            case "http.clientip" -> text(request.path("client_ip"));
            default -> null;
        };
    }

    private static Object awsField(Trace.Span span, String keyword) {
        JsonNode node = switch (keyword) {
            case "availabilityzone" -> span.node().at("/aws/ec2/availability_zone");
            case "instance.id" -> span.node().at("/aws/ec2/instance_id");
            default -> span.node().path("resource_arn");
        };
        return text(node);
    }

    private static String text(JsonNode node) {
        return node.isMissingNode() || node.isNull() ? null : node.asText();
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

    private Token expect(Kind kind, String expected) {
        Token token = take();
        if (token.kind != kind) {
            throw error(token, expected);
        }
        return token;
    }

    private static boolean isWord(Token token, String word) {
        return token.kind == Kind.WORD && token.text.equalsIgnoreCase(word);
    }

    private static boolean isOperator(Token token, String operator) {
        return token.kind == Kind.OPERATOR && token.text.equals(operator);
    }

    /** What the grammar wanted at {@code token}; found is the token. */
    private ParseException error(Token token, String expected) {
        return error(token, "", expected);
    }

    /** A rule beyond the grammar that {@code token} breaks. */
    private ParseException error(Token token, String problem, String expected) {
        String found = token.kind == Kind.END ? Language.FILTER_EXPRESSION.endOfInput() : "'" + token.text + "'";
        return ParseException.of(Language.FILTER_EXPRESSION, text, token.position, problem, expected, found);
    }

    private List<Token> tokenize(String source) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        while (i < source.length()) {
            char c = source.charAt(i);
            Kind single = switch (c) {
                case '(' -> Kind.OPEN;
                case ')' -> Kind.CLOSE;
                case '{' -> Kind.LBRACE;
                case '}' -> Kind.RBRACE;
                case ',' -> Kind.COMMA;
                case ':' -> Kind.COLON;
                default -> null;
            };
            if (Character.isWhitespace(c)) {
                i++;
            } else if (single != null) {
                out.add(new Token(single, String.valueOf(c), i++));
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
                    throw error(new Token(Kind.STRING, "\"", start), "this text in double quotes is never closed", "a closing '\"'");
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
                    throw error(new Token(Kind.NUMBER, number, start), "'" + number + "' is not a number", "a number");
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
                    // Left to the parser, which names what it expected here.
                    out.add(new Token(Kind.OTHER, String.valueOf(c), i++));
                }
            }
        }
        out.add(new Token(Kind.END, "", source.length()));
        return out;
    }
}
