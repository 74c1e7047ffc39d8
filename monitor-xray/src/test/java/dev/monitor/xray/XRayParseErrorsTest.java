package dev.monitor.xray;

import static dev.monitor.core.syntax.ParseErrorAssertions.assertWellPlaced;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monitor.core.syntax.Language;
import dev.monitor.core.syntax.ParseException;
import java.time.Clock;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/** X-Ray filter expressions and sampling rules report errors in the shape of every language (see core's ParseExceptionTest). */
class XRayParseErrorsTest {


    @Test
    void aFilterExpressionErrorNamesThePlaceWhatWasExpectedAndWhatWasFound() {
        ParseException e = assertThrows(ParseException.class, () -> FilterExpression.parse("service(\"a\") AND responsetime >"));
        assertEquals(Language.FILTER_EXPRESSION, e.language());
        assertEquals(1, e.line());
        assertEquals(32, e.column());
        assertEquals("a number after >", e.expected());
        assertEquals("the end of the expression", e.found());
        assertEquals("X-Ray filter expression 'service(\"a\") AND responsetime >', line 1, column 32: expected a number after > "
                + "but found the end of the expression", e.getMessage());
    }

    @Test
    void aSamplingRulesErrorPointsAtTheFirstBadValueAndNamesEveryProblem() {
        String json = """
                {"version": 2,
                 "rules": [{"host": "*", "http_method": "GET", "url_path": "/x", "fixed_target": 1, "rate": 2}],
                 "default": {"fixed_target": -1, "rate": 0.1}}""";
        ParseException e = assertThrows(ParseException.class, () -> Sampler.fromJson(json, Clock.systemUTC()));
        assertEquals(Language.SAMPLING_RULES, e.language());
        assertEquals(2, e.line());
        assertEquals(json.split("\n")[1].indexOf("2}") + 1, e.column());
        assertEquals("a number from 0 to 1", e.expected());
        assertEquals("'2'", e.found());
        assertTrue(e.problem().contains("rules[0].rate must be a number from 0 to 1, not 2"), e.problem());
        assertTrue(e.problem().contains("default.fixed_target must be a whole number"), e.problem());
        assertTrue(e.render().endsWith("\n" + " ".repeat(e.column() - 1) + "^"), e.render());
    }

    @Test
    void aSamplingRulesDocumentThatIsNotJsonIsPlacedWhereTheJsonBreaks() {
        ParseException e = assertThrows(ParseException.class, () -> Sampler.fromJson("{\"version\": 2,\n \"rules\": [}", Clock.systemUTC()));
        assertEquals(2, e.line());
        assertEquals(12, e.column());
        assertTrue(e.problem().startsWith("sampling rules are not JSON"), e.problem());
        assertEquals("'}'", e.found());
    }

    @Test
    void aMissingFieldIsPlacedAtTheRuleThatLacksIt() {
        String json = "{\"version\": 2, \"rules\": [{\"host\": \"*\", \"url_path\": \"/\", \"fixed_target\": 1, \"rate\": 0.1}], "
                + "\"default\": {\"fixed_target\": 1, \"rate\": 0.1}}";
        ParseException e = assertThrows(ParseException.class, () -> Sampler.fromJson(json, Clock.systemUTC()));
        assertEquals(json.indexOf("[{") + 1, e.offset());
        assertEquals("a string", e.expected());
        assertEquals("no value", e.found());
        assertTrue(e.problem().contains("rules[0].http_method is required"), e.problem());
    }

    @Provide
    Arbitrary<String> expressionNoise() {
        return Arbitraries.of("service", "edge", "(", ")", "{", "}", "\"a\"", "\"", ",", ":", "id", "name", "AND", "OR", "NOT", "!",
                "&&", "||", "=", "!=", ">", "<=", "1", "-2", "1.2.3", "ok", "error", "fault", "responsetime", "http.status",
                "annotation.x", "rootcause.fault.service", "group.name", "CONTAINS", " ", "\n", "true", "#")
                .list().ofMaxSize(20).map(parts -> String.join(" ", parts));
    }

    @Property(tries = 2000)
    void anyFilterExpressionParsesOrFailsWellPlaced(@ForAll("expressionNoise") String text) {
        try {
            FilterExpression.parse(text);
        } catch (ParseException e) {
            assertEquals(Language.FILTER_EXPRESSION, e.language());
            assertWellPlaced(e, text);
        }
    }

    @Property(tries = 1000)
    void anyUnicodeFilterExpressionParsesOrFailsWellPlaced(@ForAll @StringLength(max = 60) String text) {
        try {
            FilterExpression.parse(text);
        } catch (ParseException e) {
            assertWellPlaced(e, text);
        }
    }

    @Provide
    Arbitrary<String> rulesNoise() {
        return Arbitraries.of("{", "}", "[", "]", ",", ":", "\"version\"", "2", "1", "\"rules\"", "\"default\"", "\"host\"",
                "\"*\"", "\"rate\"", "0.5", "-1", "\"fixed_target\"", "null", " ", "\n", "\"")
                .list().ofMaxSize(30).map(parts -> String.join("", parts));
    }

    @Property(tries = 2000)
    void anySamplingRulesParseOrFailWellPlaced(@ForAll("rulesNoise") String text) {
        try {
            Sampler.fromJson(text, Clock.systemUTC());
        } catch (ParseException e) {
            assertEquals(Language.SAMPLING_RULES, e.language());
            assertWellPlaced(e, text);
        }
    }
}
