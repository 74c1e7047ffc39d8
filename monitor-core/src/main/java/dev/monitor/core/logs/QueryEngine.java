package dev.monitor.core.logs;

import dev.monitor.core.logs.InsightsQuery.Aggregation;
import dev.monitor.core.logs.InsightsQuery.Binary;
import dev.monitor.core.logs.InsightsQuery.Call;
import dev.monitor.core.logs.InsightsQuery.Command;
import dev.monitor.core.logs.InsightsQuery.Expr;
import dev.monitor.core.logs.InsightsQuery.FieldRef;
import dev.monitor.core.logs.InsightsQuery.InList;
import dev.monitor.core.logs.InsightsQuery.Literal;
import dev.monitor.core.logs.InsightsQuery.Projection;
import dev.monitor.core.logs.InsightsQuery.RegexLiteral;
import dev.monitor.core.logs.InsightsQuery.Unary;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;

/**
 * Runs a Logs Insights query over events, as CloudWatch Logs Insights does:
 *
 * <ul>
 *   <li>{@code fields} adds (or computes, {@code expr as name}) fields and chooses the columns;
 *       {@code display} chooses the columns at the end.
 *   <li>{@code filter} keeps events whose condition holds: {@code = != < <= > >=} (numbers
 *       compare as numbers), {@code and or not}, {@code in [...]}, {@code like "text"} (contains)
 *       or {@code like /regex/}, {@code not like}, {@code =~ /regex/}; {@code (?i)} in a regex
 *       ignores case. A missing field never satisfies a comparison.
 *   <li>Expressions use {@code + - * / % ^} and every function of {@link QueryFunctions}: numeric,
 *       datetime, general, JSON, IP address and string functions, strings counted in code points.
 *   <li>{@code stats} aggregates, grouped {@code by} fields and {@code bin(period)}:
 *       {@code count()}, {@code count(*)}, {@code count(f)} (events that have f),
 *       {@code count_distinct}, {@code sum}, {@code avg}, {@code min}, {@code max},
 *       {@code pct(f, p)} (nearest rank), {@code stddev} (sample), {@code earliest},
 *       {@code latest}, {@code sortsFirst}, {@code sortsLast}. Percentiles are exact up to
 *       100,000 values per group, then computed from a uniform sample of that many. A second
 *       {@code stats} aggregates the rows of the first.
 *   <li>{@code sort}, {@code limit} (10,000 results unless given, at most 10,000), {@code dedup}
 *       (newest first unless sorted; a row with a null dedup field is always kept; only
 *       {@code limit} may follow), and {@code parse} with a glob ({@code *} captures) or a regex
 *       with named groups.
 * </ul>
 *
 * The window of {@link #run} includes its start and its end; {@code @log} is
 * {@code account-id:log-group-name}. A scan that feeds only {@code sort}, {@code limit} and
 * {@code display} holds only the rows it can return.
 *
 * Without {@code fields}, {@code stats} or {@code display} the columns are {@code @timestamp}
 * and {@code @message}. Timestamps print as {@code 2026-11-22 10:00:00.123}.
 */
public final class QueryEngine {
    private static final int MAX_PERCENTILE_VALUES = 100_000;

    /** A row of fields: an event, or a group of {@code stats}. */
    interface Row {
        Object get(String name);

        void put(String name, Object value);
    }

    /** An instant as queries compare and print it. */
    record Timestamp(long micros) {
        @Override
        public String toString() {
            LocalDateTime time = LocalDateTime.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                    (int) Math.floorMod(micros, 1_000_000L) * 1000, ZoneOffset.UTC);
            return String.format(Locale.ROOT, "%04d-%02d-%02d %02d:%02d:%02d.%03d", time.getYear(), time.getMonthValue(),
                    time.getDayOfMonth(), time.getHour(), time.getMinute(), time.getSecond(), time.getNano() / 1_000_000);
        }
    }

    private static final class MapRow implements Row {
        final Map<String, Object> values = new LinkedHashMap<>();

        @Override
        public Object get(String name) {
            return values.get(name);
        }

        @Override
        public void put(String name, Object value) {
            values.put(name, value);
        }
    }

    /**
     * The account of {@code @log} ({@code account-id:log-group-name}) when none is given:
     * Monitor's own default account, the one alarm ARNs and audit records carry.
     */
    public static final String DEFAULT_ACCOUNT = "000000000000";

    private final InsightsQuery query;
    private final String account;
    private final List<Command> streaming = new ArrayList<>();
    private final List<Command> after = new ArrayList<>();
    private final InsightsQuery.Stats stats;
    private final Map<List<Object>, Aggregators> groups = new LinkedHashMap<>();
    private final List<Row> kept = new ArrayList<>();
    /**
     * Rows kept at most: when nothing after the scan but sort, limit and display needs every row,
     * only the first (or best sorted) limit of them can be returned, so only those are held.
     */
    private final int cap;
    /** With a capped sort: the best rows so far, the worst first; ties keep the order of the scan. */
    private final java.util.PriorityQueue<Ranked> best;
    private final Comparator<Ranked> ranking;
    private long sequence;

    private record Ranked(Row row, long sequence) {
    }
    private long matched;
    private long scanned;
    private long bytesScanned;

    QueryEngine(InsightsQuery query) {
        this(query, DEFAULT_ACCOUNT);
    }

    QueryEngine(InsightsQuery query, String account) {
        this.query = query;
        this.account = account;
        InsightsQuery.Stats firstStats = null;
        boolean blocked = false;
        for (Command command : query.commands) {
            if (!blocked && command instanceof InsightsQuery.Stats s) {
                firstStats = s;
                blocked = true;
            } else if (!blocked && (command instanceof InsightsQuery.Fields || command instanceof InsightsQuery.Filter
                    || command instanceof InsightsQuery.Parse || command instanceof InsightsQuery.Display)) {
                streaming.add(command);
            } else {
                blocked = true;
                after.add(command);
            }
        }
        this.stats = firstStats;
        int i = 0;
        InsightsQuery.Sort sort = null;
        if (i < after.size() && after.get(i) instanceof InsightsQuery.Sort s) {
            sort = s;
            i++;
        }
        int limit = InsightsQuery.DEFAULT_LIMIT;
        if (i < after.size() && after.get(i) instanceof InsightsQuery.Limit l) {
            limit = Math.min(limit, l.count());
            i++;
        }
        while (i < after.size() && after.get(i) instanceof InsightsQuery.Display) {
            i++;
        }
        this.cap = firstStats == null && i == after.size() ? limit : Integer.MAX_VALUE;
        if (cap != Integer.MAX_VALUE && sort != null) {
            Comparator<Row> order = comparator(sort);
            this.ranking = Comparator.<Ranked, Row>comparing(Ranked::row, order).thenComparingLong(Ranked::sequence);
            this.best = new java.util.PriorityQueue<>(Math.min(cap, 1024) + 1, ranking.reversed());
        } else {
            this.ranking = null;
            this.best = null;
        }
    }

    /** How many rows the engine holds now, for tests of its memory bound. */
    int rowsHeld() {
        return best != null ? best.size() : kept.size();
    }

    /** The fields this query reads from events' JSON, or null for all of them. */
    Set<String> fieldsRead() {
        return query.fieldsRead();
    }

    /** Takes one event of the time range and groups. */
    void accept(EventRow event, int bytes) {
        scanned++;
        bytesScanned += bytes;
        event.account = account;
        for (Command command : streaming) {
            if (!apply(command, event)) {
                return;
            }
        }
        matched++;
        if (stats != null) {
            aggregate(event);
        } else {
            keep(event);
        }
    }

    private void keep(Row row) {
        if (best != null) {
            Ranked ranked = new Ranked(row, sequence++);
            if (best.size() < cap) {
                best.add(ranked);
            } else if (ranking.compare(ranked, best.peek()) < 0) {
                best.poll();
                best.add(ranked);
            }
        } else if (kept.size() < cap) {
            kept.add(row);
        }
    }

    /** Applies a streaming command; false when the row is filtered out. */
    private boolean apply(Command command, Row row) {
        if (command instanceof InsightsQuery.Filter filter) {
            return truthy(eval(filter.condition(), row));
        }
        if (command instanceof InsightsQuery.Fields fields) {
            for (Projection projection : fields.projections()) {
                if (!(projection.expr() instanceof FieldRef ref) || !ref.name().equals(projection.name())) {
                    row.put(projection.name(), eval(projection.expr(), row));
                }
            }
            return true;
        }
        if (command instanceof InsightsQuery.Parse parse) {
            Object source = eval(parse.source(), row);
            if (source != null) {
                Matcher m = parse.pattern().matcher(source.toString());
                if (m.find()) {
                    for (int i = 0; i < parse.names().size(); i++) {
                        row.put(parse.names().get(i), number(m.group(i + 1)));
                    }
                }
            }
            return true;
        }
        return true;
    }

    /** A parsed value that looks like a number compares as one. */
    private static Object number(String text) {
        if (text == null) {
            return null;
        }
        try {
            return text.isEmpty() ? text : Double.parseDouble(text);
        } catch (NumberFormatException e) {
            return text;
        }
    }

    /** The rows, in order, after every command. */
    QueryResult result() {
        return result(List.of());
    }

    QueryResult result(List<String> problems) {
        List<Row> rows;
        List<String> columns = new ArrayList<>();
        if (stats != null) {
            rows = groupRows(stats, groups);
            stats.groupBy().forEach(p -> columns.add(p.name()));
            stats.aggregations().forEach(a -> columns.add(a.name()));
        } else {
            if (best != null) {
                List<Ranked> ranked = new ArrayList<>(best);
                ranked.sort(ranking);
                rows = new ArrayList<>(ranked.size());
                for (Ranked r : ranked) {
                    rows.add(r.row());
                }
            } else {
                rows = kept;
            }
            for (Command command : streaming) {
                if (command instanceof InsightsQuery.Fields fields) {
                    fields.projections().forEach(p -> {
                        if (!columns.contains(p.name())) {
                            columns.add(p.name());
                        }
                    });
                }
            }
        }
        for (Command command : streaming) {
            if (command instanceof InsightsQuery.Display display) {
                columns.clear();
                display.projections().forEach(p -> columns.add(p.name()));
            }
        }
        boolean limited = false;
        boolean sorted = false;
        for (Command command : after) {
            if (command instanceof InsightsQuery.Stats second) {
                // A second stats aggregates the rows of the first.
                Map<List<Object>, Aggregators> regrouped = new LinkedHashMap<>();
                for (Row row : rows) {
                    aggregate(second, regrouped, row);
                }
                rows = groupRows(second, regrouped);
                columns.clear();
                second.groupBy().forEach(p -> columns.add(p.name()));
                second.aggregations().forEach(a -> columns.add(a.name()));
            } else if (command instanceof InsightsQuery.Sort sort) {
                rows = new ArrayList<>(rows);
                rows.sort(comparator(sort));
                sorted = true;
            } else if (command instanceof InsightsQuery.Limit limit) {
                rows = rows.subList(0, Math.min(rows.size(), limit.count()));
                limited = true;
            } else if (command instanceof InsightsQuery.Dedup dedup) {
                if (!sorted) {
                    // Unsorted results are deduplicated newest first, as CloudWatch does.
                    rows = new ArrayList<>(rows);
                    rows.sort(comparator(new InsightsQuery.Sort(List.of(new InsightsQuery.SortKey(
                            new FieldRef("@timestamp"), true)))));
                }
                Set<List<String>> seen = new HashSet<>();
                List<Row> unique = new ArrayList<>();
                for (Row row : rows) {
                    List<String> key = new ArrayList<>(dedup.fields().size());
                    for (Expr field : dedup.fields()) {
                        Object value = eval(field, row);
                        if (value == null) {
                            // A null value is never a duplicate: the row is kept.
                            key = null;
                            break;
                        }
                        key.add(format(value));
                    }
                    if (key == null || seen.add(key)) {
                        unique.add(row);
                    }
                }
                rows = unique;
            } else if (command instanceof InsightsQuery.Display display) {
                columns.clear();
                display.projections().forEach(p -> columns.add(p.name()));
                for (Row row : rows) {
                    apply(new InsightsQuery.Fields(display.projections()), row);
                }
            } else {
                List<Row> next = new ArrayList<>();
                for (Row row : rows) {
                    if (apply(command, row)) {
                        next.add(row);
                    }
                }
                if (command instanceof InsightsQuery.Fields fields) {
                    fields.projections().forEach(p -> {
                        if (!columns.contains(p.name())) {
                            columns.add(p.name());
                        }
                    });
                }
                rows = next;
            }
        }
        if (!limited && rows.size() > InsightsQuery.DEFAULT_LIMIT) {
            rows = rows.subList(0, InsightsQuery.DEFAULT_LIMIT);
        }
        if (columns.isEmpty()) {
            columns.add("@timestamp");
            columns.add("@message");
        }
        List<Map<String, String>> out = new ArrayList<>(rows.size());
        for (Row row : rows) {
            Map<String, String> values = new LinkedHashMap<>();
            for (String column : columns) {
                Object value = row.get(column);
                if (value != null) {
                    values.put(column, format(value));
                }
            }
            out.add(values);
        }
        return new QueryResult(out, matched, scanned, bytesScanned, problems);
    }

    private static List<Row> groupRows(InsightsQuery.Stats stats, Map<List<Object>, Aggregators> groups) {
        List<Row> rows = new ArrayList<>(groups.size());
        for (Map.Entry<List<Object>, Aggregators> group : groups.entrySet()) {
            MapRow row = new MapRow();
            for (int i = 0; i < stats.groupBy().size(); i++) {
                row.put(stats.groupBy().get(i).name(), group.getKey().get(i));
            }
            group.getValue().into(row);
            rows.add(row);
        }
        return rows;
    }

    static String format(Object value) {
        if (value instanceof Map || value instanceof List) {
            return QueryFunctions.jsonStringify(value);
        }
        if (value instanceof Double d) {
            if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                return Long.toString(d.longValue());
            }
            return d.toString();
        }
        return value.toString();
    }

    private Comparator<Row> comparator(InsightsQuery.Sort sort) {
        Comparator<Row> comparator = null;
        for (InsightsQuery.SortKey key : sort.keys()) {
            Comparator<Row> next = (a, b) -> {
                Object x = eval(key.expr(), a);
                Object y = eval(key.expr(), b);
                // Missing values go last in either order.
                if (x == null || y == null) {
                    return x == y ? 0 : x == null ? 1 : -1;
                }
                int order = compare(x, y);
                return key.descending() ? -order : order;
            };
            comparator = comparator == null ? next : comparator.thenComparing(next);
        }
        return comparator;
    }

    // ------------------------------------------------------------------ expressions

    Object eval(Expr expr, Row row) {
        if (expr instanceof FieldRef field) {
            Object value = row.get(field.name());
            return value == null && field.name().indexOf('.') > 0 ? inside(row, field.name()) : value;
        }
        if (expr instanceof Literal literal) {
            return literal.value();
        }
        if (expr instanceof RegexLiteral regex) {
            return regex.pattern().pattern();
        }
        if (expr instanceof Unary unary) {
            Object value = eval(unary.operand(), row);
            if (unary.operator().equals("not")) {
                return !truthy(value);
            }
            Double number = toNumber(value);
            return number == null ? null : -number;
        }
        if (expr instanceof InList in) {
            Object value = eval(in.value(), row);
            boolean found = false;
            if (value != null) {
                for (Expr item : in.items()) {
                    if (equal(value, eval(item, row))) {
                        found = true;
                        break;
                    }
                }
            }
            return value != null && found != in.negated();
        }
        if (expr instanceof Call call) {
            return call(call, row);
        }
        Binary binary = (Binary) expr;
        switch (binary.operator()) {
            case "and":
                return truthy(eval(binary.left(), row)) && truthy(eval(binary.right(), row));
            case "or":
                return truthy(eval(binary.left(), row)) || truthy(eval(binary.right(), row));
            case "like", "not like", "=~": {
                Object value = eval(binary.left(), row);
                if (value == null) {
                    return false;
                }
                String text = value.toString();
                boolean hit = binary.right() instanceof RegexLiteral regex ? regex.pattern().matcher(text).find()
                        : text.contains(String.valueOf(eval(binary.right(), row)));
                return binary.operator().equals("not like") != hit;
            }
            default:
                break;
        }
        Object left = eval(binary.left(), row);
        Object right = eval(binary.right(), row);
        if (left == null || right == null) {
            return null;
        }
        switch (binary.operator()) {
            case "=":
                return equal(left, right);
            case "!=":
                return !equal(left, right);
            case "<":
                return compare(left, right) < 0;
            case "<=":
                return compare(left, right) <= 0;
            case ">":
                return compare(left, right) > 0;
            case ">=":
                return compare(left, right) >= 0;
            default:
                Double a = toNumber(left);
                Double b = toNumber(right);
                if (a == null || b == null) {
                    return null;
                }
                return switch (binary.operator()) {
                    case "+" -> a + b;
                    case "-" -> a - b;
                    case "*" -> a * b;
                    case "/" -> b == 0 ? null : a / b;
                    case "^" -> {
                        double power = Math.pow(a, b);
                        yield Double.isFinite(power) ? power : null;
                    }
                    default -> b == 0 ? null : a % b;
                };
        }
    }

    /** {@code map.key.0}: a value inside a map or list that jsonParse made, reached with dots. */
    private static Object inside(Row row, String name) {
        String[] path = name.split("\\.", -1);
        StringBuilder prefix = new StringBuilder(path[0]);
        for (int i = 1; i < path.length; i++) {
            Object base = row.get(prefix.toString());
            if (base instanceof Map || base instanceof List) {
                return QueryFunctions.dig(base, path, i);
            }
            prefix.append('.').append(path[i]);
        }
        return null;
    }

    private Object call(Call call, Row row) {
        List<Object> args = new ArrayList<>(call.arguments().size());
        for (Expr argument : call.arguments()) {
            args.add(eval(argument, row));
        }
        return QueryFunctions.apply(call.function(), args, row);
    }

    static boolean truthy(Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof Double d) {
            return d != 0;
        }
        return value != null && !value.toString().isEmpty();
    }

    static Double toNumber(Object value) {
        if (value instanceof Double d) {
            return d;
        }
        if (value instanceof Timestamp t) {
            return (double) t.micros() / 1000;
        }
        if (value instanceof String s) {
            try {
                return Double.parseDouble(s);
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    private static boolean equal(Object a, Object b) {
        Double x = a instanceof String ? null : toNumber(a);
        Double y = b instanceof String ? null : toNumber(b);
        if (x == null && a instanceof String && b instanceof Double) {
            x = toNumber(a);
        }
        if (y == null && b instanceof String && a instanceof Double) {
            y = toNumber(b);
        }
        if (x != null && y != null) {
            return x.doubleValue() == y.doubleValue();
        }
        return format(a).equals(format(b));
    }

    static int compare(Object a, Object b) {
        Double x = toNumber(a);
        Double y = toNumber(b);
        if (x != null && y != null) {
            return Double.compare(x, y);
        }
        return format(a).compareTo(format(b));
    }

    // ------------------------------------------------------------------ stats

    private void aggregate(Row row) {
        aggregate(stats, groups, row);
    }

    private void aggregate(InsightsQuery.Stats stats, Map<List<Object>, Aggregators> groups, Row row) {
        Object[] key = new Object[stats.groupBy().size()];
        for (int i = 0; i < key.length; i++) {
            key[i] = eval(stats.groupBy().get(i).expr(), row);
        }
        Aggregators aggregators = groups.computeIfAbsent(Arrays.asList(key), k -> new Aggregators(stats.aggregations()));
        Object time = row.get("@timestamp");
        long micros = time instanceof Timestamp t ? t.micros() : 0;
        for (int i = 0; i < stats.aggregations().size(); i++) {
            Aggregation aggregation = stats.aggregations().get(i);
            Object value = aggregation.arguments().isEmpty() ? Boolean.TRUE : eval(aggregation.arguments().get(0), row);
            aggregators.add(i, value, micros);
        }
    }

    /** The running aggregates of one group. */
    private static final class Aggregators {
        private final List<Aggregation> aggregations;
        private final long[] counts;
        private final double[] sums;
        private final double[] means;
        private final double[] squares;
        private final long[] firstTimes;
        private final long[] lastTimes;
        private final Object[] firsts;
        private final Object[] lasts;
        private final List<DistinctCounter> distinct = new ArrayList<>();
        private final List<double[]> samples = new ArrayList<>();
        private final long[] seen;
        private final Random random = new Random(42);

        Aggregators(List<Aggregation> aggregations) {
            this.aggregations = aggregations;
            int n = aggregations.size();
            counts = new long[n];
            sums = new double[n];
            means = new double[n];
            squares = new double[n];
            firstTimes = new long[n];
            lastTimes = new long[n];
            Arrays.fill(firstTimes, Long.MAX_VALUE);
            Arrays.fill(lastTimes, Long.MIN_VALUE);
            firsts = new Object[n];
            lasts = new Object[n];
            seen = new long[n];
            for (int i = 0; i < n; i++) {
                distinct.add(aggregations.get(i).function().equals("count_distinct") ? new DistinctCounter() : null);
                samples.add(aggregations.get(i).function().equals("pct") ? new double[16] : null);
            }
        }

        void add(int i, Object value, long micros) {
            if (value == null) {
                return;
            }
            String function = aggregations.get(i).function();
            switch (function) {
                case "count" -> counts[i]++;
                case "count_distinct" -> distinct.get(i).add(format(value));
                case "earliest" -> {
                    if (micros < firstTimes[i]) {
                        firstTimes[i] = micros;
                        firsts[i] = value;
                    }
                }
                case "latest" -> {
                    if (micros >= lastTimes[i]) {
                        lastTimes[i] = micros;
                        lasts[i] = value;
                    }
                }
                case "min", "sortsfirst" -> {
                    // min and max keep the value itself: a timestamp stays a timestamp, a string a string.
                    if (firsts[i] == null || compare(value, firsts[i]) < 0) {
                        firsts[i] = value;
                    }
                }
                case "max", "sortslast" -> {
                    if (lasts[i] == null || compare(value, lasts[i]) > 0) {
                        lasts[i] = value;
                    }
                }
                default -> {
                    Double number = toNumber(value);
                    if (number == null) {
                        return;
                    }
                    counts[i]++;
                    sums[i] += number;
                    // Welford's running mean and sum of squares, for stddev.
                    double delta = number - means[i];
                    means[i] += delta / counts[i];
                    squares[i] += delta * (number - means[i]);
                    if (function.equals("pct")) {
                        sample(i, number);
                    }
                }
            }
        }

        private void sample(int i, double number) {
            long index = seen[i]++;
            double[] values = samples.get(i);
            if (index < MAX_PERCENTILE_VALUES) {
                if (index == values.length) {
                    values = Arrays.copyOf(values, (int) Math.min(MAX_PERCENTILE_VALUES, values.length * 2L));
                    samples.set(i, values);
                }
                values[(int) index] = number;
            } else {
                long slot = (long) (random.nextDouble() * (index + 1));
                if (slot < MAX_PERCENTILE_VALUES) {
                    values[(int) slot] = number;
                }
            }
        }

        void into(Row row) {
            for (int i = 0; i < aggregations.size(); i++) {
                Aggregation aggregation = aggregations.get(i);
                Object value = switch (aggregation.function()) {
                    case "count" -> (double) counts[i];
                    case "count_distinct" -> (double) distinct.get(i).count();
                    case "sum" -> counts[i] == 0 ? null : sums[i];
                    case "avg" -> counts[i] == 0 ? null : sums[i] / counts[i];
                    case "stddev" -> counts[i] < 2 ? null : Math.sqrt(squares[i] / (counts[i] - 1));
                    case "earliest", "sortsfirst", "min" -> firsts[i];
                    case "latest", "sortslast", "max" -> lasts[i];
                    default -> percentile(i, (Double) ((Literal) aggregation.arguments().get(1)).value());
                };
                row.put(aggregation.name(), value);
            }
        }

        private Double percentile(int i, double p) {
            int n = (int) Math.min(seen[i], MAX_PERCENTILE_VALUES);
            if (n == 0) {
                return null;
            }
            double[] values = Arrays.copyOf(samples.get(i), n);
            Arrays.sort(values);
            int rank = (int) Math.max(1, Math.ceil(p / 100.0 * n));
            return values[Math.min(rank, n) - 1];
        }
    }

    /**
     * Runs {@code text} over the events {@link LogReader} reads, with {@code @log} in the
     * {@linkplain #DEFAULT_ACCOUNT default account}. See {@link #run(String, java.nio.file.Path, List, Instant, Instant, String)}.
     */
    public static QueryResult run(String text, java.nio.file.Path logsDirectory, List<String> groups, Instant start,
                                  Instant end) {
        return run(text, logsDirectory, groups, start, end, DEFAULT_ACCOUNT);
    }

    /**
     * Runs {@code text} over the events of {@code groups} logged from {@code start} to {@code end},
     * both included, as StartQuery's range is
     * (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_StartQuery.html):
     * the query API of {@link LogService} and the CLI.
     *
     * @param account the account id of {@code @log}, which is {@code account-id:log-group-name}
     * @throws dev.monitor.core.syntax.ParseException naming the line, the column, what was expected and what was found
     */
    public static QueryResult run(String text, java.nio.file.Path logsDirectory, List<String> groups, Instant start,
                                  Instant end, String account) {
        QueryEngine engine = new QueryEngine(InsightsQuery.parse(text), java.util.Objects.requireNonNull(account, "account"));
        // The reader's range excludes its end: one microsecond past the end includes it.
        Instant through = end.isBefore(Instant.MAX.minusNanos(1000)) ? end.plusNanos(1000 - end.getNano() % 1000) : end;
        List<String> problems = LogReader.scan(logsDirectory, groups, start, through, engine.fieldsRead(), engine::accept);
        return engine.result(problems);
    }
}
