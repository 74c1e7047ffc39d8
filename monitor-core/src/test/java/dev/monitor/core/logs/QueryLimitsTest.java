package dev.monitor.core.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monitor.core.syntax.ParseException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a query may ask for and what it returns at most: depth, length, limit and dedup's rules. */
class QueryLimitsTest {

    private static ParseException refused(String query) {
        return assertThrows(ParseException.class, () -> InsightsQuery.parse(query));
    }

    @Test
    void twentyThousandParenthesesAreRefusedByTheDepthLimitNotAStackOverflow() {
        ParseException e = refused("filter " + "(".repeat(20_000) + "a = 1" + ")".repeat(20_000));
        assertTrue(e.getMessage().contains("expressions nest at most 100 levels deep (the depth limit)"), e.getMessage());
        assertEquals(108, e.column(), "the parenthesis past the limit");
        e = refused("fields " + "abs(".repeat(5_000) + "1" + ")".repeat(5_000));
        assertTrue(e.getMessage().contains("(the depth limit)"), e.getMessage());
    }

    @Test
    void fiveThousandNotsAreRefusedByTheDepthLimit() {
        ParseException e = refused("filter " + "not ".repeat(5_000) + "a = 1");
        assertTrue(e.getMessage().contains("(the depth limit)"), e.getMessage());
        e = refused("filter " + "- ".repeat(5_000) + "a = 1");
        assertTrue(e.getMessage().contains("(the depth limit)"), e.getMessage());
    }

    @Test
    void longChainsOfOperatorsAreRefusedByTheDepthLimitInsteadOfOverflowingWhenEvaluated() {
        ParseException e = refused("fields " + "a + ".repeat(2_000) + "a as total");
        assertTrue(e.getMessage().contains("an expression is at most 1000 operators deep (the depth limit)"), e.getMessage());
        e = refused("filter " + "a = 1 or ".repeat(2_000) + "a = 2");
        assertTrue(e.getMessage().contains("(the depth limit)"), e.getMessage());
        // 500 alternatives are within it, and evaluate.
        String[] events = {"\"a\":499", "\"a\":500"};
        assertEquals(1, QueryFunctionsTest.run("filter " + "a = 1 or ".repeat(499) + "a = 499", events).rows().size());
        // Within the limit, deep nesting parses and evaluates.
        String nested = "(".repeat(40) + "1 + 2" + ")".repeat(40);
        assertEquals("3", QueryFunctionsTest.run("fields " + nested + " as v", "").rows().get(0).get("v"));
        assertEquals("1", QueryFunctionsTest.run("fields " + "abs(".repeat(60) + "-1" + ")".repeat(60) + " as v", "")
                .rows().get(0).get("v"));
    }

    @Test
    void aQueryOfMoreThanTenThousandCharactersIsRefusedForItsLength() {
        ParseException e = refused("filter a = \"" + "x".repeat(10_000) + "\"");
        assertTrue(e.getMessage().contains("a query has at most 10000 characters"), e.getMessage());
        InsightsQuery.parse("filter a = \"" + "x".repeat(9_980) + "\"");
        e = refused("(".repeat(2_000_000));
        assertTrue(e.getMessage().contains("a query has at most 10000 characters"), "a huge text is not read: " + e.getMessage());
    }

    @Test
    void withoutLimitAQueryReturnsUpToTenThousandRows() {
        // https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CWL_QuerySyntax-Limit.html
        String[] events = new String[12_000];
        for (int i = 0; i < events.length; i++) {
            events[i] = "\"i\":" + i;
        }
        assertEquals(10_000, QueryFunctionsTest.run("fields i", events).rows().size());
        assertEquals(10_000, QueryFunctionsTest.run("stats count(*) by i", events).rows().size());
        assertEquals(12_000, QueryFunctionsTest.run("fields i", events).matched());
        assertEquals(25, QueryFunctionsTest.run("fields i | limit 25", events).rows().size());
        assertTrue(refused("limit 10001").getMessage().contains("from 1 to 10000"));
    }

    @Test
    void dedupKeepsEveryRowWhoseFieldIsNull() {
        // https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CWL_QuerySyntax-Dedup.html: null values are
        // not duplicates; events with a null value in any dedup field are kept.
        QueryResult result = QueryFunctionsTest.run("fields i, server, port | sort i asc | dedup server, port",
                "\"i\":0,\"server\":\"a\",\"port\":1", "\"i\":1,\"server\":\"a\",\"port\":1", "\"i\":2,\"server\":\"a\"",
                "\"i\":3,\"server\":\"a\"", "\"i\":4", "\"i\":5", "\"i\":6,\"server\":\"a\",\"port\":2");
        List<String> kept = new ArrayList<>();
        result.rows().forEach(r -> kept.add(r.get("i")));
        assertEquals(List.of("0", "2", "3", "4", "5", "6"), kept);
    }

    @Test
    void onlyLimitMayFollowDedup() {
        ParseException e = refused("fields a | dedup a | sort a");
        assertTrue(e.getMessage().contains("only limit may follow dedup (the dedup rule)"), e.getMessage());
        assertEquals(22, e.column());
        e = refused("dedup a | limit 5 | fields b");
        assertTrue(e.getMessage().contains("only limit may follow dedup"), e.getMessage());
        assertEquals(2, QueryFunctionsTest.run("fields a | dedup a | limit 2", "\"a\":1", "\"a\":2", "\"a\":3").rows().size());
    }

    @Test
    void aSortedLimitedScanHoldsOnlyTheRowsItCanReturn() {
        for (String query : List.of("fields i | sort i desc | limit 5", "fields i | filter i >= 0 | limit 5", "fields i | sort i desc | limit 5 "
                + "| display i")) {
            QueryEngine engine = new QueryEngine(InsightsQuery.parse(query));
            for (int i = 0; i < 20_000; i++) {
                String line = "{\"timestamp\":\"2026-11-22T10:00:00.000000Z\",\"i\":" + (i * 7919 % 20_000) + "}";
                engine.accept(new EventRow(0, "/g", "s", line, engine.fieldsRead()), line.length());
                assertTrue(engine.rowsHeld() <= 5, query);
            }
            List<String> rows = engine.result().rows().stream().map(r -> r.get("i")).toList();
            assertEquals(query.contains("sort") ? List.of("19999", "19998", "19997", "19996", "19995")
                    : List.of("0", "7919", "15838", "3757", "11676"), rows, query);
        }
        QueryEngine unlimited = new QueryEngine(InsightsQuery.parse("fields i | sort i"));
        for (int i = 0; i < 20_000; i++) {
            String line = "{\"timestamp\":\"2026-11-22T10:00:00.000000Z\",\"i\":" + i + "}";
            unlimited.accept(new EventRow(0, "/g", "s", line, unlimited.fieldsRead()), line.length());
        }
        assertEquals(10_000, unlimited.rowsHeld(), "without limit, the 10,000 rows a query returns at most");
        assertEquals("9999", unlimited.result().rows().get(9_999).get("i"));
    }
}
