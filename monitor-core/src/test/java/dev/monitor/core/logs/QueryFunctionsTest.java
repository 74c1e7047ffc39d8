package dev.monitor.core.logs;

import dev.monitor.core.logs.internal.LogJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monitor.core.syntax.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every function and operator of Logs Insights' "operations and functions" page, with the page's
 * own examples where it gives them:
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CWL_QuerySyntax-operations-functions.html
 * (stats functions: https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CWL_QuerySyntax-Stats.html).
 */
class QueryFunctionsTest {
    /** 2026-11-22T10:17:31.250Z */
    private static final long MICROS = 1_795_342_651_250_000L;

    /** Runs {@code query} over one event per JSON object, a second apart from {@link #MICROS}. */
    static QueryResult run(String query, String... events) {
        QueryEngine engine = new QueryEngine(InsightsQuery.parse(query));
        long micros = MICROS;
        for (String fields : events) {
            String line = "{\"timestamp\":\"" + LogJson.timestamp(micros) + "\"" + (fields.isEmpty() ? "" : "," + fields) + "}";
            engine.accept(new EventRow(micros, "/g", "s", line, engine.fieldsRead()), line.length() + 1);
            micros += 1_000_000;
        }
        return engine.result();
    }

    /** The value of the one computed column {@code v} for one event with {@code fields}. */
    private static String value(String expression, String fields) {
        return run("fields " + expression + " as v", fields).rows().get(0).get("v");
    }

    private static String value(String expression) {
        return value(expression, "\"s\":\"café 🍕\",\"n\":-2.5,\"ip\":\"192.0.2.44\",\"ip6\":\"2001:db8::7\"");
    }

    @Test
    void strlenCountsUnicodeCodePointsNotUtf16Units() {
        assertEquals("6", value("strlen(s)"));
        assertEquals("6", value("strlen(\"café 🍕\")"));
        assertEquals("0", value("strlen(\"\")"));
    }

    @Test
    void substrTakesAStartAndAnOptionalLengthInCodePoints() {
        // The page's example: substr("xyZfooxyZ", 3, 3) returns "foo".
        assertEquals("foo", value("substr(\"xyZfooxyZ\", 3, 3)"));
        assertEquals("fooxyZ", value("substr(\"xyZfooxyZ\", 3)"));
        assertEquals("🍕", value("substr(s, 5)"));
        assertEquals(" 🍕", value("substr(s, 4, 2)"));
        assertEquals("🍕x", value("substr(\"a🍕x\", 1, 2)"));
        assertEquals("", value("substr(s, 99)"));
        assertEquals("café 🍕", value("substr(s, 0, 99)"));
    }

    @Test
    void replaceTrimAndCase() {
        assertEquals("f00", value("replace(\"foo\", \"o\", \"0\")"));
        assertEquals("🍕", value("replace(\"🍕\", \"\", \"x\")"), "an empty search string changes nothing");
        assertEquals("fooxyZ", value("ltrim(\"xyZfooxyZ\", \"xyZ\")"));
        assertEquals("xyZfoo", value("rtrim(\"xyZfooxyZ\", \"xyZ\")"));
        assertEquals("foo", value("trim(\"xyZfooxyZ\", \"xyZ\")"));
        assertEquals("a b", value("trim(\"  a b \t\")"));
        assertEquals("a ", value("ltrim(\" a \")"));
        assertEquals(" a", value("rtrim(\" a \")"));
        assertEquals("café", value("trim(\"🍕café🍕\", \"🍕\")"));
        assertEquals("CAFÉ 🍕", value("toupper(s)"));
        assertEquals("café 🍕", value("tolower(\"CAFÉ 🍕\")"));
        assertEquals("café 🍕!-2.5", value("concat(s, \"!\", n)"));
        assertEquals("1", value("strcontains(s, \"é 🍕\")"));
        assertEquals("0", value("strcontains(s, \"E\")"));
    }

    @Test
    void emptinessPresenceAndCoalesce() {
        assertEquals(List.of(0, 1, 2, 3), rowsWhere("isempty(missing)"));
        assertEquals(List.of(0), rowsWhere("ispresent(s) and not isempty(s) and not isblank(s)"));
        assertEquals(List.of(1, 2), rowsWhere("isempty(e)"));
        assertEquals(List.of(1, 2, 3), rowsWhere("isblank(e)"));
        assertEquals("café 🍕", value("coalesce(missing, s, n)"));
        assertNull(value("coalesce(missing, alsoMissing)"));
    }

    private static List<Integer> rowsWhere(String condition) {
        QueryResult result = run("fields i | filter " + condition + " | sort i",
                "\"i\":0,\"s\":\"x\",\"e\":\"y\"", "\"i\":1", "\"i\":2,\"e\":\"\"", "\"i\":3,\"e\":\" \\t\"");
        List<Integer> out = new ArrayList<>();
        result.rows().forEach(r -> out.add(Integer.parseInt(r.get("i"))));
        return out;
    }

    @Test
    void numericOperationsAndArithmetic() {
        assertEquals("2.5", value("abs(n)"));
        assertEquals("-2", value("ceil(n)"));
        assertEquals("-3", value("floor(n)"));
        assertEquals("7", value("greatest(n, 7, 3)"));
        assertEquals("-2.5", value("least(n, 7, 3)"));
        assertEquals("1", value("log(2.718281828459045)"));
        assertEquals("3", value("sqrt(9)"));
        assertEquals("8", value("pow(2, 3)"));
        // The page's examples: 2 ^ 3 returns 8 and 10 % 3 returns 1.
        assertEquals("8", value("2 ^ 3"));
        assertEquals("1", value("10 % 3"));
        assertEquals("512", value("2 ^ 3 ^ 2"));
        assertEquals("-7", value("1 - 2 * 4"));
        assertEquals("2.5", value("5 / 2"));
        assertNull(value("sqrt(n)"), "the square root of a negative number is no value");
        assertNull(value("1 / 0"));
    }

    @Test
    void datetimeFunctions() {
        assertEquals("2026-11-22 10:00:00.000", value("datefloor(@timestamp, 1h)", ""));
        assertEquals("2026-11-22 11:00:00.000", value("dateceil(@timestamp, 1h)", ""));
        assertEquals("2026-11-22 10:15:00.000", value("bin(5m)", ""));
        assertEquals("2026-11-22 10:17:31.000", value("bin(1sec)", ""));
        assertEquals("2026-11-22 00:00:00.000", value("datefloor(@timestamp, 1d)", ""));
        assertEquals("2026-11-16 00:00:00.000", value("datefloor(@timestamp, 1w)", ""), "weeks start on Monday");
        assertEquals("2026-11-01 00:00:00.000", value("datefloor(@timestamp, 1mo)", ""));
        assertEquals("2026-10-01 00:00:00.000", value("datefloor(@timestamp, 1q)", ""));
        assertEquals("2027-01-01 00:00:00.000", value("dateceil(@timestamp, 1y)", ""));
        assertEquals("2026-11-22 10:17:31.250", value("dateceil(@timestamp, 10ms)", ""), "an aligned time stays");
        // The page's example: toMillis converts 2022-01-14T13:18:31.000-08:00 to 1642195111000.
        assertEquals("1642195111000", value("toMillis(t)", "\"t\":\"2022-01-14T21:18:31Z\""));
        assertEquals("2022-01-14 21:18:31.000", value("fromMillis(1642195111000)", ""));
        assertEquals("1795342651250", value("toMillis(@timestamp)", ""));
        assertEquals("1795342651250", value("toMillis(fromMillis(toMillis(@timestamp)))", ""));
    }

    @Test
    void ipAddressFunctions() {
        assertEquals("true", value("isValidIp(ip)"));
        assertEquals("true", value("isValidIpV4(ip)"));
        assertEquals("false", value("isValidIpV6(ip)"));
        assertEquals("true", value("isValidIpV6(ip6)"));
        assertEquals("true", value("isValidIp(ip6)"));
        assertEquals("false", value("isValidIp(s)"));
        assertEquals("false", value("isValidIpV4(\"256.1.1.1\")"));
        assertEquals("false", value("isValidIpV4(\"1.2.3\")"));
        assertEquals("true", value("isValidIpV6(\"::ffff:192.0.2.1\")"));
        assertEquals("false", value("isValidIpV6(\"1::2::3\")"));
        assertEquals("true", value("isIpInSubnet(ip, \"192.0.2.0/24\")"));
        assertEquals("false", value("isIpInSubnet(ip, \"192.0.3.0/24\")"));
        assertEquals("true", value("isIpv4InSubnet(ip, \"192.0.2.32/27\")"));
        assertEquals("false", value("isIpv4InSubnet(ip6, \"192.0.2.0/24\")"));
        assertEquals("true", value("isIpv6InSubnet(ip6, \"2001:db8::/32\")"));
        assertEquals("true", value("isIpInSubnet(ip6, \"2001:db8::/32\")"));
        assertEquals("false", value("isIpv6InSubnet(ip, \"2001:db8::/32\")"));
        ParseException e = assertThrows(ParseException.class,
                () -> InsightsQuery.parse("filter isIpInSubnet(ip, \"192.0.2.0/33\")"));
        assertTrue(e.getMessage().contains("'192.0.2.0/33' is not a subnet in CIDR notation"), e.getMessage());
    }

    @Test
    void jsonParseMakesAMapReadWithDotsAndJsonStringifyWritesIt() {
        String event = "\"body\":\"{\\\"user\\\":{\\\"id\\\":7,\\\"tags\\\":[\\\"a\\\",\\\"b\\\"]}}\"";
        QueryResult result = run("fields jsonParse(body) as json | fields json.user.id as id, json.user.tags.1 as tag, "
                + "jsonStringify(json.user) as user", event);
        Map<String, String> row = result.rows().get(0);
        assertEquals("7", row.get("id"));
        assertEquals("b", row.get("tag"));
        assertEquals("{\"id\":7,\"tags\":[\"a\",\"b\"]}", row.get("user"));
        assertEquals("abc", value("unmask(\"abc\")", ""));
    }

    @Test
    void functionNamesAreReadInAnyCase() {
        assertEquals("6", value("STRLEN(s)"));
        assertEquals("true", value("isvalidipv4(ip)"));
    }

    @Test
    void anUnknownFunctionIsASyntaxErrorNamingIt() {
        ParseException e = assertThrows(ParseException.class, () -> InsightsQuery.parse("fields foo(a)"));
        assertTrue(e.getMessage().contains("unknown function 'foo'"), e.getMessage());
        assertFalse(e.getMessage().contains("expected a field"), e.getMessage());
        assertEquals(8, e.column());
        e = assertThrows(ParseException.class, () -> InsightsQuery.parse("filter strln(@message) > 3"));
        assertTrue(e.getMessage().contains("unknown function 'strln'"), e.getMessage());
        e = assertThrows(ParseException.class, () -> InsightsQuery.parse("stats median(x)"));
        assertTrue(e.getMessage().contains("unknown function 'median'; expected an aggregate function"), e.getMessage());
        e = assertThrows(ParseException.class, () -> InsightsQuery.parse("stats strlen(x)"));
        assertTrue(e.getMessage().contains("'strlen' is not an aggregate function"), e.getMessage());
        e = assertThrows(ParseException.class, () -> InsightsQuery.parse("fields count(x)"));
        assertTrue(e.getMessage().contains("'count' is an aggregate function, which belongs in stats"), e.getMessage());
    }

    @Test
    void aWrongNumberOfArgumentsIsASyntaxErrorSayingHowItIsCalled() {
        ParseException e = assertThrows(ParseException.class, () -> InsightsQuery.parse("fields substr(a)"));
        assertTrue(e.getMessage().contains("substr takes 2 to 3 arguments, not 1; expected substr(string, start) or "
                + "substr(string, start, length)"), e.getMessage());
        e = assertThrows(ParseException.class, () -> InsightsQuery.parse("fields datefloor(@timestamp, 5)"));
        assertTrue(e.getMessage().contains("expected datefloor(timestamp, period)"), e.getMessage());
        e = assertThrows(ParseException.class, () -> InsightsQuery.parse("stats count(*) by bin(5parsecs)"));
        assertTrue(e.getMessage().contains("unknown time unit 'parsecs'"), e.getMessage());
    }

    @Test
    void statsSortsFirstSortsLastAndASecondStats() {
        QueryResult result = run("stats sortsFirst(name) as first, sortsLast(name) as last, count(*) as n by g | sort g",
                "\"g\":\"a\",\"name\":\"kiwi\"", "\"g\":\"a\",\"name\":\"apple\"", "\"g\":\"b\",\"name\":\"fig\"",
                "\"g\":\"a\",\"name\":\"pear\"");
        assertEquals(List.of("apple", "fig"), result.rows().stream().map(r -> r.get("first")).toList());
        assertEquals(List.of("pear", "fig"), result.rows().stream().map(r -> r.get("last")).toList());
        // https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CWL_QuerySyntax-Stats.html: a second stats
        // aggregates what the first returned.
        QueryResult twice = run("stats count(*) as n by g | stats avg(n) as mean, max(n) as most",
                "\"g\":\"a\"", "\"g\":\"a\"", "\"g\":\"a\"", "\"g\":\"b\"");
        assertEquals(List.of(Map.of("mean", "2", "most", "3")), twice.rows());
    }

    @Test
    void minAndMaxKeepTheValuesKind() {
        // min and max return "the log field value": a timestamp stays a timestamp, a string a string.
        QueryResult result = run("stats max(@timestamp) as last, min(@timestamp) as first, min(name) as name, max(n) as n",
                "\"name\":\"kiwi\",\"n\":9", "\"name\":\"apple\",\"n\":10", "\"name\":\"pear\"");
        assertEquals(Map.of("last", "2026-11-22 10:17:33.250", "first", "2026-11-22 10:17:31.250", "name", "apple", "n", "10"),
                result.rows().get(0));
    }

    @Test
    void likeRegexInAndNot() {
        String[] events = {"\"i\":0,\"s\":\"Exception here\"", "\"i\":1,\"s\":\"all fine\"", "\"i\":2,\"s\":\"an exception\""};
        assertEquals(2, run("filter s like /(?i)exception/", events).rows().size());
        assertEquals(1, run("filter s =~ /Exception/", events).rows().size());
        assertEquals(1, run("filter s like \"Exception\"", events).rows().size());
        assertEquals(2, run("filter s not like \"fine\"", events).rows().size());
        assertEquals(2, run("filter i in [0, 2]", events).rows().size());
        assertEquals(1, run("filter i not in [0, 2]", events).rows().size());
        assertEquals(2, run("filter not (i = 1)", events).rows().size());
        assertEquals(1, run("filter i >= 1 and i <= 1 or i > 5", events).rows().size());
        assertEquals(2, run("filter i != 1", events).rows().size());
    }
}
