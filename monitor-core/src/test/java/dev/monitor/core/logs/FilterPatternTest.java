package dev.monitor.core.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monitor.core.syntax.ParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The examples of the CloudWatch Logs User Guide, "Filter and pattern syntax" (sections "Matching
 * terms in log events", "OR pattern matching", "Matching terms in JSON log events" and "Using
 * metric filters to extract values from space-delimited log events").
 */
class FilterPatternTest {

    private static List<Boolean> match(String pattern, String... events) {
        FilterPattern parsed = FilterPattern.parse(pattern);
        return java.util.Arrays.stream(events).map(parsed::matches).toList();
    }

    @Test
    void termExamples() {
        // Example 1: match everything.
        assertEquals(List.of(true, true), match("", "anything", ""));
        assertEquals(List.of(true), match("\" \"", "anything"));
        // Example 2: a single term, case-sensitive, also inside a word.
        assertEquals(List.of(true, true, false), match("ERROR", "[ERROR] A fatal exception has occurred",
                "Exiting with ERRORCODE: -1", "[error] lower case"));
        // Example 3: include a term and exclude a term.
        assertEquals(List.of(true, false), match("\"ERROR\" -\"Exiting\"", "[ERROR] A fatal exception has occurred",
                "Exiting with ERRORCODE: -1"));
        // Example 4: every term must appear.
        assertEquals(List.of(true, true, false), match("ERROR Exception", "[ERROR] Caught IllegalArgumentException",
                "[ERROR] Unhandled Exception", "[ERROR] Nothing else"));
        assertEquals(List.of(true, true), match("Failed to process the request", "[WARN] Failed to process the request",
                "[ERROR] Unable to continue: Failed to process the request"));
    }

    @Test
    void orPatternExamples() {
        String[] events = {"ERROR WARN message", "ERROR message", "WARN message"};
        assertEquals(List.of(true, true, false), match("ERROR", events));
        assertEquals(List.of(true, true, true), match("?ERROR ?WARN", events));
        assertEquals(List.of(true, false, false), match("ERROR WARN", events));
        assertEquals(List.of(false, true, false), match("ERROR -WARN", events));
        assertEquals(List.of(false, true, false), match("[w1=ERROR, w2]", events));
        assertEquals(List.of(false, true, true), match("[w1=ERROR || w1=WARN, w2]", events));
        assertEquals(List.of(true, false, false), match("[w1!=ERROR&&w1!=WARN, w2]", "ERROR WARN message".replace("ERROR WARN", "INFO"),
                "ERROR message", "WARN message"));
        assertEquals(List.of(true, false), match("{$.foo = bar}", "{\"foo\": \"bar\"}", "{\"foo\": \"baz\"}"));
        assertEquals(List.of(true, true), match("{$.foo = bar || $.foo = baz }", "{\"foo\": \"bar\"}", "{\"foo\": \"baz\"}"));
    }

    private static final String TRAIL = """
            {"eventType": "UpdateTrail", "sourceIPAddress": "111.111.111.111", "arrayKey": ["value", "another value"],
             "objectList": [{"name": "a", "id": 1}, {"name": "b", "id": 2}], "SomeObject": null, "ThisFlag": true}""";

    private static final String USERS = """
            {"user": {"id": 1, "email": "John.Stiles@example.com"},
             "users": [{"id": 2, "email": "John.Doe@example.com"}, {"id": 3, "email": "Jane.Doe@example.com"}],
             "actions": ["GET", "PUT", "DELETE"], "coordinates": [[0, 1, 2], [4, 5, 6], [7, 8, 9]]}""";

    @Test
    void jsonExamples() {
        for (String pattern : List.of("{ $.eventType = \"UpdateTrail\" }", "{ $.sourceIPAddress != 123.123.* }",
                "{ $.arrayKey[0] = \"value\" }", "{ $.objectList[1].id = 2 }", "{ $.SomeObject IS NULL }",
                "{ $.SomeOtherObject NOT EXISTS }", "{ $.ThisFlag IS TRUE }", "{ $.eventType = Update* }",
                "{ $.eventType = *Trail }", "{ $.eventType = %Up.*Tr% }")) {
            assertTrue(FilterPattern.parse(pattern).matches(TRAIL), pattern);
        }
        assertFalse(FilterPattern.parse("{ $.ThisFlag IS FALSE }").matches(TRAIL));
        assertFalse(FilterPattern.parse("{ $.arrayKey = \"value\" }").matches(TRAIL), "an array is not a value");
        assertTrue(FilterPattern.parse("{ ($.user.id = 1) && ($.users[0].email = \"John.Doe@example.com\") }").matches(USERS));
        assertFalse(FilterPattern.parse("{ ($.user.id = 2 && $.users[0].email = \"nonmatch\") || $.actions[2] = \"GET\" }").matches(USERS));
        assertTrue(FilterPattern.parse("{ $.user.email = \"John.Stiles@example.com\" || $.coordinates[0][1] = nonmatch && $.actions[2] = nomatch }").matches(USERS));
        assertFalse(FilterPattern.parse("{ ($.user.email = \"John.Stiles@example.com\" || $.coordinates[0][1] = nonmatch) && $.actions[2] = nomatch }").matches(USERS));
        assertFalse(FilterPattern.parse("{$.users = 1}").matches("{\"users\": [1, 2, 3]}"));
        assertFalse(FilterPattern.parse("{$.users != 1}").matches("{\"users\": [1, 2, 3]}"));
    }

    @Test
    void numericExamples() {
        String event = "{\"latency\": 500, \"numbers\": [5, 0.001], \"processes\": [0, 1, 2, 3, {\"averageRuntime\": 55.5}], \"errorCode\": 400}";
        for (String pattern : List.of("{ $.latency >= 500 }", "{ $.numbers[0] < 10e3 }", "{ $.numbers[1] < 10e-3 }",
                "{ $.processes[4].averageRuntime <= 55.5 }", "{ $.errorCode = 400 }", "{ $.errorCode != 500 }",
                "{ $.latency > +100 }")) {
            assertTrue(FilterPattern.parse(pattern).matches(event), pattern);
        }
        assertFalse(FilterPattern.parse("{ $.latency > 500 }").matches(event));
    }

    private static final List<String> APACHE = List.of(
            "127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] \"GET /apache_pb.gif HTTP/1.0\" 200 1534",
            "127.0.0.1 - frank [10/Oct/2000:13:35:22 -0700] \"GET /apache_pb.gif HTTP/1.0\" 500 5324",
            "127.0.0.1 - frank [10/Oct/2000:13:50:35 -0700] \"GET /apache_pb.gif HTTP/1.0\" 200 4355");

    @Test
    void spaceDelimitedExamples() {
        assertEquals(List.of(true, true, true), match("[ip, user, username, timestamp, request, status_code, bytes]", APACHE.toArray(String[]::new)));
        assertEquals(List.of(true, true, true), match("[..., status_code, bytes]", APACHE.toArray(String[]::new)));
        assertEquals(List.of(true, true, true), match("[ip, user, ..., status_code, bytes]", APACHE.toArray(String[]::new)));
        assertEquals(List.of(true, true, true), match("[ip, user, ...]", APACHE.toArray(String[]::new)));
        assertEquals(List.of(true, true, true), match("[ip, user, username, timestamp, request, status_code, bytes > 1000]", APACHE.toArray(String[]::new)));
        assertEquals(List.of(true, false, true), match("[ip, user, username, timestamp, request, status_code = 200, bytes]", APACHE.toArray(String[]::new)));
        assertEquals(List.of(false, true, false), match("[ip, user, username, timestamp, request, status_code = 5*, bytes]", APACHE.toArray(String[]::new)));
        assertEquals(List.of(true, true, true), match("[ip, user, username, timestamp, request = *gif*, status_code, bytes]", APACHE.toArray(String[]::new)));
        assertEquals(List.of(false, true, true), match("[ip, user, username, timestamp, request, status_code = 2* && bytes > 4000 || status_code = 500, bytes]", APACHE.toArray(String[]::new)));
        assertEquals(List.of(false, false, false), match("[ip, user, username, timestamp, request, status_code = 403 || status_code = 404, bytes]", APACHE.toArray(String[]::new)));
    }

    @Test
    void extractedValuesAsTheGuideShowsThem() {
        Map<String, String> extracted = FilterPattern.parse("[..., request=*.html*, status_code=4*,]")
                .extract("127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] \"GET /products/index.html HTTP/1.0\" 404 1534");
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("$1", "127.0.0.1");
        expected.put("$2", "-");
        expected.put("$3", "frank");
        expected.put("$4", "10/Oct/2000:13:25:15 -0700");
        expected.put("$request", "GET /products/index.html HTTP/1.0");
        expected.put("$status_code", "404");
        expected.put("$7", "1534");
        assertEquals(expected, extracted);
    }

    @Test
    void regexTerms() {
        assertEquals(List.of(true, true, false), match("%ERROR|WARN%", "ERROR one", "a WARN", "INFO"));
        assertEquals(List.of(true, false), match("%code=[45]\\d\\d% -retry", "code=503", "code=503 retry"));
    }

    @Test
    void invalidPatternsNameThePositionAndTheReason() {
        ParseException e = assertThrows(ParseException.class, () -> FilterPattern.parse("{ $.level = \"ERROR\" "));
        assertTrue(e.getMessage().contains("expected '&&', '||' or '}'"), e.getMessage());
        e = assertThrows(ParseException.class, () -> FilterPattern.parse("{ level = 1 }"));
        assertEquals(3, e.column());
        e = assertThrows(ParseException.class, () -> FilterPattern.parse("{ $.latency > fast }"));
        assertTrue(e.getMessage().contains("'fast' is not a number"), e.getMessage());
        e = assertThrows(ParseException.class, () -> FilterPattern.parse("[ip, user"));
        assertTrue(e.getMessage().contains("expected ',' or ']'"), e.getMessage());
        e = assertThrows(ParseException.class, () -> FilterPattern.parse("ERROR: failed"));
        assertTrue(e.getMessage().contains("must be inside double quotes"), e.getMessage());
        e = assertThrows(ParseException.class, () -> FilterPattern.parse("%[unclosed%"));
        assertTrue(e.getMessage().contains("is not a regular expression"), e.getMessage());
        e = assertThrows(ParseException.class, () -> FilterPattern.parse("\"open"));
        assertEquals(1, e.column());
    }

    @Test
    void deepNestingIsRefusedByTheDepthLimitNotAStackOverflow() {
        // https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html
        ParseException e = assertThrows(ParseException.class,
                () -> FilterPattern.parse("{ " + "(".repeat(20_000) + "$.a = 1" + ")".repeat(20_000) + " }"));
        assertTrue(e.getMessage().contains("parentheses nest at most 100 levels deep (the depth limit)"), e.getMessage());
        assertEquals(103, e.column());
        assertTrue(e.getMessage().length() < 300, "the message quotes the start of the pattern, not all of it");
        e = assertThrows(ParseException.class, () -> FilterPattern.parse("{ " + "(".repeat(101) + "$.a = 1"
                + ")".repeat(101) + " }"));
        assertTrue(e.getMessage().contains("(the depth limit)"), e.getMessage());
        FilterPattern nested = FilterPattern.parse("{ " + "(".repeat(100) + "$.a = 1" + ")".repeat(100) + " }");
        assertTrue(nested.matches("{\"a\": 1}"));
        // Filter patterns have no 'not' keyword: 5,000 of them are terms, refused for the pattern's length.
        e = assertThrows(ParseException.class, () -> FilterPattern.parse("not ".repeat(5_000) + "x"));
        assertTrue(e.getMessage().contains("a filter pattern has at most 1024 characters"), e.getMessage());
    }
}
