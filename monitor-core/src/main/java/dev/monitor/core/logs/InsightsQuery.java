package dev.monitor.core.logs;

import dev.monitor.core.syntax.Language;
import dev.monitor.core.syntax.ParseException;
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
 * with other characters go in backticks. See {@link QueryEngine} for what each does. A text of
 * more than 10,000 characters, nesting past {@link #MAX_DEPTH} or a chain past {@link #MAX_CHAIN}
 * is a syntax error. Immutable.
 */
public final class InsightsQuery {
    /**
     * The rows a query returns without {@code limit}, and the largest {@code limit}: 10,000, as
     * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CWL_QuerySyntax-Limit.html says.
     */
    public static final int DEFAULT_LIMIT = 10_000;
    public static final int MAX_LIMIT = 10_000;
    /** The longest query CloudWatch takes (StartQuery's queryString). */
    public static final int MAX_LENGTH = 10_000;
    /**
     * How deep expressions may nest: parentheses, {@code not}, signs, lists and function calls.
     * CloudWatch documents no figure; with {@link #MAX_CHAIN} the limit keeps parsing and
     * evaluation far from the thread's stack size, so that hostile input is a syntax error, never
     * a StackOverflowError.
     */
    public static final int MAX_DEPTH = 100;
    /** How many operators deep an expression may be, as in {@code a = 1 or a = 2 or ...}. */
    public static final int MAX_CHAIN = 1000;

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

    /** The functions of stats, by their names in lower case. */
    static final Set<String> AGGREGATES = Set.of("count", "count_distinct", "sum", "avg", "min", "max", "pct",
            "stddev", "earliest", "latest", "sortsfirst", "sortslast");
    private static final String AGGREGATE_NAMES = "count, count_distinct, sum, avg, min, max, pct, stddev, earliest, latest, "
            + "sortsFirst, sortsLast";

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

    /** @throws ParseException naming the line, the column, what was expected there and what was found */
    public static InsightsQuery parse(String text) {
        if (text == null || text.isBlank()) {
            throw ParseException.of(Language.INSIGHTS_QUERY, text == null ? "" : text, 0, "a query is required",
                    "a command (fields, filter, stats, sort, limit, parse, display, dedup)", null);
        }
        if (text.length() > 100 * MAX_LENGTH) {
            throw tooLong(text); // not worth reading for an earlier problem
        }
        Parser parser = new Parser(text);
        List<Command> commands = new ArrayList<>();
        try {
            do {
                if (parser.peekEnd()) {
                    throw parser.error("a command (fields, filter, stats, sort, limit, parse, display, dedup)");
                }
                int start = parser.at;
                Command command = parser.command();
                if (!(command instanceof Limit) && commands.stream().anyMatch(c -> c instanceof Dedup)) {
                    parser.at = start;
                    throw parser.error("only limit may follow dedup (the dedup rule)", "limit");
                }
                commands.add(command);
            } while (parser.take("|"));
            if (!parser.peekEnd()) {
                throw parser.error("'|' or the end of the query");
            }
        } catch (ParseException e) {
            // The first problem in reading order: what lies past the length limit is not read.
            if (text.length() > MAX_LENGTH && e.offset() > MAX_LENGTH) {
                throw tooLong(text);
            }
            throw e;
        }
        if (text.length() > MAX_LENGTH) {
            throw tooLong(text);
        }
        return new InsightsQuery(text, List.copyOf(commands));
    }

    private static ParseException tooLong(String text) {
        return ParseException.of(Language.INSIGHTS_QUERY, text.substring(0, MAX_LENGTH + 1), MAX_LENGTH,
                "a query has at most " + MAX_LENGTH + " characters", "the end of the query", null);
    }

    /**
     * The time units of bin() and the date functions, with their abbreviations and plurals
     * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CWL_QuerySyntax-Stats.html).
     */
    private static final java.util.Map<String, java.time.temporal.ChronoUnit> UNITS = units();

    private static java.util.Map<String, java.time.temporal.ChronoUnit> units() {
        java.util.Map<String, java.time.temporal.ChronoUnit> units = new java.util.HashMap<>();
        Object[][] names = {
            {java.time.temporal.ChronoUnit.MILLIS, "millisecond", "ms", "msec"},
            {java.time.temporal.ChronoUnit.SECONDS, "second", "s", "sec"},
            {java.time.temporal.ChronoUnit.MINUTES, "minute", "m", "min"},
            {java.time.temporal.ChronoUnit.HOURS, "hour", "h", "hr"},
            {java.time.temporal.ChronoUnit.DAYS, "day", "d"},
            {java.time.temporal.ChronoUnit.WEEKS, "week", "w"},
            {java.time.temporal.ChronoUnit.MONTHS, "month", "mo", "mon"},
            {java.time.temporal.ChronoUnit.MONTHS, "quarter", "q", "qtr"},
            {java.time.temporal.ChronoUnit.YEARS, "year", "y", "yr"},
        };
        for (Object[] row : names) {
            for (int i = 1; i < row.length; i++) {
                String name = (String) row[i];
                units.put(name, (java.time.temporal.ChronoUnit) row[0]);
                if (name.length() > 1) {
                    units.put(name + "s", (java.time.temporal.ChronoUnit) row[0]);
                }
            }
        }
        return java.util.Map.copyOf(units);
    }

    private static final class Parser {
        private final String text;
        private int at;
        /** Parentheses, calls, lists and unary operators open around the current position. */
        private int nesting;
        /** How deep each composite expression is, to bound chains such as a + a + ... + a. */
        private final java.util.IdentityHashMap<Expr, Integer> depths = new java.util.IdentityHashMap<>();

        Parser(String text) {
            this.text = text;
        }

        /** What the grammar wanted at the current position (after spaces); found is what is there. */
        ParseException error(String expected) {
            return error("", expected);
        }

        /** A rule beyond the grammar broken at the current position (after spaces). */
        ParseException error(String problem, String expected) {
            skip();
            String found = at >= text.length() ? Language.INSIGHTS_QUERY.endOfInput() : "'" + snippet() + "'";
            return ParseException.of(Language.INSIGHTS_QUERY, text, at, problem, expected, found);
        }

        /** Enters a nested part of an expression, refusing to go past the depth limit. */
        private void enter() {
            if (++nesting > MAX_DEPTH) {
                throw depthError();
            }
        }

        private ParseException depthError() {
            return error("expressions nest at most " + MAX_DEPTH + " levels deep (the depth limit)", "less nesting");
        }

        private int depth(Expr expr) {
            return depths.getOrDefault(expr, 1);
        }

        /** Records how deep a new composite expression is; refuses it past the depth limit. */
        private <E extends Expr> E built(E expr, Expr... children) {
            int deepest = 0;
            for (Expr child : children) {
                deepest = Math.max(deepest, depth(child));
            }
            if (deepest + 1 > MAX_CHAIN) {
                throw error("an expression is at most " + MAX_CHAIN + " operators deep (the depth limit)", "a shorter "
                        + "chain, such as 'field in [...]' for many alternatives");
            }
            depths.put(expr, deepest + 1);
            return expr;
        }

        private Binary binary(String operator, Expr left, Expr right) {
            return built(new Binary(operator, left, right), left, right);
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
                throw error("'" + symbol + "'");
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
                    throw error("a number of results after limit");
                }
                int count = Integer.parseInt(text.substring(start, Math.min(at, start + 9)));
                if (count < 1 || count > MAX_LIMIT) {
                    at = start;
                    throw error("a limit from 1 to " + MAX_LIMIT);
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
            throw error("a command (fields, filter, stats, sort, limit, parse, display, dedup)");
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
                String written = name();
                String function = written.toLowerCase(Locale.ROOT);
                if (!AGGREGATES.contains(function)) {
                    at = start;
                    throw error(QueryFunctions.SCALARS.containsKey(function) ? "'" + written + "' is not an aggregate function"
                            : "unknown function '" + written + "'", "an aggregate function (" + AGGREGATE_NAMES + ")");
                }
                expect("(");
                List<Expr> arguments = new ArrayList<>();
                if (take("*")) {
                    if (!function.equals("count")) {
                        throw error("only count takes *", "a field");
                    }
                } else if (!text.startsWith(")", at)) {
                    arguments.add(expression());
                    while (take(",")) {
                        arguments.add(expression());
                    }
                }
                expect(")");
                String label = written + "(" + text.substring(text.indexOf('(', start) + 1, at - 1).trim() + ")";
                checkArity(function, arguments);
                if (keyword("as")) {
                    label = name();
                }
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
                throw error(function + " takes " + wanted + " argument" + (wanted == 1 ? "" : "s") + ", not " + arguments.size(),
                        "')'");
            }
            if (function.equals("pct") && !(arguments.get(1) instanceof Literal literal && literal.value() instanceof Double)) {
                throw error("a percentile number as pct's second argument");
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
                    throw error("named groups such as (?<name>...) in parse's regular expression");
                }
                return new Parse(source, pattern, names);
            }
            if (at >= text.length() || (text.charAt(at) != '"' && text.charAt(at) != '\'')) {
                throw error("a glob pattern in quotes or a /regular expression/ after parse's field");
            }
            String glob = string();
            if (!keyword("as")) {
                throw error("'as' and the names of the fields the glob's * extract");
            }
            List<String> names = new ArrayList<>();
            do {
                names.add(name());
            } while (take(","));
            int stars = glob.length() - glob.replace("*", "").length();
            if (stars != names.size()) {
                throw error("the glob has " + stars + " '*' but " + names.size() + " names follow 'as'", "as many names as '*'");
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
                left = binary("or", left, and());
            }
            return left;
        }

        private Expr and() {
            Expr left = not();
            while (keyword("and") || take("&&")) {
                left = binary("and", left, not());
            }
            return left;
        }

        private Expr not() {
            if (keyword("not")) {
                enter();
                Expr operand = not();
                nesting--;
                return built(new Unary("not", operand), operand);
            }
            return comparison();
        }

        private Expr comparison() {
            Expr left = additive();
            int mark = at;
            boolean negated = keyword("not");
            if (keyword("like")) {
                return binary(negated ? "not like" : "like", left, likeOperand());
            }
            if (keyword("in")) {
                List<Expr> items = list();
                Expr[] children = new Expr[items.size() + 1];
                children[0] = left;
                for (int i = 0; i < items.size(); i++) {
                    children[i + 1] = items.get(i);
                }
                return built(new InList(left, items, negated), children);
            }
            if (negated) {
                at = mark;
                throw error("'like' or 'in' after 'not'");
            }
            if (take("=~")) {
                skip();
                if (at >= text.length() || text.charAt(at) != '/') {
                    throw error("a /regular expression/ after =~");
                }
                return binary("=~", left, new RegexLiteral(regex()));
            }
            for (String operator : new String[] {"!=", "<=", ">=", "==", "=", "<", ">"}) {
                if (take(operator)) {
                    return binary(operator.equals("==") ? "=" : operator, left, additive());
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
            throw error("a \"string\" or a /regular expression/ after like");
        }

        private List<Expr> list() {
            expect("[");
            enter();
            List<Expr> items = new ArrayList<>();
            if (!take("]")) {
                do {
                    items.add(additive());
                } while (take(","));
                expect("]");
            }
            nesting--;
            return items;
        }

        private Expr additive() {
            Expr left = multiplicative();
            while (true) {
                if (take("+")) {
                    left = binary("+", left, multiplicative());
                } else if (!text.startsWith("->", at) && take("-")) {
                    left = binary("-", left, multiplicative());
                } else {
                    return left;
                }
            }
        }

        private Expr multiplicative() {
            Expr left = unary();
            while (true) {
                if (take("*")) {
                    left = binary("*", left, unary());
                } else if (take("/")) {
                    left = binary("/", left, unary());
                } else if (take("%")) {
                    left = binary("%", left, unary());
                } else {
                    return left;
                }
            }
        }

        private Expr unary() {
            if (take("-")) {
                enter();
                Expr operand = unary();
                nesting--;
                return built(new Unary("-", operand), operand);
            }
            return power();
        }

        /** {@code a ^ b}, exponentiation, binds tighter than * and groups to the right: 2 ^ 3 ^ 2 is 2 ^ 9. */
        private Expr power() {
            Expr base = primary();
            if (take("^")) {
                enter();
                Expr exponent = unary();
                nesting--;
                return binary("^", base, exponent);
            }
            return base;
        }

        private Expr primary() {
            skip();
            if (at >= text.length()) {
                throw error("a field, a value or '('");
            }
            char c = text.charAt(at);
            if (c == '(') {
                enter();
                at++;
                Expr inner = expression();
                expect(")");
                nesting--;
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
                    return call(name, start);
                }
                if (name.equalsIgnoreCase("true") || name.equalsIgnoreCase("false")) {
                    return new Literal(Boolean.parseBoolean(name.toLowerCase(Locale.ROOT)));
                }
                return new FieldRef(name);
            }
            throw error("a field, a value or '('");
        }

        private Expr call(String name, int start) {
            String function = name.toLowerCase(Locale.ROOT);
            QueryFunctions.Arity arity = QueryFunctions.SCALARS.get(function);
            if (arity == null) {
                at = start;
                throw AGGREGATES.contains(function)
                        ? error("'" + name + "' is an aggregate function, which belongs in stats",
                                "a field, a value or a function such as strlen(...)")
                        : error("unknown function '" + name + "'",
                                "a function of the Logs Insights query syntax (abs, bin, coalesce, concat, datefloor, strlen, "
                                        + "substr, ...)");
            }
            enter();
            at++;
            List<Expr> arguments = new ArrayList<>();
            if (!take(")")) {
                do {
                    arguments.add(expression());
                } while (take(","));
                expect(")");
            }
            nesting--;
            if (!arity.allows(arguments.size())) {
                at = start;
                throw error(name + " takes " + arity.describe() + ", not " + arguments.size(), QueryFunctions.usage(function));
            }
            switch (function) {
                case "bin" -> period(arguments.get(0), start, "bin(period), such as bin(5m)");
                case "datefloor", "dateceil" -> period(arguments.get(1), start, function + "(timestamp, period), such as "
                        + function + "(@timestamp, 1h)");
                case "isipinsubnet", "isipv4insubnet", "isipv6insubnet" -> {
                    if (arguments.get(1) instanceof Literal l && (!(l.value() instanceof String subnet)
                            || QueryFunctions.Ip.subnet(subnet) == null)) {
                        at = start;
                        throw error("'" + l.value() + "' is not a subnet in CIDR notation", "one such as 192.0.2.0/24 "
                                + "or 2001:db8::/32");
                    }
                }
                default -> {
                }
            }
            return built(new Call(function, arguments), arguments.toArray(new Expr[0]));
        }

        private void period(Expr argument, int start, String expected) {
            if (!(argument instanceof Literal l && l.value() instanceof QueryFunctions.Period)) {
                at = start;
                throw error(expected + ": a period is a whole number and a unit (ms, s, m, h, d, w, mo, q, y)");
            }
        }

        private Expr fieldRef() {
            skip();
            if (at < text.length() && (text.charAt(at) == '`' || isNameStart(text.charAt(at)))) {
                return new FieldRef(name());
            }
            throw error("a field name");
        }

        private Expr number() {
            int start = at;
            while (at < text.length() && (Character.isDigit(text.charAt(at)) || text.charAt(at) == '.')) {
                at++;
            }
            // An exponent: 1e3, 2.5E-4.
            if (at + 1 < text.length() && (text.charAt(at) == 'e' || text.charAt(at) == 'E')
                    && (Character.isDigit(text.charAt(at + 1)) || ((text.charAt(at + 1) == '-' || text.charAt(at + 1) == '+')
                    && at + 2 < text.length() && Character.isDigit(text.charAt(at + 2))))) {
                at += 2;
                while (at < text.length() && Character.isDigit(text.charAt(at))) {
                    at++;
                }
            }
            String digits = text.substring(start, at);
            int unitStart = at;
            while (at < text.length() && Character.isLetter(text.charAt(at))) {
                at++;
            }
            if (at > unitStart) {
                // A period for bin(), datefloor() and dateceil(): 100ms, 30s, 5m, 1h, 1d, 1w, 1mo, 1q, 1y.
                String unit = text.substring(unitStart, at);
                java.time.temporal.ChronoUnit chrono = UNITS.get(unit.toLowerCase(Locale.ROOT));
                if (chrono == null || (at < text.length() && isNamePart(text.charAt(at)))) {
                    at = unitStart;
                    throw error("unknown time unit '" + unit + "'", "ms, s, m, h, d, w, mo, q or y (or their long names)");
                }
                long amount;
                try {
                    amount = Long.parseLong(digits);
                } catch (NumberFormatException e) {
                    at = start;
                    throw error("a whole number before the unit " + unit);
                }
                if (amount < 1 || amount > 1_000_000) {
                    at = start;
                    throw error("a period from 1 to 1000000 " + unit);
                }
                boolean quarter = unit.toLowerCase(Locale.ROOT).startsWith("q");
                return new Literal(new QueryFunctions.Period(quarter ? amount * 3 : amount, chrono, digits + unit));
            }
            try {
                return new Literal(Double.parseDouble(digits));
            } catch (NumberFormatException e) {
                at = start;
                throw error("a number");
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
                throw error("the closing " + quote + " of this string");
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
                throw error("the closing / of this regular expression");
            }
            at++;
            try {
                return Pattern.compile(body.toString());
            } catch (PatternSyntaxException e) {
                at = start;
                throw error("a valid regular expression (" + e.getDescription() + ")");
            }
        }

        private String name() {
            skip();
            if (at < text.length() && text.charAt(at) == '`') {
                int end = text.indexOf('`', at + 1);
                if (end < 0) {
                    throw error("the closing ` of this field name");
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
                throw error("a name");
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
