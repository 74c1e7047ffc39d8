package dev.monitor.core.syntax;

import static dev.monitor.core.syntax.ParseErrorAssertions.assertWellPlaced;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monitor.core.logs.FilterPattern;
import dev.monitor.core.logs.InsightsQuery;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/**
 * One error shape for every language: where, what was expected, what was found. The metric math and alarm rule cases
 * are in {@code alarms.AlarmParseErrorsTest}, the X-Ray ones in monitor-xray's {@code XRayParseErrorsTest} (their
 * parsers are not public).
 */
class ParseExceptionTest {


    @Test
    void aFilterPatternErrorNamesThePlaceWhatWasExpectedAndWhatWasFound() {
        ParseException e = assertThrows(ParseException.class, () -> FilterPattern.parse("{ $.a = }"));
        assertEquals(Language.FILTER_PATTERN, e.language());
        assertEquals("{ $.a = }", e.input());
        assertEquals(1, e.line());
        assertEquals(9, e.column());
        assertEquals(8, e.offset());
        assertEquals("a value", e.expected());
        assertEquals("'}'", e.found());
        assertEquals("", e.problem());
        assertEquals("filter pattern '{ $.a = }', line 1, column 9: expected a value but found '}'", e.getMessage());
        assertEquals("{ $.a = }\n        ^", e.render());
        assertWellPlaced(e, "{ $.a = }");
    }

    @Test
    void anInsightsQueryErrorNamesTheLineOfAMultiLineQuery() {
        String query = "fields a\n| filter b = ";
        ParseException e = assertThrows(ParseException.class, () -> InsightsQuery.parse(query));
        assertEquals(Language.INSIGHTS_QUERY, e.language());
        assertEquals(2, e.line());
        assertEquals(14, e.column());
        assertEquals(query.length(), e.offset());
        assertEquals("a field, a value or '('", e.expected());
        assertEquals("the end of the query", e.found());
        assertEquals("Logs Insights query 'fields a\\n| filter b = ', line 2, column 14: expected a field, a value or '(' "
                + "but found the end of the query", e.getMessage());
        assertEquals("| filter b = \n             ^", e.render());
        assertWellPlaced(e, query);
    }

    @Test
    void aRuleBeyondTheGrammarComesFirstAndKeepsExpectedAndFound() {
        ParseException e = assertThrows(ParseException.class, () -> FilterPattern.parse("{ $.latency > fast }"));
        assertEquals("'>' compares numbers; 'fast' is not a number", e.problem());
        assertEquals("a number", e.expected());
        assertEquals("'fast'", e.found());
        assertEquals(15, e.column());
        assertTrue(e.getMessage().endsWith("column 15: '>' compares numbers; 'fast' is not a number; expected a number but "
                + "found 'fast'"), e.getMessage());
    }

    @Test
    void foundIsTheWordOrCharacterAtTheOffsetWhenTheParserDoesNotSay() {
        assertEquals("'abc_1'", ParseException.of(Language.METRIC_MATH, "x + abc_1 y", 4, "a number", null).found());
        assertEquals("'+'", ParseException.of(Language.METRIC_MATH, "x + abc_1 y", 2, "a number", null).found());
        assertEquals("the end of the expression", ParseException.of(Language.METRIC_MATH, "x +", 3, "a number", null).found());
        assertEquals("the end of the document", ParseException.of(Language.SAMPLING_RULES, "", 0, "JSON", null).found());
        // Out-of-range offsets are clamped to the text.
        assertEquals(5, ParseException.of(Language.ALARM_RULE, "TRUE", 99, "AND", null).column());
        assertEquals(1, ParseException.of(Language.ALARM_RULE, "TRUE", -5, "AND", null).column());
    }

    @Test
    void aLongInputIsQuotedByItsStartAndShownAroundTheColumn() {
        String text = "a".repeat(500) + " ) " + "b".repeat(500);
        ParseException e = ParseException.of(Language.FILTER_EXPRESSION, text, 501, "AND, OR or the end of the expression", null);
        assertTrue(e.getMessage().startsWith("X-Ray filter expression '" + "a".repeat(60) + "...', line 1, column 502: "),
                e.getMessage());
        assertTrue(e.getMessage().length() < 200, e.getMessage());
        assertEquals(text, e.input(), "the whole text is kept");
        String[] lines = e.render().split("\n");
        assertTrue(lines[0].startsWith("...") && lines[0].endsWith("..."), lines[0]);
        assertTrue(lines[0].length() <= 106, lines[0]);
        assertEquals(')', lines[0].charAt(lines[1].length() - 1), "the caret is under the ')': " + e.render());
    }

    @Test
    void theCaretLinesUpUnderTabs() {
        ParseException e = ParseException.of(Language.INSIGHTS_QUERY, "fields a\n\t| bogus", 12, "a command", null);
        assertEquals(2, e.line());
        assertEquals(4, e.column());
        assertEquals("\t| bogus\n\t  ^", e.render());
        assertEquals("'bogus'", e.found());
    }

    @Test
    void everyLanguageNamesItselfAndItsEnd() {
        for (Language language : Language.values()) {
            assertTrue(language.endOfInput().startsWith("the end of the "), language.endOfInput());
            ParseException e = ParseException.of(language, "", 0, "something", null);
            assertEquals(language.humanName() + " '', line 1, column 1: expected something but found " + language.endOfInput(),
                    e.getMessage());
            assertTrue(e instanceof IllegalArgumentException, "callers that catch IllegalArgumentException keep working");
        }
    }

    @Provide
    Arbitrary<String> filterPatternNoise() {
        return Arbitraries.of("{", "}", "[", "]", "(", ")", "$", ".", "a", "$.a", "=", "!=", ">", "<=", "&&", "||", "\"", "\"x\"",
                "%", "%a%", "1", "-", "?", "...", ",", " ", "\n", "\t", "IS NULL", "NOT EXISTS", "*", "é")
                .list().ofMaxSize(20).map(parts -> String.join("", parts));
    }

    @Property(tries = 2000)
    void anyFilterPatternParsesOrFailsWellPlaced(@ForAll("filterPatternNoise") String text) {
        try {
            FilterPattern.parse(text);
        } catch (ParseException e) {
            assertEquals(Language.FILTER_PATTERN, e.language());
            assertWellPlaced(e, text);
        }
    }

    @Property(tries = 1000)
    void anyUnicodeFilterPatternParsesOrFailsWellPlaced(@ForAll @StringLength(max = 60) String text) {
        try {
            FilterPattern.parse(text);
        } catch (ParseException e) {
            assertWellPlaced(e, text);
        }
    }

    @Provide
    Arbitrary<String> queryNoise() {
        return Arbitraries.of("fields", "filter", "stats", "sort", "limit", "parse", "dedup", "display", " ", "\n", "|", "a", "@message",
                "=", "like", "in", "not", "and", "(", ")", "[", "]", ",", "\"", "\"x\"", "/", "/a/", "count(*)", "strlen(", "bin(5m)",
                "by", "as", "1", "20000", "*", "`", "~", "desc")
                .list().ofMaxSize(20).map(parts -> String.join(" ", parts));
    }

    @Property(tries = 2000)
    void anyInsightsQueryParsesOrFailsWellPlaced(@ForAll("queryNoise") String text) {
        try {
            InsightsQuery.parse(text);
        } catch (ParseException e) {
            assertEquals(Language.INSIGHTS_QUERY, e.language());
            assertWellPlaced(e, text);
        }
    }

    @Property(tries = 1000)
    void anyUnicodeInsightsQueryParsesOrFailsWellPlaced(@ForAll @StringLength(max = 60) String text) {
        try {
            InsightsQuery.parse(text);
        } catch (ParseException e) {
            assertWellPlaced(e, text);
        }
    }
}
