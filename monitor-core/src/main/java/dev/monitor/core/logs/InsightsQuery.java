package dev.monitor.core.logs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A CloudWatch Logs Insights query, parsed: commands separated by {@code |}, each one of
 * {@code fields}, {@code filter}, {@code stats ... by ...}, {@code sort}, {@code limit},
 * {@code parse}, {@code display} and {@code dedup}; {@code #} starts a comment; field names
 * with other characters go in backticks. See {@link QueryEngine} for what each does.
 */
public final class InsightsQuery {
    /** CloudWatch's default and largest {@code limit}. */
    public static final int DEFAULT_LIMIT = 1000;
    public static final int MAX_LIMIT = 10_000;

    final String text;
    final List<Command> commands;

    private InsightsQuery(String text, List<Command> commands) {
        this.text = text;
        this.commands = commands;
    }

    // ------------------------------------------------------------------ the tree

    sealed interface Command permits Fields, Filter, Stats, Sort, Limit, Parse, Display, Dedup {
    }

    record Projection(Expr expr, String name) {
    }

    record Fields(List<Projection> projections) implements Command {
    }

    record Filter(Expr condition) implements Command {
    }

    record Aggregation(String function, List<Expr> arguments, String name) {
    }

    record Stats(List<Aggregation> aggregations, List<Projection> groupBy) implements Command {
    }

    record SortKey(Expr expr, boolean descending) {
    }

    record Sort(List<SortKey> keys) implements Command {
    }

    record Limit(int count) implements Command {
    }

    /** {@code parse field "glob with * wildcards" as a, b} or {@code parse field /(?<a>...)/}. */
    record Parse(Expr source, Pattern pattern, List<String> names) implements Command {
    }

    record Display(List<Projection> projections) implements Command {
    }

    record Dedup(List<Expr> fields) implements Command {
    }

    sealed interface Expr permits FieldRef, Literal, RegexLiteral, Unary, Binary, InList, Call {
    }

    record FieldRef(String name) implements Expr {
    }

    record Literal(Object value) implements Expr {
    }

    record RegexLiteral(Pattern pattern) implements Expr {
    }

    record Unary(String operator, Expr operand) implements Expr {
    }

    record Binary(String operator, Expr left, Expr right) implements Expr {
    }

    record InList(Expr value, List<Expr> items, boolean negated) implements Expr {
    }

    record Call(String function, List<Expr> arguments) implements Expr {
    }

    static final Set<String> AGGREGATES = Set.of("count", "count_distinct", "sum", "avg", "min", "max", "pct",
            "stddev", "earliest", "latest");
    static final Set<String> SCALARS = Set.of("bin", "ispresent", "isempty", "strlen", "tolower", "toupper", "abs",
            "floor", "ceil", "concat");

    /** Every field the query reads from events, so that a scan materializes only those. */
    Set<String> fieldsRead() {
        Set<String> names = new LinkedHashSet<>();
        for (Command command : commands) {
            if (command instanceof Fields f) {
                f.projections().forEach(p -> collect(p.expr(), names));
            } else if (command instanceof Filter f) {
                collect(f.condition(), names);
            } else if (command instanceof Stats s) {
                s.aggregations().forEach(a -> a.arguments().forEach(e -> collect(e, names)));
                s.groupBy().forEach(p -> collect(p.expr(), names));
            } else if (command instanceof Sort s) {
                s.keys().forEach(k -> collect(k.expr(), names));
            } else if (command instanceof Parse p) {
                collect(p.source(), names);
            } else if (command instanceof Display d) {
                d.projections().forEach(p -> collect(p.expr(), names));
            } else if (command instanceof Dedup d) {
                d.fields().forEach(e -> collect(e, names));
            }
        }
        return names;
    }

    private static void collect(Expr expr, Set<String> names) {
        if (expr instanceof FieldRef f) {
            names.add(f.name());
        } else if (expr instanceof Unary u) {
            collect(u.operand(), names);
        } else if (expr instanceof Binary b) {
            collect(b.left(), names);
            collect(b.right(), names);
        } else if (expr instanceof InList in) {
            collect(in.value(), names);
            in.items().forEach(i -> collect(i, names));
        } else if (expr instanceof Call c) {
            c.arguments().forEach(a -> collect(a, names));
        }
    }

    // ------------------------------------------------------------------ parsing

    /** @throws QuerySyntaxException naming the line, the column and what was expected */
    public static InsightsQuery parse(String text) {
        if (text == null || text.isBlank()) {
            throw new QuerySyntaxException(1, 1, "a query is required");
        }
        if (text.length() > 10_000) {
            throw new QuerySyntaxException(1, 10_001, "a query has at most 10000 characters");
        }
        Parser parser = new Parser(text);
        List<Command> commands = new ArrayList<>();
        do {
            if (parser.peekEnd()) {
                throw parser.error("expected a command (fields, filter, stats, sort, limit, parse, display, dedup)");
            }
            commands.add(parser.command());
        } while (parser.take("|"));
        if (!parser.peekEnd()) {
            throw parser.error("expected '|' or the end of the query");
        }
        return new InsightsQuery(text, List.copyOf(commands));
    }

    private static final class Parser {
        private final String text;
        private int at;

        Parser(String text) {
            this.text = text;
        }

        QuerySyntaxException error(String expected) {
            skip();
            int line = 1;
            int column = 1;
            for (int i = 0; i < at && i < text.length(); i++) {
                if (text.charAt(i) == '\n') {
                    line++;
                    column = 1;
                } else {
                    column++;
                }
            }
            String found = at >= text.length() ? "the end of the query" : "'" + snippet() + "'";
            return new QuerySyntaxException(line, column, expected + " but found " + found);
        }

        private String snippet() {
            int end = at;
            while (end < text.length() && end - at < 12 && !Character.isWhitespace(text.charAt(end))) {
                end++;
            }
            return end == at ? String.valueOf(text.charAt(at)) : text.substring(at, end);
        }

        /** Skips spaces, newlines and # comments. */
        private void skip() {
            while (at < text.length()) {
                char c = text.charAt(at);
                if (Character.isWhitespace(c)) {
                    at++;
                } else if (c == '#') {
                    while (at < text.length() && text.charAt(at) != '\n') {
                        at++;
                    }
                } else {
                    return;
                }
            }
        }

        boolean peekEnd() {
            skip();
            return at >= text.length();
        }

        boolean take(String symbol) {
            skip();
            if (text.startsWith(symbol, at)) {
                // "|" must not eat the first character of "||".
                if (symbol.equals("|") && text.startsWith("||", at)) {
                    return false;
                }
                at += symbol.length();
                return true;
            }
            return false;
        }

        private boolean keyword(String word) {
            skip();
            int end = at + word.length();
            if (end <= text.length() && text.regionMatches(true, at, word, 0, word.length())
                    && (end == text.length() || !isNamePart(text.charAt(end)))) {
                at = end;
                return true;
            }
            return false;
        }

        private void expect(String symbol) {
            if (!take(symbol)) {
                throw error("expected '" + symbol + "'");
            }
        }

        Command command() {
            if (keyword("fields")) {
                return new Fields(projections());
            }
            if (keyword("filter")) {
                return new Filter(expression());
            }
            if (keyword("stats")) {
                return stats();
            }
            if (keyword("sort")) {
                List<SortKey> keys = new ArrayList<>();
                do {
                    Expr expr = expression();
                    boolean descending = false;
                    if (keyword("desc")) {
                        descending = true;
                    } else {
                        keyword("asc");
                    }
                    keys.add(new SortKey(expr, descending));
                } while (take(","));
                return new Sort(keys);
            }
            if (keyword("limit")) {
                skip();
                int start = at;
                while (at < text.length() && Character.isDigit(text.charAt(at))) {
                    at++;
                }
                if (start == at) {
                    throw error("expected a number of results after limit");
                }
                int count = Integer.parseInt(text.substring(start, Math.min(at, start + 9)));
                if (count < 1 || count > MAX_LIMIT) {
                    at = start;
                    throw error("expected a limit from 1 to " + MAX_LIMIT);
                }
                return new Limit(count);
            }
            if (keyword("parse")) {
                return parseCommand();
            }
            if (keyword("display")) {
                return new Display(projections());
            }
            if (keyword("dedup")) {
                List<Expr> fields = new ArrayList<>();
                do {
                    fields.add(fieldRef());
                } while (take(","));
                return new Dedup(fields);
            }
            throw error("expected a command (fields, filter, stats, sort, limit, parse, display, dedup)");
        }

        private List<Projection> projections() {
            List<Projection> projections = new ArrayList<>();
            do {
                skip();
                int start = at;
                Expr expr = expression();
                // Unnamed, a computed column is called by its text, as bin(5m) is in CloudWatch.
                String text = this.text.substring(start, at).trim();
                String name = keyword("as") ? name() : expr instanceof FieldRef field ? field.name() : text;
                projections.add(new Projection(expr, name));
            } while (take(","));
            return projections;
        }

        private Stats stats() {
            List<Aggregation> aggregations = new ArrayList<>();
            do {
                skip();
                int start = at;
                String function = name().toLowerCase(Locale.ROOT);
                if (!AGGREGATES.contains(function)) {
                    at = start;
                    throw error("expected an aggregate function (count, count_distinct, sum, avg, min, max, pct, stddev, earliest, latest)");
                }
                expect("(");
                List<Expr> arguments = new ArrayList<>();
                if (take("*")) {
                    if (!function.equals("count")) {
                        throw error("expected a field: only count takes *");
                    }
                } else if (!text.startsWith(")", at)) {
                    arguments.add(expression());
                    while (take(",")) {
                        arguments.add(expression());
                    }
                }
                expect(")");
                String written = function + "(" + text.substring(text.indexOf('(', start) + 1, at - 1).trim() + ")";
                checkArity(function, arguments);
                String label = keyword("as") ? name() : written;
                aggregations.add(new Aggregation(function, arguments, label));
            } while (take(","));
            List<Projection> groupBy = new ArrayList<>();
            if (keyword("by")) {
                groupBy = projections();
            }
            return new Stats(aggregations, groupBy);
        }

        private void checkArity(String function, List<Expr> arguments) {
            int wanted = switch (function) {
                case "count" -> arguments.size() <= 1 ? arguments.size() : 1;
                case "pct" -> 2;
                default -> 1;
            };
            if (arguments.size() != wanted) {
                throw error(function + " takes " + wanted + " argument" + (wanted == 1 ? "" : "s") + ", not " + arguments.size()
                        + "; expected ')'");
            }
            if (function.equals("pct") && !(arguments.get(1) instanceof Literal literal && literal.value() instanceof Double)) {
                throw error("expected a percentile number as pct's second argument");
            }
        }

        private Parse parseCommand() {
            Expr source = fieldRef();
            skip();
            if (at < text.length() && text.charAt(at) == '/') {
                Pattern pattern = regex();
                List<String> names = new ArrayList<>();
                java.util.regex.Matcher groups = Pattern.compile("\\(\\?<([a-zA-Z][a-zA-Z0-9]*)>").matcher(pattern.pattern());
                while (groups.find()) {
                    names.add(groups.group(1));
                }
                if (names.isEmpty()) {
                    throw error("expected named groups such as (?<name>...) in parse's regular expression");
                }
                return new Parse(source, pattern, names);
            }
            if (at >= text.length() || (text.charAt(at) != '"' && text.charAt(at) != '\'')) {
                throw error("expected a glob pattern in quotes or a /regular expression/ after parse's field");
            }
            String glob = string();
            if (!keyword("as")) {
                throw error("expected 'as' and the names of the fields the glob's * extract");
            }
            List<String> names = new ArrayList<>();
            do {
                names.add(name());
            } while (take(","));
            int stars = glob.length() - glob.replace("*", "").length();
            if (stars != names.size()) {
                throw error("the glob has " + stars + " '*' but " + names.size() + " names follow 'as'; expected as many");
            }
            String[] parts = glob.split("\\*", -1);
            StringBuilder regex = new StringBuilder(Pattern.quote(parts[0]));
            for (int i = 1; i < parts.length; i++) {
                // Each * takes as little as it can, except a last one that ends the glob: it takes the rest.
                boolean rest = i == parts.length - 1 && parts[i].isEmpty();
                regex.append(rest ? "(.*)" : "(.*?)").append(Pattern.quote(parts[i]));
            }
            String compiled = regex.toString();
            return new Parse(source, Pattern.compile(compiled, Pattern.DOTALL), names);
        }

        // ---- expressions: or > and > not > comparison > additive > multiplicative > unary > primary

        Expr expression() {
            Expr left = and();
            while (keyword("or") || take("||")) {
                left = new Binary("or", left, and());
            }
            return left;
        }

        private Expr and() {
            Expr left = not();
            while (keyword("and") || take("&&")) {
                left = new Binary("and", left, not());
            }
            return left;
        }

        private Expr not() {
            if (keyword("not")) {
                return new Unary("not", not());
            }
            return comparison();
        }

        private Expr comparison() {
            Expr left = additive();
            int mark = at;
            boolean negated = keyword("not");
            if (keyword("like")) {
                return new Binary(negated ? "not like" : "like", left, likeOperand());
            }
            if (keyword("in")) {
                return new InList(left, list(), negated);
            }
            if (negated) {
                at = mark;
                throw error("expected 'like' or 'in' after 'not'");
            }
            if (take("=~")) {
                skip();
                if (at >= text.length() || text.charAt(at) != '/') {
                    throw error("expected a /regular expression/ after =~");
                }
                return new Binary("=~", left, new RegexLiteral(regex()));
            }
            for (String operator : new String[] {"!=", "<=", ">=", "==", "=", "<", ">"}) {
                if (take(operator)) {
                    return new Binary(operator.equals("==") ? "=" : operator, left, additive());
                }
            }
            return left;
        }

        private Expr likeOperand() {
            skip();
            if (at < text.length() && text.charAt(at) == '/') {
                return new RegexLiteral(regex());
            }
            if (at < text.length() && (text.charAt(at) == '"' || text.charAt(at) == '\'')) {
                return new Literal(string());
            }
            throw error("expected a \"string\" or a /regular expression/ after like");
        }

        private List<Expr> list() {
            expect("[");
            List<Expr> items = new ArrayList<>();
            if (!take("]")) {
                do {
                    items.add(additive());
                } while (take(","));
                expect("]");
            }
            return items;
        }

        private Expr additive() {
            Expr left = multiplicative();
            while (true) {
                if (take("+")) {
                    left = new Binary("+", left, multiplicative());
                } else if (!text.startsWith("->", at) && take("-")) {
                    left = new Binary("-", left, multiplicative());
                } else {
                    return left;
                }
            }
        }

        private Expr multiplicative() {
            Expr left = unary();
            while (true) {
                if (take("*")) {
                    left = new Binary("*", left, unary());
                } else if (take("/")) {
                    left = new Binary("/", left, unary());
                } else if (take("%")) {
                    left = new Binary("%", left, unary());
                } else {
                    return left;
                }
            }
        }

        private Expr unary() {
            if (take("-")) {
                return new Unary("-", unary());
            }
            return primary();
        }

        private Expr primary() {
            skip();
            if (at >= text.length()) {
                throw error("expected a field, a value or '('");
            }
            char c = text.charAt(at);
            if (c == '(') {
                at++;
                Expr inner = expression();
                expect(")");
                return inner;
            }
            if (c == '"' || c == '\'') {
                return new Literal(string());
            }
            if (c == '/') {
                return new RegexLiteral(regex());
            }
            if (Character.isDigit(c) || (c == '.' && at + 1 < text.length() && Character.isDigit(text.charAt(at + 1)))) {
                return number();
            }
            if (c == '`' || isNameStart(c)) {
                int start = at;
                String name = name();
                skip();
                if (c != '`' && at < text.length() && text.charAt(at) == '(') {
                    String function = name.toLowerCase(Locale.ROOT);
                    if (!SCALARS.contains(function)) {
                        at = start;
                        throw error(AGGREGATES.contains(function) ? "expected a field or value; aggregate functions belong in stats"
                                : "expected a field or a function (" + String.join(", ", SCALARS) + ")");
                    }
                    at++;
                    List<Expr> arguments = new ArrayList<>();
                    if (!take(")")) {
                        do {
                            arguments.add(expression());
                        } while (take(","));
                        expect(")");
                    }
                    if (function.equals("bin") && (arguments.size() != 1 || !(arguments.get(0) instanceof Literal l
                            && l.value() instanceof Duration))) {
                        throw error("expected bin(period), such as bin(5m)");
                    }
                    return new Call(function, arguments);
                }
                if (name.equalsIgnoreCase("true") || name.equalsIgnoreCase("false")) {
                    return new Literal(Boolean.parseBoolean(name.toLowerCase(Locale.ROOT)));
                }
                return new FieldRef(name);
            }
            throw error("expected a field, a value or '('");
        }

        private Expr fieldRef() {
            skip();
            if (at < text.length() && (text.charAt(at) == '`' || isNameStart(text.charAt(at)))) {
                return new FieldRef(name());
            }
            throw error("expected a field name");
        }

        private Expr number() {
            int start = at;
            while (at < text.length() && (Character.isDigit(text.charAt(at)) || text.charAt(at) == '.')) {
                at++;
            }
            String digits = text.substring(start, at);
            // A period for bin(): 5m, 30s, 1h, 1d, 100ms.
            for (String unit : new String[] {"ms", "s", "m", "h", "d"}) {
                if (text.startsWith(unit, at) && (at + unit.length() >= text.length() || !isNamePart(text.charAt(at + unit.length())))) {
                    at += unit.length();
                    long amount;
                    try {
                        amount = Long.parseLong(digits);
                    } catch (NumberFormatException e) {
                        at = start;
                        throw error("expected a whole number before the unit " + unit);
                    }
                    return new Literal(switch (unit) {
                        case "ms" -> Duration.ofMillis(amount);
                        case "s" -> Duration.ofSeconds(amount);
                        case "m" -> Duration.ofMinutes(amount);
                        case "h" -> Duration.ofHours(amount);
                        default -> Duration.ofDays(amount);
                    });
                }
            }
            try {
                return new Literal(Double.parseDouble(digits));
            } catch (NumberFormatException e) {
                at = start;
                throw error("expected a number");
            }
        }

        private String string() {
            char quote = text.charAt(at);
            int start = at++;
            StringBuilder out = new StringBuilder();
            while (at < text.length() && text.charAt(at) != quote) {
                if (text.charAt(at) == '\\' && at + 1 < text.length()) {
                    at++;
                }
                out.append(text.charAt(at++));
            }
            if (at >= text.length()) {
                at = start;
                throw error("expected the closing " + quote + " of this string");
            }
            at++;
            return out.toString();
        }

        private Pattern regex() {
            int start = at++;
            StringBuilder body = new StringBuilder();
            while (at < text.length() && text.charAt(at) != '/') {
                if (text.charAt(at) == '\\' && at + 1 < text.length() && text.charAt(at + 1) == '/') {
                    at++;
                }
                body.append(text.charAt(at++));
            }
            if (at >= text.length()) {
                at = start;
                throw error("expected the closing / of this regular expression");
            }
            at++;
            try {
                return Pattern.compile(body.toString());
            } catch (PatternSyntaxException e) {
                at = start;
                throw error("expected a valid regular expression (" + e.getDescription() + ")");
            }
        }

        private String name() {
            skip();
            if (at < text.length() && text.charAt(at) == '`') {
                int end = text.indexOf('`', at + 1);
                if (end < 0) {
                    throw error("expected the closing ` of this field name");
                }
                String name = text.substring(at + 1, end);
                at = end + 1;
                return name;
            }
            int start = at;
            if (at < text.length() && isNameStart(text.charAt(at))) {
                at++;
                while (at < text.length() && isNamePart(text.charAt(at))) {
                    at++;
                }
            }
            if (start == at) {
                throw error("expected a name");
            }
            return text.substring(start, at);
        }

        private static boolean isNameStart(char c) {
            return Character.isLetter(c) || c == '_' || c == '@' || c == '$';
        }

        private static boolean isNamePart(char c) {
            return Character.isLetterOrDigit(c) || c == '_' || c == '@' || c == '.' || c == '$';
        }
    }
}
