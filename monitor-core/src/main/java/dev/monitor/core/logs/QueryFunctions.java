package dev.monitor.core.logs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The functions of Logs Insights' "operations and functions" page that work on one row
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CWL_QuerySyntax-operations-functions.html):
 * numeric, datetime, general, JSON, IP address and string functions. Strings are measured and
 * cut in Unicode code points, never in UTF-16 units. A function given a missing or unsuitable
 * value answers null (missing), as CloudWatch leaves the field out, rather than failing the query.
 */
final class QueryFunctions {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** How many arguments a function takes; {@code most} is -1 for any number. */
    record Arity(int least, int most) {
        boolean allows(int count) {
            return count >= least && (most < 0 || count <= most);
        }

        String describe() {
            if (least == most) {
                return least + " argument" + (least == 1 ? "" : "s");
            }
            return most < 0 ? "at least " + least + " argument" + (least == 1 ? "" : "s") : least + " to " + most + " arguments";
        }
    }

    /** Every scalar function, by its name in lower case (CloudWatch reads names in any case). */
    static final Map<String, Arity> SCALARS = scalars();

    private static Map<String, Arity> scalars() {
        Map<String, Arity> f = new LinkedHashMap<>();
        // Numeric operations.
        for (String name : List.of("abs", "ceil", "floor", "log", "sqrt")) {
            f.put(name, new Arity(1, 1));
        }
        f.put("greatest", new Arity(1, -1));
        f.put("least", new Arity(1, -1));
        f.put("pow", new Arity(2, 2));
        // Datetime functions.
        f.put("bin", new Arity(1, 1));
        f.put("datefloor", new Arity(2, 2));
        f.put("dateceil", new Arity(2, 2));
        f.put("frommillis", new Arity(1, 1));
        f.put("tomillis", new Arity(1, 1));
        // General and JSON functions.
        f.put("ispresent", new Arity(1, 1));
        f.put("coalesce", new Arity(1, -1));
        f.put("jsonparse", new Arity(1, 1));
        f.put("jsonstringify", new Arity(1, 1));
        f.put("unmask", new Arity(1, 1));
        // IP address string functions.
        for (String name : List.of("isvalidip", "isvalidipv4", "isvalidipv6")) {
            f.put(name, new Arity(1, 1));
        }
        for (String name : List.of("isipinsubnet", "isipv4insubnet", "isipv6insubnet")) {
            f.put(name, new Arity(2, 2));
        }
        // String functions.
        f.put("isempty", new Arity(1, 1));
        f.put("isblank", new Arity(1, 1));
        f.put("concat", new Arity(1, -1));
        for (String name : List.of("ltrim", "rtrim", "trim")) {
            f.put(name, new Arity(1, 2));
        }
        for (String name : List.of("strlen", "toupper", "tolower")) {
            f.put(name, new Arity(1, 1));
        }
        f.put("substr", new Arity(2, 3));
        f.put("replace", new Arity(3, 3));
        f.put("strcontains", new Arity(2, 2));
        return Map.copyOf(f);
    }

    /**
     * A time period of {@code bin}, {@code datefloor} and {@code dateceil}: a whole number of a unit.
     * Units up to weeks have a fixed length; months, quarters and years follow the UTC calendar.
     */
    record Period(long amount, ChronoUnit unit, String text) {
        private static final long MONDAY_MICROS = 4 * 86_400_000_000L; // 1970-01-05, the first Monday

        long floor(long micros) {
            if (unit == ChronoUnit.MONTHS || unit == ChronoUnit.YEARS) {
                long months = unit == ChronoUnit.YEARS ? amount * 12 : amount;
                LocalDateTime time = LocalDateTime.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), 0, ZoneOffset.UTC);
                long index = time.getYear() * 12L + time.getMonthValue() - 1;
                long start = Math.floorDiv(index, months) * months;
                LocalDateTime first = LocalDateTime.of((int) Math.floorDiv(start, 12), Math.floorMod(start, 12) + 1, 1, 0, 0);
                return first.toEpochSecond(ZoneOffset.UTC) * 1_000_000L;
            }
            long length = length();
            // Weeks start on Monday, as ISO 8601 counts them.
            long origin = unit == ChronoUnit.WEEKS ? MONDAY_MICROS : 0;
            return Math.floorDiv(micros - origin, length) * length + origin;
        }

        long ceil(long micros) {
            long floor = floor(micros);
            if (floor == micros) {
                return micros;
            }
            if (unit == ChronoUnit.MONTHS || unit == ChronoUnit.YEARS) {
                long months = unit == ChronoUnit.YEARS ? amount * 12 : amount;
                LocalDateTime first = LocalDateTime.ofEpochSecond(Math.floorDiv(floor, 1_000_000L), 0, ZoneOffset.UTC);
                return first.plusMonths(months).toEpochSecond(ZoneOffset.UTC) * 1_000_000L;
            }
            return floor + length();
        }

        private long length() {
            return Math.max(1, Math.multiplyExact(amount, unit.getDuration().toNanos() / 1000));
        }

        @Override
        public String toString() {
            return text;
        }
    }

    private QueryFunctions() {
    }

    /** How a function is written, for error messages. */
    static String usage(String function) {
        return switch (function) {
            case "greatest", "least", "coalesce", "concat" -> function + "(a, b, ...)";
            case "pow" -> "pow(base, exponent)";
            case "bin" -> "bin(period), such as bin(5m)";
            case "datefloor", "dateceil" -> function + "(timestamp, period), such as " + function + "(@timestamp, 1h)";
            case "isipinsubnet", "isipv4insubnet", "isipv6insubnet" -> function + "(field, \"192.0.2.0/24\")";
            case "ltrim", "rtrim", "trim" -> function + "(string) or " + function + "(string, characters)";
            case "substr" -> "substr(string, start) or substr(string, start, length)";
            case "replace" -> "replace(string, search, replacement)";
            case "strcontains" -> "strcontains(string, search)";
            default -> function + "(value)";
        };
    }

    /** Applies {@code function} (a key of {@link #SCALARS}) to evaluated arguments. */
    static Object apply(String function, List<Object> args, QueryEngine.Row row) {
        Object first = args.get(0);
        switch (function) {
            case "abs", "ceil", "floor", "log", "sqrt": {
                Double a = QueryEngine.toNumber(first);
                if (a == null) {
                    return null;
                }
                return finite(switch (function) {
                    case "abs" -> Math.abs(a);
                    case "ceil" -> Math.ceil(a);
                    case "floor" -> Math.floor(a);
                    case "log" -> Math.log(a);
                    default -> Math.sqrt(a);
                });
            }
            case "greatest", "least": {
                Double best = null;
                for (Object arg : args) {
                    Double a = QueryEngine.toNumber(arg);
                    if (a != null && (best == null || (function.equals("greatest") ? a > best : a < best))) {
                        best = a;
                    }
                }
                return best;
            }
            case "pow": {
                Double a = QueryEngine.toNumber(first);
                Double b = QueryEngine.toNumber(args.get(1));
                return a == null || b == null ? null : finite(Math.pow(a, b));
            }
            case "bin": {
                QueryEngine.Timestamp time = timestamp(row.get("@timestamp"));
                return time == null ? null : new QueryEngine.Timestamp(((Period) first).floor(time.micros()));
            }
            case "datefloor", "dateceil": {
                QueryEngine.Timestamp time = timestamp(first);
                if (time == null) {
                    return null;
                }
                Period period = (Period) args.get(1);
                return new QueryEngine.Timestamp(function.equals("datefloor") ? period.floor(time.micros()) : period.ceil(time.micros()));
            }
            case "frommillis": {
                Double millis = QueryEngine.toNumber(first);
                if (millis == null || Math.abs(millis) > 9.2e15) {
                    return null;
                }
                return new QueryEngine.Timestamp(Math.round(millis * 1000));
            }
            case "tomillis": {
                QueryEngine.Timestamp time = timestamp(first);
                return time == null ? null : (double) Math.floorDiv(time.micros(), 1000L);
            }
            case "ispresent":
                return first != null;
            case "coalesce":
                for (Object arg : args) {
                    if (arg != null) {
                        return arg;
                    }
                }
                return null;
            case "jsonparse":
                return first == null ? null : jsonParse(QueryEngine.format(first));
            case "jsonstringify":
                return first == null ? null : jsonStringify(first);
            case "unmask":
                // Monitor redacts secrets before it writes an event: there is nothing masked to reveal.
                return first;
            case "isvalidip":
                return first != null && (Ip.v4(QueryEngine.format(first)) != null || Ip.v6(QueryEngine.format(first)) != null);
            case "isvalidipv4":
                return first != null && Ip.v4(QueryEngine.format(first)) != null;
            case "isvalidipv6":
                return first != null && Ip.v6(QueryEngine.format(first)) != null;
            case "isipinsubnet", "isipv4insubnet", "isipv6insubnet": {
                Object subnet = args.get(1);
                if (first == null || subnet == null) {
                    return false;
                }
                int version = function.equals("isipv4insubnet") ? 4 : function.equals("isipv6insubnet") ? 6 : 0;
                return Ip.inSubnet(QueryEngine.format(first), QueryEngine.format(subnet), version);
            }
            case "isempty":
                return first == null || QueryEngine.format(first).isEmpty();
            case "isblank":
                return first == null || QueryEngine.format(first).codePoints().allMatch(QueryFunctions::isSpace);
            case "concat": {
                StringBuilder out = new StringBuilder();
                args.forEach(a -> out.append(a == null ? "" : QueryEngine.format(a)));
                return out.toString();
            }
            case "ltrim", "rtrim", "trim": {
                if (first == null) {
                    return null;
                }
                String chars = args.size() > 1 && args.get(1) != null ? QueryEngine.format(args.get(1)) : null;
                return trim(QueryEngine.format(first), chars, !function.equals("rtrim"), !function.equals("ltrim"));
            }
            case "strlen": {
                if (first == null) {
                    return null;
                }
                String text = QueryEngine.format(first);
                return (double) text.codePointCount(0, text.length());
            }
            case "toupper":
                return first == null ? null : QueryEngine.format(first).toUpperCase(Locale.ROOT);
            case "tolower":
                return first == null ? null : QueryEngine.format(first).toLowerCase(Locale.ROOT);
            case "substr": {
                Double start = QueryEngine.toNumber(args.get(1));
                Double length = args.size() > 2 ? QueryEngine.toNumber(args.get(2)) : null;
                if (first == null || start == null || (args.size() > 2 && length == null)) {
                    return null;
                }
                return substr(QueryEngine.format(first), start, length);
            }
            case "replace": {
                if (first == null || args.get(1) == null || args.get(2) == null) {
                    return first == null ? null : QueryEngine.format(first);
                }
                String search = QueryEngine.format(args.get(1));
                String text = QueryEngine.format(first);
                // An empty search string would put the replacement between UTF-16 units, inside surrogate pairs.
                return search.isEmpty() ? text : text.replace(search, QueryEngine.format(args.get(2)));
            }
            case "strcontains": {
                if (first == null || args.get(1) == null) {
                    return null;
                }
                return QueryEngine.format(first).contains(QueryEngine.format(args.get(1))) ? 1.0 : 0.0;
            }
            default:
                throw new IllegalStateException("no function " + function);
        }
    }

    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }

    static boolean isSpace(int codePoint) {
        return Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint);
    }

    /** {@code substr(s, start[, length])}: start and length count code points from 0, clamped to the string. */
    static String substr(String text, double start, Double length) {
        int count = text.codePointCount(0, text.length());
        long from = Math.max(0, Math.min(count, (long) Math.floor(start)));
        long to = length == null ? count : Math.max(from, Math.min(count, from + (long) Math.floor(length)));
        int begin = text.offsetByCodePoints(0, (int) from);
        int end = text.offsetByCodePoints(begin, (int) (to - from));
        return text.substring(begin, end);
    }

    /** Removes white space, or the code points of {@code chars}, from the start and/or the end. */
    static String trim(String text, String chars, boolean left, boolean right) {
        int begin = 0;
        int end = text.length();
        while (left && begin < end && strip(text.codePointAt(begin), chars)) {
            begin += Character.charCount(text.codePointAt(begin));
        }
        while (right && end > begin && strip(text.codePointBefore(end), chars)) {
            end -= Character.charCount(text.codePointBefore(end));
        }
        return text.substring(begin, end);
    }

    private static boolean strip(int codePoint, String chars) {
        return chars == null ? isSpace(codePoint) : chars.codePoints().anyMatch(c -> c == codePoint);
    }

    /** A timestamp, a number of epoch milliseconds, or an ISO 8601 instant such as 2026-11-22T10:00:00Z. */
    static QueryEngine.Timestamp timestamp(Object value) {
        if (value instanceof QueryEngine.Timestamp t) {
            return t;
        }
        if (value instanceof Double d) {
            return Double.isFinite(d) && Math.abs(d) < 9.2e15 ? new QueryEngine.Timestamp(Math.round(d * 1000)) : null;
        }
        if (value instanceof String s) {
            try {
                Instant instant = Instant.parse(s);
                return new QueryEngine.Timestamp(LogReader.micros(instant));
            } catch (DateTimeParseException | ArithmeticException e) {
                return null;
            }
        }
        return null;
    }

    private static Object jsonParse(String text) {
        try {
            return normalize(JSON.readValue(text, Object.class));
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** JSON numbers become doubles, as every number of a query is. */
    private static Object normalize(Object value) {
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), normalize(v)));
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            list.forEach(v -> out.add(normalize(v)));
            return out;
        }
        return value;
    }

    static String jsonStringify(Object value) {
        try {
            return JSON.writeValueAsString(value instanceof Map || value instanceof List ? plain(value) : value);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** Whole doubles print as integers, as the results show them. */
    private static Object plain(Object value) {
        if (value instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15) {
            return d.longValue();
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), plain(v)));
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            list.forEach(v -> out.add(plain(v)));
            return out;
        }
        return value instanceof QueryEngine.Timestamp ? value.toString() : value;
    }

    /** The value at {@code path} (names, or indexes of lists) inside a map or list jsonParse made. */
    static Object dig(Object value, String[] path, int from) {
        Object node = value;
        for (int i = from; i < path.length && node != null; i++) {
            if (node instanceof Map<?, ?> map) {
                node = map.get(path[i]);
            } else if (node instanceof List<?> list) {
                try {
                    int index = Integer.parseInt(path[i]);
                    node = index >= 0 && index < list.size() ? list.get(index) : null;
                } catch (NumberFormatException e) {
                    node = null;
                }
            } else {
                node = null;
            }
        }
        return node;
    }

    /** IPv4 and IPv6 literals and CIDR subnets, parsed by hand: a name is never looked up in DNS. */
    static final class Ip {
        private Ip() {
        }

        /** The four bytes of a dotted-decimal IPv4 address, or null. */
        static byte[] v4(String text) {
            String[] parts = text.split("\\.", -1);
            if (parts.length != 4) {
                return null;
            }
            byte[] bytes = new byte[4];
            for (int i = 0; i < 4; i++) {
                String part = parts[i];
                if (part.isEmpty() || part.length() > 3 || (part.length() > 1 && part.charAt(0) == '0')) {
                    return null;
                }
                int value = 0;
                for (int j = 0; j < part.length(); j++) {
                    char c = part.charAt(j);
                    if (c < '0' || c > '9') {
                        return null;
                    }
                    value = value * 10 + (c - '0');
                }
                if (value > 255) {
                    return null;
                }
                bytes[i] = (byte) value;
            }
            return bytes;
        }

        /** The sixteen bytes of an IPv6 address (with {@code ::} and a trailing dotted IPv4 part), or null. */
        static byte[] v6(String text) {
            if (text.length() < 2 || text.length() > 45 || text.indexOf(':') < 0) {
                return null;
            }
            int gap = text.indexOf("::");
            if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
                return null;
            }
            List<Integer> head = new ArrayList<>();
            List<Integer> tail = new ArrayList<>();
            if (gap < 0) {
                if (!groups(text, head, true)) {
                    return null;
                }
                if (head.size() != 8) {
                    return null;
                }
            } else {
                String before = text.substring(0, gap);
                String after = text.substring(gap + 2);
                if ((!before.isEmpty() && !groups(before, head, false)) || (!after.isEmpty() && !groups(after, tail, true))) {
                    return null;
                }
                if (head.size() + tail.size() > 7) {
                    return null;
                }
            }
            byte[] bytes = new byte[16];
            for (int i = 0; i < head.size(); i++) {
                bytes[2 * i] = (byte) (head.get(i) >> 8);
                bytes[2 * i + 1] = (byte) (int) head.get(i);
            }
            for (int i = 0; i < tail.size(); i++) {
                int at = 8 - tail.size() + i;
                bytes[2 * at] = (byte) (tail.get(i) >> 8);
                bytes[2 * at + 1] = (byte) (int) tail.get(i);
            }
            return bytes;
        }

        /** Reads colon-separated hex groups; the last may be a dotted IPv4 address (two groups) if {@code last}. */
        private static boolean groups(String text, List<Integer> out, boolean last) {
            String[] parts = text.split(":", -1);
            for (int i = 0; i < parts.length; i++) {
                String part = parts[i];
                if (last && i == parts.length - 1 && part.indexOf('.') >= 0) {
                    byte[] v4 = v4(part);
                    if (v4 == null) {
                        return false;
                    }
                    out.add(((v4[0] & 0xff) << 8) | (v4[1] & 0xff));
                    out.add(((v4[2] & 0xff) << 8) | (v4[3] & 0xff));
                    continue;
                }
                if (part.isEmpty() || part.length() > 4) {
                    return false;
                }
                int value = 0;
                for (int j = 0; j < part.length(); j++) {
                    int digit = Character.digit(part.charAt(j), 16);
                    if (digit < 0) {
                        return false;
                    }
                    value = value * 16 + digit;
                }
                out.add(value);
            }
            return true;
        }

        /** A CIDR subnet as address bytes and prefix length, or null when {@code text} is not one. */
        record Subnet(byte[] address, int prefix) {
            boolean contains(byte[] ip) {
                if (ip.length != address.length) {
                    return false;
                }
                for (int bit = 0; bit < prefix; bit++) {
                    int mask = 0x80 >> (bit % 8);
                    if ((ip[bit / 8] & mask) != (address[bit / 8] & mask)) {
                        return false;
                    }
                }
                return true;
            }
        }

        static Subnet subnet(String text) {
            int slash = text.indexOf('/');
            if (slash < 0) {
                return null;
            }
            String address = text.substring(0, slash);
            String bits = text.substring(slash + 1);
            byte[] bytes = v4(address);
            if (bytes == null) {
                bytes = v6(address);
            }
            if (bytes == null || bits.isEmpty() || bits.length() > 3 || !bits.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return null;
            }
            int prefix = Integer.parseInt(bits);
            return prefix <= bytes.length * 8 ? new Subnet(bytes, prefix) : null;
        }

        /** Whether {@code ip} is in {@code subnet}; {@code version} 4 or 6 asks for that version only, 0 for either. */
        static boolean inSubnet(String ip, String subnet, int version) {
            Subnet net = subnet(subnet);
            byte[] address = v4(ip);
            if (address == null) {
                address = v6(ip);
            }
            if (net == null || address == null) {
                return false;
            }
            if ((version == 4 && address.length != 4) || (version == 6 && address.length != 16)) {
                return false;
            }
            return net.contains(address);
        }
    }
}
