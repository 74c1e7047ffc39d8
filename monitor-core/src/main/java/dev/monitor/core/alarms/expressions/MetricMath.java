package dev.monitor.core.alarms.expressions;

import dev.monitor.core.syntax.Language;
import dev.monitor.core.syntax.ParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * CloudWatch metric math over the periods of one evaluation: a parser into a tree, and its
 * evaluation with the semantics of the CloudWatch guide's "Metric math syntax and functions":
 *
 * <ul>
 *   <li>Arithmetic and comparison between two time series treat a value missing in one of them
 *       as 0; a division by zero drops the datapoint. With a scalar, a missing value stays missing.
 *   <li>AVG, MAX, MIN, SUM and STDDEV of a time series are scalars over its datapoints; of an
 *       array, a time series of the per-period aggregate (AVG and SUM count missing values as 0).
 *   <li>IF follows the guide's table of cases, FILL takes a value, a series, REPEAT or LINEAR.
 *   <li>ANOMALY_DETECTION_BAND(m, k) is the array [upper, lower] (so LAST is the lower bound).
 * </ul>
 *
 * A series is a {@code double[]} over the evaluation's periods with NaN for a missing value.
 *
 * <p>In a package of its own, depending on no alarm type, so that {@code MetricAlarm}'s builder can
 * check expressions with it and the engine in {@code alarms.internal} evaluate them, neither
 * package needing the other. Not meant for users: they write expressions in alarm definitions.
 */
public final class MetricMath {
    static final Set<String> FUNCTIONS = Set.of("ABS", "ANOMALY_DETECTION_BAND", "AVG", "CEIL", "DIFF", "FILL",
            "FIRST", "LAST", "FLOOR", "IF", "MAX", "MIN", "METRICS", "METRIC_COUNT", "PERIOD", "RATE",
            "RUNNING_SUM", "STDDEV", "SUM");

    /** A value of an expression: a scalar, a time series or an array of time series. */
    public sealed interface Value permits Scalar, Series, SeriesArray {
    }

    public record Scalar(double value) implements Value {
    }

    public record Series(double[] values) implements Value {
    }

    public record SeriesArray(List<Series> series) implements Value {
    }

    /** What an evaluation reads: the metrics' series, the period, and anomaly bands. */
    public interface Context {
        Series metric(String id);

        boolean isMetric(String id);

        /** Evaluates another expression query of the same alarm by its id. */
        Value expression(String id);

        List<String> metricIds();

        int periodSeconds(String id);

        /** The band [upper, lower] of metric {@code id}, {@code k} standard deviations wide. */
        SeriesArray band(String id, double k);

        int length();
    }

    // ---------------------------------------------------------------- tree

    sealed interface Node permits Number, Text, Keyword, Ref, Unary, Binary, Call, ArrayLiteral {
        int position();
    }

    record Number(int position, double value) implements Node {
    }

    record Text(int position, String value) implements Node {
    }

    /** REPEAT, LINEAR: the fill modes. */
    record Keyword(int position, String name) implements Node {
    }

    public record Ref(int position, String id) implements Node {
    }

    record Unary(int position, Node operand) implements Node {
    }

    record Binary(int position, String operator, Node left, Node right) implements Node {
    }

    record Call(int position, String function, List<Node> arguments) implements Node {
    }

    record ArrayLiteral(int position, List<Node> items) implements Node {
    }

    /** A parsed expression, with the text it came from for error messages. */
    public record Expression(String text, Node root) {
        /** Every id the expression names, in order of appearance. */
        public List<Ref> references() {
            List<Ref> refs = new ArrayList<>();
            collect(root, refs);
            return refs;
        }

        private static void collect(Node node, List<Ref> refs) {
            if (node instanceof Ref ref) {
                refs.add(ref);
            } else if (node instanceof Unary unary) {
                collect(unary.operand(), refs);
            } else if (node instanceof Binary binary) {
                collect(binary.left(), refs);
                collect(binary.right(), refs);
            } else if (node instanceof Call call) {
                call.arguments().forEach(argument -> collect(argument, refs));
            } else if (node instanceof ArrayLiteral array) {
                array.items().forEach(item -> collect(item, refs));
            }
        }

        public Value evaluate(Context context) {
            return new Evaluator(text, context).eval(root);
        }
    }

    private MetricMath() {
    }

    /** @throws ParseException naming the position, what was expected there and what was found */
    public static Expression parse(String text) {
        if (text == null || text.isBlank()) {
            throw ParseException.of(Language.METRIC_MATH, text == null ? "" : text, 0, "an expression is required",
                    "a number, a metric id, a function or '('", null);
        }
        if (text.length() > 1024) {
            throw ParseException.of(Language.METRIC_MATH, text.substring(0, 1025), 1024,
                    "an expression may have at most 1024 characters", Language.METRIC_MATH.endOfInput(), null);
        }
        Parser parser = new Parser(text);
        Node root = parser.expression();
        parser.expectEnd();
        return new Expression(text, root);
    }

    // ---------------------------------------------------------------- parser

    private static final class Parser {
        /** Parentheses, unary minus and powers nest at most this deep, far from the stack's limit. */
        private static final int MAX_DEPTH = 100;
        private final String text;
        private int at;
        private int depth;

        Parser(String text) {
            this.text = text;
        }

        /** What the grammar wanted at {@code position} (0-based); found is the word or character there. */
        private ParseException error(int position, String expected) {
            return error(position, "", expected);
        }

        /** A rule beyond the grammar broken at {@code position}. */
        private ParseException error(int position, String problem, String expected) {
            return ParseException.of(Language.METRIC_MATH, text, position, problem, expected, null);
        }

        private void skipSpace() {
            while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
                at++;
            }
        }

        private boolean take(String token) {
            skipSpace();
            if (text.startsWith(token, at)) {
                boolean word = Character.isLetter(token.charAt(0));
                int end = at + token.length();
                if (word && end < text.length() && isIdentifierPart(text.charAt(end))) {
                    return false;
                }
                at = end;
                return true;
            }
            return false;
        }

        private void expect(String token, String what) {
            if (!take(token)) {
                skipSpace();
                throw error(at, what);
            }
        }

        void expectEnd() {
            skipSpace();
            if (at < text.length()) {
                throw error(at, "an operator or the end of the expression");
            }
        }

        Node expression() {
            if (++depth > MAX_DEPTH) {
                throw error(at, "expression is nested more than " + MAX_DEPTH + " levels deep", "less nesting");
            }
            Node node = or();
            depth--;
            return node;
        }

        private Node or() {
            Node left = and();
            while (true) {
                int position = at;
                if (take("||") || take("OR")) {
                    left = new Binary(position, "OR", left, and());
                } else {
                    return left;
                }
            }
        }

        private Node and() {
            Node left = comparison();
            while (true) {
                int position = at;
                if (take("&&") || take("AND")) {
                    left = new Binary(position, "AND", left, comparison());
                } else {
                    return left;
                }
            }
        }

        private Node comparison() {
            Node left = additive();
            skipSpace();
            int position = at;
            for (String operator : List.of("==", "!=", "<=", ">=", "<", ">")) {
                if (take(operator)) {
                    return new Binary(position, operator, left, additive());
                }
            }
            return left;
        }

        private Node additive() {
            Node left = multiplicative();
            while (true) {
                skipSpace();
                int position = at;
                if (take("+")) {
                    left = new Binary(position, "+", left, multiplicative());
                } else if (take("-")) {
                    left = new Binary(position, "-", left, multiplicative());
                } else {
                    return left;
                }
            }
        }

        private Node multiplicative() {
            Node left = unary();
            while (true) {
                skipSpace();
                int position = at;
                if (take("*")) {
                    left = new Binary(position, "*", left, unary());
                } else if (take("/")) {
                    left = new Binary(position, "/", left, unary());
                } else {
                    return left;
                }
            }
        }

        private Node unary() {
            skipSpace();
            int position = at;
            if (take("-")) {
                if (++depth > MAX_DEPTH) {
                    throw error(position, "expression is nested more than " + MAX_DEPTH + " levels deep", "less nesting");
                }
                Node operand = unary();
                depth--;
                return new Unary(position, operand);
            }
            return power();
        }

        private Node power() {
            Node base = primary();
            skipSpace();
            int position = at;
            if (take("^")) {
                if (++depth > MAX_DEPTH) {
                    throw error(position, "expression is nested more than " + MAX_DEPTH + " levels deep", "less nesting");
                }
                Node exponent = unary();
                depth--;
                return new Binary(position, "^", base, exponent);
            }
            return base;
        }

        private Node primary() {
            skipSpace();
            int position = at;
            if (at >= text.length()) {
                throw error(at, "a number, a metric id, a function or '('");
            }
            char c = text.charAt(at);
            if (take("(")) {
                Node inner = expression();
                expect(")", "')'");
                return inner;
            }
            if (take("[")) {
                List<Node> items = new ArrayList<>();
                items.add(expression());
                while (take(",")) {
                    items.add(expression());
                }
                expect("]", "',' or ']'");
                return new ArrayLiteral(position, items);
            }
            if (c == '"') {
                int end = text.indexOf('"', at + 1);
                if (end < 0) {
                    throw error(at, "the string is not closed with '\"'", "a closing '\"'");
                }
                String value = text.substring(at + 1, end);
                at = end + 1;
                return new Text(position, value);
            }
            if (Character.isDigit(c) || c == '.') {
                return number();
            }
            if (Character.isLetter(c) || c == '_') {
                String word = identifier();
                if (Character.isLowerCase(word.charAt(0))) {
                    skipSpace();
                    if (at < text.length() && text.charAt(at) == '(') {
                        throw error(position, "'" + word + "' is not a function"
                                + (FUNCTIONS.contains(word.toUpperCase(Locale.ROOT)) ? "; functions are written in upper case" : ""),
                                "a function in upper case, or a metric id without '('");
                    }
                    return new Ref(position, word);
                }
                if (word.equals("REPEAT") || word.equals("LINEAR")) {
                    return new Keyword(position, word);
                }
                if (!FUNCTIONS.contains(word)) {
                    String hint = FUNCTIONS.contains(word.toUpperCase(Locale.ROOT))
                            ? "; functions are written in upper case" : "; metric ids start with a lower-case letter";
                    throw error(position, "unknown function or id '" + word + "'" + hint, "a function or a metric id");
                }
                expect("(", "'(' after " + word);
                List<Node> arguments = new ArrayList<>();
                if (!take(")")) {
                    arguments.add(expression());
                    while (take(",")) {
                        arguments.add(expression());
                    }
                    expect(")", "',' or ')'");
                }
                return new Call(position, word, arguments);
            }
            throw error(at, "a number, a metric id, a function or '('");
        }

        private Node number() {
            int start = at;
            while (at < text.length() && (Character.isDigit(text.charAt(at)) || text.charAt(at) == '.')) {
                at++;
            }
            if (at < text.length() && (text.charAt(at) == 'e' || text.charAt(at) == 'E')) {
                int mark = at++;
                if (at < text.length() && (text.charAt(at) == '+' || text.charAt(at) == '-')) {
                    at++;
                }
                if (at >= text.length() || !Character.isDigit(text.charAt(at))) {
                    at = mark;
                } else {
                    while (at < text.length() && Character.isDigit(text.charAt(at))) {
                        at++;
                    }
                }
            }
            String literal = text.substring(start, at);
            try {
                return new Number(start, Double.parseDouble(literal));
            } catch (NumberFormatException e) {
                throw error(start, "'" + literal + "' is not a number", "a number");
            }
        }

        private String identifier() {
            int start = at;
            while (at < text.length() && isIdentifierPart(text.charAt(at))) {
                at++;
            }
            return text.substring(start, at);
        }

        private static boolean isIdentifierPart(char c) {
            return Character.isLetterOrDigit(c) || c == '_';
        }
    }

    // ---------------------------------------------------------------- evaluation

    private static final class Evaluator {
        private final String text;
        private final Context context;
        private final int length;

        Evaluator(String text, Context context) {
            this.text = text;
            this.context = context;
            this.length = context.length();
        }

        /** A rule of evaluation broken by the part of the text at {@code node}. */
        private ParseException error(Node node, String problem, String expected) {
            return ParseException.of(Language.METRIC_MATH, text, node.position(), problem, expected, null);
        }

        Value eval(Node node) {
            if (node instanceof Number number) {
                return new Scalar(number.value());
            }
            if (node instanceof Ref ref) {
                return reference(ref);
            }
            if (node instanceof Text) {
                throw error(node, "a string is allowed only as the argument of METRICS", "a number, a metric id or a function");
            }
            if (node instanceof Keyword k) {
                throw error(k, k.name() + " is allowed only as the second argument of FILL", "a number, a metric id or a function");
            }
            if (node instanceof Unary unary) {
                return map(eval(unary.operand()), v -> -v);
            }
            if (node instanceof Binary binary) {
                return binary(binary);
            }
            if (node instanceof ArrayLiteral array) {
                return array(array);
            }
            return call((Call) node);
        }

        private Value reference(Ref ref) {
            if (context.isMetric(ref.id())) {
                return context.metric(ref.id());
            }
            try {
                return context.expression(ref.id());
            } catch (IllegalArgumentException e) {
                if (e instanceof ParseException) {
                    throw e;
                }
                throw error(ref, e.getMessage(), "the id of a metric or an expression");
            }
        }

        private SeriesArray array(ArrayLiteral array) {
            List<Series> items = new ArrayList<>();
            for (Node item : array.items()) {
                Value value = eval(item);
                if (value instanceof Series series) {
                    items.add(series);
                } else if (value instanceof SeriesArray nested) {
                    items.addAll(nested.series());
                } else {
                    throw error(item, "an array holds time series, not the number " + ((Scalar) value).value(), "a time series");
                }
            }
            return new SeriesArray(items);
        }

        private interface Op {
            double apply(double a, double b);
        }

        private Value binary(Binary binary) {
            Op op = switch (binary.operator()) {
                case "+" -> Double::sum;
                case "-" -> (a, b) -> a - b;
                case "*" -> (a, b) -> a * b;
                case "/" -> (a, b) -> a / b;
                case "^" -> Math::pow;
                case "==" -> (a, b) -> a == b ? 1 : 0;
                case "!=" -> (a, b) -> a != b ? 1 : 0;
                case "<" -> (a, b) -> a < b ? 1 : 0;
                case "<=" -> (a, b) -> a <= b ? 1 : 0;
                case ">" -> (a, b) -> a > b ? 1 : 0;
                case ">=" -> (a, b) -> a >= b ? 1 : 0;
                case "AND" -> (a, b) -> a != 0 && b != 0 ? 1 : 0;
                case "OR" -> (a, b) -> a != 0 || b != 0 ? 1 : 0;
                default -> throw error(binary, "unknown operator " + binary.operator(), "+, -, *, /, ^ or a comparison");
            };
            return combine(eval(binary.left()), eval(binary.right()), binary, op);
        }

        private Value combine(Value left, Value right, Node at, Op op) {
            if (left instanceof SeriesArray array) {
                if (right instanceof SeriesArray) {
                    throw error(at, "an operator cannot combine two arrays of time series",
                            "a time series or a number on one side");
                }
                return new SeriesArray(array.series().stream().map(s -> (Series) combine(s, right, at, op)).toList());
            }
            if (right instanceof SeriesArray array) {
                return new SeriesArray(array.series().stream().map(s -> (Series) combine(left, s, at, op)).toList());
            }
            if (left instanceof Scalar a && right instanceof Scalar b) {
                return new Scalar(op.apply(a.value(), b.value()));
            }
            double[] out = new double[length];
            for (int i = 0; i < length; i++) {
                double a = left instanceof Scalar s ? s.value() : ((Series) left).values()[i];
                double b = right instanceof Scalar s ? s.value() : ((Series) right).values()[i];
                if (left instanceof Series && right instanceof Series) {
                    // Between two series a value missing on one side counts as 0.
                    if (Double.isNaN(a) && Double.isNaN(b)) {
                        out[i] = Double.NaN;
                        continue;
                    }
                    a = Double.isNaN(a) ? 0 : a;
                    b = Double.isNaN(b) ? 0 : b;
                }
                double result = Double.isNaN(a) || Double.isNaN(b) ? Double.NaN : op.apply(a, b);
                out[i] = Double.isFinite(result) ? result : Double.NaN;
            }
            return new Series(out);
        }

        private interface Pointwise {
            double apply(double v);
        }

        private Value map(Value value, Pointwise f) {
            if (value instanceof Scalar scalar) {
                return new Scalar(f.apply(scalar.value()));
            }
            if (value instanceof Series series) {
                return mapSeries(series, f);
            }
            return new SeriesArray(((SeriesArray) value).series().stream().map(s -> mapSeries(s, f)).toList());
        }

        private Series mapSeries(Series series, Pointwise f) {
            double[] out = new double[length];
            for (int i = 0; i < length; i++) {
                double v = series.values()[i];
                out[i] = Double.isNaN(v) ? Double.NaN : f.apply(v);
            }
            return new Series(out);
        }

        private interface SeriesFunction {
            Series apply(Series series);
        }

        private Value perSeries(Value value, Node at, SeriesFunction f) {
            if (value instanceof Series series) {
                return f.apply(series);
            }
            if (value instanceof SeriesArray array) {
                return new SeriesArray(array.series().stream().map(f::apply).toList());
            }
            throw error(at, "expects a time series, not the number " + ((Scalar) value).value(), "a time series");
        }

        private void arity(Call call, int min, int max) {
            int count = call.arguments().size();
            if (count < min || count > max) {
                String wanted = min == max ? String.valueOf(min) : min + " to " + max;
                throw error(call, call.function() + " takes " + wanted + " argument" + (max == 1 ? "" : "s")
                        + ", not " + count, wanted + " argument" + (max == 1 ? "" : "s"));
            }
        }

        private Value call(Call call) {
            List<Node> args = call.arguments();
            switch (call.function()) {
                case "ABS" -> {
                    arity(call, 1, 1);
                    return map(eval(args.get(0)), Math::abs);
                }
                case "CEIL" -> {
                    arity(call, 1, 1);
                    return map(eval(args.get(0)), Math::ceil);
                }
                case "FLOOR" -> {
                    arity(call, 1, 1);
                    return map(eval(args.get(0)), Math::floor);
                }
                case "AVG", "MAX", "MIN", "SUM", "STDDEV" -> {
                    arity(call, 1, 1);
                    return aggregate(call.function(), eval(args.get(0)), call);
                }
                case "DIFF" -> {
                    arity(call, 1, 1);
                    return perSeries(eval(args.get(0)), call, s -> differences(s, false));
                }
                case "RATE" -> {
                    arity(call, 1, 1);
                    return perSeries(eval(args.get(0)), call, s -> differences(s, true));
                }
                case "RUNNING_SUM" -> {
                    arity(call, 1, 1);
                    return perSeries(eval(args.get(0)), call, this::runningSum);
                }
                case "FILL" -> {
                    arity(call, 2, 2);
                    return fill(call);
                }
                case "FIRST", "LAST" -> {
                    arity(call, 1, 1);
                    if (!(eval(args.get(0)) instanceof SeriesArray array)) {
                        throw error(call, call.function() + " takes an array of time series", "an array of time series");
                    }
                    if (array.series().isEmpty()) {
                        throw error(call, call.function() + " of an empty array", "an array of at least one time series");
                    }
                    return call.function().equals("FIRST") ? array.series().get(0)
                            : array.series().get(array.series().size() - 1);
                }
                case "IF" -> {
                    arity(call, 2, 3);
                    return conditional(call);
                }
                case "PERIOD" -> {
                    arity(call, 1, 1);
                    if (!(args.get(0) instanceof Ref ref) || !context.isMetric(ref.id())) {
                        throw error(call, "PERIOD takes the id of a metric, not an expression", "the id of a metric");
                    }
                    return new Scalar(context.periodSeconds(ref.id()));
                }
                case "METRIC_COUNT" -> {
                    arity(call, 1, 1);
                    if (!(eval(args.get(0)) instanceof SeriesArray array)) {
                        throw error(call, "METRIC_COUNT takes an array of time series", "an array of time series");
                    }
                    return new Scalar(array.series().size());
                }
                case "METRICS" -> {
                    arity(call, 0, 1);
                    String filter = "";
                    if (args.size() == 1) {
                        if (!(args.get(0) instanceof Text t)) {
                            throw error(args.get(0), "METRICS takes a string in double quotes", "a string in double quotes");
                        }
                        filter = t.value();
                    }
                    List<Series> series = new ArrayList<>();
                    for (String id : context.metricIds()) {
                        if (id.contains(filter)) {
                            series.add(context.metric(id));
                        }
                    }
                    return new SeriesArray(series);
                }
                case "ANOMALY_DETECTION_BAND" -> {
                    arity(call, 1, 2);
                    if (!(args.get(0) instanceof Ref ref) || !context.isMetric(ref.id())) {
                        throw error(call, "ANOMALY_DETECTION_BAND takes the id of a metric as its first argument",
                                "the id of a metric");
                    }
                    double k = 2;
                    if (args.size() == 2) {
                        if (!(eval(args.get(1)) instanceof Scalar scalar) || !(scalar.value() > 0)) {
                            throw error(args.get(1), "the band width must be a positive number of standard deviations",
                                    "a positive number");
                        }
                        k = scalar.value();
                    }
                    return context.band(ref.id(), k);
                }
                default -> throw error(call, "unknown function " + call.function(), "a metric math function");
            }
        }

        private Value aggregate(String function, Value value, Node at) {
            if (value instanceof Scalar scalar) {
                throw error(at, function + " takes a time series or an array, not the number " + scalar.value(),
                        "a time series or an array");
            }
            if (value instanceof Series series) {
                return new Scalar(aggregateOf(function, series.values(), false));
            }
            SeriesArray array = (SeriesArray) value;
            double[] out = new double[length];
            double[] column = new double[array.series().size()];
            for (int i = 0; i < length; i++) {
                for (int s = 0; s < column.length; s++) {
                    column[s] = array.series().get(s).values()[i];
                }
                out[i] = aggregateOf(function, column, true);
            }
            return new Series(out);
        }

        /** NaN when there is nothing to aggregate. In a column of an array AVG and SUM count missing as 0. */
        private static double aggregateOf(String function, double[] values, boolean column) {
            int present = 0;
            double sum = 0;
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (double v : values) {
                if (!Double.isNaN(v)) {
                    present++;
                    sum += v;
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
            if (present == 0) {
                return Double.NaN;
            }
            int count = column && (function.equals("AVG")) ? values.length : present;
            return switch (function) {
                case "SUM" -> sum;
                case "AVG" -> sum / count;
                case "MIN" -> min;
                case "MAX" -> max;
                default -> {
                    double mean = sum / present;
                    double squares = 0;
                    for (double v : values) {
                        if (!Double.isNaN(v)) {
                            squares += (v - mean) * (v - mean);
                        }
                    }
                    yield Math.sqrt(squares / present);
                }
            };
        }

        private Series differences(Series series, boolean perSecond) {
            double[] out = new double[length];
            Arrays.fill(out, Double.NaN);
            int previous = -1;
            for (int i = 0; i < length; i++) {
                double v = series.values()[i];
                if (Double.isNaN(v)) {
                    continue;
                }
                if (previous >= 0) {
                    double difference = v - series.values()[previous];
                    out[i] = perSecond ? difference / ((i - previous) * (double) periodOfGrid()) : difference;
                }
                previous = i;
            }
            return new Series(out);
        }

        private int periodOfGrid() {
            List<String> ids = context.metricIds();
            return ids.isEmpty() ? 60 : context.periodSeconds(ids.get(0));
        }

        private Series runningSum(Series series) {
            double[] out = new double[length];
            double total = 0;
            for (int i = 0; i < length; i++) {
                double v = series.values()[i];
                if (Double.isNaN(v)) {
                    out[i] = Double.NaN;
                } else {
                    total += v;
                    out[i] = total;
                }
            }
            return new Series(out);
        }

        private Value fill(Call call) {
            Value target = eval(call.arguments().get(0));
            Node how = call.arguments().get(1);
            if (how instanceof Keyword keyword) {
                return perSeries(target, call, s -> keyword.name().equals("REPEAT") ? repeat(s) : linear(s));
            }
            Value with = eval(how);
            if (with instanceof SeriesArray) {
                throw error(how, "FILL fills with a number, a time series, REPEAT or LINEAR, not an array",
                        "a number, a time series, REPEAT or LINEAR");
            }
            return perSeries(target, call, s -> {
                double[] out = s.values().clone();
                for (int i = 0; i < length; i++) {
                    if (Double.isNaN(out[i])) {
                        out[i] = with instanceof Scalar scalar ? scalar.value() : ((Series) with).values()[i];
                    }
                }
                return new Series(out);
            });
        }

        private Series repeat(Series series) {
            double[] out = series.values().clone();
            double last = Double.NaN;
            for (int i = 0; i < length; i++) {
                if (Double.isNaN(out[i])) {
                    out[i] = last;
                } else {
                    last = out[i];
                }
            }
            return new Series(out);
        }

        private Series linear(Series series) {
            double[] out = series.values().clone();
            int previous = -1;
            for (int i = 0; i < length; i++) {
                if (Double.isNaN(out[i])) {
                    continue;
                }
                if (previous >= 0 && i - previous > 1) {
                    for (int j = previous + 1; j < i; j++) {
                        out[j] = out[previous] + (out[i] - out[previous]) * (j - previous) / (i - previous);
                    }
                }
                previous = i;
            }
            return new Series(out);
        }

        private Value conditional(Call call) {
            List<Node> args = call.arguments();
            Value condition = eval(args.get(0));
            Value whenTrue = eval(args.get(1));
            Value whenFalse = args.size() == 3 ? eval(args.get(2)) : null;
            if (whenTrue instanceof SeriesArray || whenFalse instanceof SeriesArray || condition instanceof SeriesArray) {
                throw error(call, "IF takes numbers and time series, not arrays", "numbers and time series");
            }
            if (condition instanceof Scalar scalar) {
                Value chosen = scalar.value() != 0 ? whenTrue : whenFalse;
                if (chosen == null) {
                    return emptySeries();
                }
                if (chosen instanceof Scalar) {
                    throw error(call, "IF with a number as condition must choose between time series",
                            "time series to choose between");
                }
                return chosen;
            }
            double[] cond = ((Series) condition).values();
            double[] out = new double[length];
            for (int i = 0; i < length; i++) {
                if (Double.isNaN(cond[i])) {
                    out[i] = Double.NaN;
                } else if (cond[i] != 0) {
                    double v = valueAt(whenTrue, i);
                    out[i] = Double.isNaN(v) ? 0 : v;
                } else {
                    out[i] = whenFalse == null ? Double.NaN : valueAt(whenFalse, i);
                }
            }
            return new Series(out);
        }

        private static double valueAt(Value value, int i) {
            return value instanceof Scalar scalar ? scalar.value() : ((Series) value).values()[i];
        }

        private Series emptySeries() {
            double[] out = new double[length];
            Arrays.fill(out, Double.NaN);
            return new Series(out);
        }
    }

    /** A map-backed context, for tests and for replaying datapoints. */
    static Context context(Map<String, double[]> metrics, int periodSeconds) {
        return new Context() {
            @Override
            public Series metric(String id) {
                return new Series(metrics.get(id));
            }

            @Override
            public boolean isMetric(String id) {
                return metrics.containsKey(id);
            }

            @Override
            public Value expression(String id) {
                throw new IllegalArgumentException("no metric or expression has the id '" + id + "'");
            }

            @Override
            public List<String> metricIds() {
                return List.copyOf(metrics.keySet());
            }

            @Override
            public int periodSeconds(String id) {
                return periodSeconds;
            }

            @Override
            public SeriesArray band(String id, double k) {
                throw new IllegalArgumentException("no anomaly model for '" + id + "'");
            }

            @Override
            public int length() {
                return metrics.values().stream().findFirst().map(v -> v.length).orElse(0);
            }
        };
    }
}
