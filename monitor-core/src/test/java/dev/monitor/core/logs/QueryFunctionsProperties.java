package dev.monitor.core.logs;

import dev.monitor.core.logs.internal.LogJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monitor.core.syntax.ParseException;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The string and IP functions against their plain definitions, and the parser against garbage:
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CWL_QuerySyntax-operations-functions.html
 * ("strlen: the length of the string in Unicode code points"; substr's indexes count the same units).
 */
class QueryFunctionsProperties {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Text of any Unicode code points: ASCII, accents, CJK, emoji (surrogate pairs in UTF-16), spaces. */
    @Provide
    Arbitrary<String> text() {
        Arbitrary<Integer> codePoint = Arbitraries.oneOf(Arbitraries.integers().between(0x20, 0x7e),
                Arbitraries.of(0xe9, 0x4e2d, 0x1f355, 0x1f600, 0x10348, 0x20, 0x09, 0x3000, 0xa0, 0x2028));
        return codePoint.list().ofMaxSize(12).map(points -> {
            StringBuilder out = new StringBuilder();
            points.forEach(out::appendCodePoint);
            return out.toString();
        });
    }

    private static String value(String expression, String s) {
        String event;
        try {
            event = "\"s\":" + JSON.writeValueAsString(s);
        } catch (JsonProcessingException e) {
            throw new AssertionError(e);
        }
        Map<String, String> row = QueryFunctionsTest.run("fields " + expression + " as v", event).rows().get(0);
        return row.get("v");
    }

    @Property(tries = 500)
    void strlenIsTheNumberOfCodePoints(@ForAll("text") String s) {
        assertEquals(String.valueOf(s.codePointCount(0, s.length())), value("strlen(s)", s), s);
    }

    @Property(tries = 500)
    void substrCutsAtCodePoints(@ForAll("text") String s, @ForAll @IntRange(max = 14) int start,
                                @ForAll @IntRange(max = 14) int length) {
        int[] points = s.codePoints().toArray();
        int from = Math.min(start, points.length);
        int to = Math.min(points.length, from + length);
        String expected = new String(points, from, to - from);
        assertEquals(expected, value("substr(s, " + start + ", " + length + ")", s));
        assertEquals(new String(points, from, points.length - from), value("substr(s, " + start + ")", s));
    }

    @Property(tries = 300)
    void trimRemovesTheGivenCodePointsFromTheEndsOnly(@ForAll("text") String s) {
        int[] points = s.codePoints().toArray();
        if (points.length == 0) {
            return;
        }
        String chars = new String(points, 0, 1);
        int begin = 0;
        while (begin < points.length && points[begin] == points[0]) {
            begin++;
        }
        String expected = new String(points, begin, points.length - begin);
        String escaped = chars.replace("\\", "\\\\").replace("\"", "\\\"");
        assertEquals(expected, value("ltrim(s, \"" + escaped + "\")", s), s);
        String both = value("trim(s, \"" + escaped + "\")", s);
        assertTrue(expected.startsWith(both) || both.isEmpty(), both);
    }

    @Property(tries = 300)
    void aValidIpv4AddressIsInTheSubnetsThatShareItsPrefix(@ForAll @IntRange(max = 255) int a, @ForAll @IntRange(max = 255) int b,
                                                          @ForAll @IntRange(max = 255) int c, @ForAll @IntRange(max = 255) int d,
                                                          @ForAll @IntRange(max = 32) int prefix, @ForAll int other) {
        long ip = ((long) a << 24) | (b << 16) | (c << 8) | d;
        long net = other & 0xffffffffL;
        long mask = prefix == 0 ? 0 : (0xffffffffL << (32 - prefix)) & 0xffffffffL;
        String address = a + "." + b + "." + c + "." + d;
        String subnet = (net >> 24 & 255) + "." + (net >> 16 & 255) + "." + (net >> 8 & 255) + "." + (net & 255) + "/" + prefix;
        assertEquals("true", value("isValidIpV4(s)", address));
        assertEquals(String.valueOf((ip & mask) == (net & mask)), value("isIpv4InSubnet(s, \"" + subnet + "\")", address));
        String mapped = "::ffff:" + Integer.toHexString((a << 8) | b) + ":" + Integer.toHexString((c << 8) | d);
        assertEquals("true", value("isValidIpV6(s)", mapped));
        assertEquals("false", value("isValidIpV4(s)", mapped));
    }

    @Provide
    Arbitrary<String> garbage() {
        Arbitrary<String> tokens = Arbitraries.of("fields", "filter", "stats", "sort", "limit", "parse", "display", "dedup", "|",
                "a", "@message", "=", "!=", "<", "^", "%", "+", "-", "*", "/", "like", "=~", "/x+/", "\"s\"", "'t'", "(", ")",
                "count(*)", "by", "bin(5m)", "bin(1mo)", "and", "or", "not", "in", "[", "]", ",", "5", "2.5e3", "0", "#c\n",
                "`b c`", "as", "desc", "asc", "strlen(", "substr(", "datefloor(", "@timestamp", "1h", "10parsecs", "foo(",
                "isIpInSubnet(", "\"10.0.0.0/8\"", "jsonParse(", "coalesce(", "sortsFirst(", "pct(", "\u00e9", "\ud83c\udf55");
        Arbitrary<String> chars = Arbitraries.strings().ofMaxLength(3);
        return Arbitraries.oneOf(tokens, tokens, tokens, chars).list().ofMaxSize(16).map(parts -> String.join(" ", parts));
    }

    @Property(tries = 3000)
    void aGarbageQueryIsASyntaxErrorOrRunsWithoutThrowing(@ForAll("garbage") String text) {
        InsightsQuery query;
        try {
            query = InsightsQuery.parse(text);
        } catch (ParseException e) {
            assertTrue(e.line() >= 1 && e.column() >= 1, e.getMessage());
            return;
        }
        QueryEngine engine = new QueryEngine(query);
        long micros = 1_795_342_651_250_000L;
        for (String fields : List.of("\"a\":1,\"s\":\"x\"", "\"a\":\"text\"", "\"a\":null,\"b c\":[1,2]", "\"a\":-0.5")) {
            String line = "{\"timestamp\":\"" + LogJson.timestamp(micros) + "\"," + fields + "}";
            engine.accept(new EventRow(micros, "/g", "s", line, engine.fieldsRead()), line.length());
            micros += 1_000_000;
        }
        engine.result();
    }

    @Property(tries = 200)
    void nestingParsesWithinTheDepthLimitAndIsRefusedPastIt(@ForAll @IntRange(min = 1, max = 3000) int depth,
                                                           @ForAll boolean calls) {
        String open = calls ? "abs(" : "(";
        String text = "fields " + open.repeat(depth) + "-1" + ")".repeat(depth) + " as v";
        try {
            InsightsQuery.parse(text);
            assertTrue(depth < InsightsQuery.MAX_DEPTH, "parsed at depth " + depth);
            assertEquals(calls ? "1" : "-1", QueryFunctionsTest.run(text, "").rows().get(0).get("v"));
        } catch (ParseException e) {
            assertTrue(depth >= InsightsQuery.MAX_DEPTH - 1, "refused at depth " + depth + ": " + e.getMessage());
            assertTrue(e.getMessage().contains("the depth limit") || e.getMessage().contains("at most 10000 characters"),
                    e.getMessage());
        }
    }
}
