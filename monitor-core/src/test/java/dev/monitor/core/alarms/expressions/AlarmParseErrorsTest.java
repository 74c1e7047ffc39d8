package dev.monitor.core.alarms.expressions;

import static dev.monitor.core.syntax.ParseErrorAssertions.assertWellPlaced;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monitor.core.syntax.Language;
import dev.monitor.core.syntax.ParseException;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/** Metric math and alarm rules report errors in the shape of every language (see {@code syntax.ParseExceptionTest}). */
class AlarmParseErrorsTest {


    @Test
    void aMetricMathErrorNamesThePlaceWhatWasExpectedAndWhatWasFound() {
        ParseException e = assertThrows(ParseException.class, () -> MetricMath.parse("m1 + * m2"));
        assertEquals(Language.METRIC_MATH, e.language());
        assertEquals(1, e.line());
        assertEquals(6, e.column());
        assertEquals("a number, a metric id, a function or '('", e.expected());
        assertEquals("'*'", e.found());
        assertEquals("metric math expression 'm1 + * m2', line 1, column 6: expected a number, a metric id, a function or '(' "
                + "but found '*'", e.getMessage());
        assertEquals("m1 + * m2\n     ^", e.render());
    }

    @Test
    void aMetricMathErrorFoundWhenEvaluatingPointsAtThePartOfTheText() {
        ParseException e = assertThrows(ParseException.class, () -> MetricMath.parse("1 + ABS(m1, m2)")
                .evaluate(MetricMath.context(Map.of("m1", new double[] {1}, "m2", new double[] {2}), 60)));
        assertEquals(5, e.column());
        assertEquals("ABS takes 1 argument, not 2", e.problem());
        assertEquals("1 argument", e.expected());
        assertEquals("'ABS'", e.found());
    }

    @Test
    void anAlarmRuleErrorNamesThePlaceWhatWasExpectedAndWhatWasFound() {
        ParseException e = assertThrows(ParseException.class, () -> AlarmRule.parse("ALARM(a) XOR OK(b)"));
        assertEquals(Language.ALARM_RULE, e.language());
        assertEquals(1, e.line());
        assertEquals(10, e.column());
        assertEquals("AND, OR or the end of the rule", e.expected());
        assertEquals("'XOR'", e.found());
        assertEquals("alarm rule 'ALARM(a) XOR OK(b)', line 1, column 10: expected AND, OR or the end of the rule but found 'XOR'",
                e.getMessage());
        assertEquals("ALARM(a) XOR OK(b)\n         ^", e.render());
    }

    @Test
    void theHundredAndFirstAlarmIsWhereTheRuleBreaksTheLimit() {
        StringBuilder many = new StringBuilder("ALARM(a0)");
        for (int i = 1; i <= 100; i++) {
            many.append(" OR ALARM(a").append(i).append(')');
        }
        ParseException e = assertThrows(ParseException.class, () -> AlarmRule.parse(many.toString()));
        assertEquals(many.indexOf("ALARM(a100)"), e.offset());
        assertTrue(e.getMessage().contains("AlarmRule names 101 alarms; at most 100 are allowed"), e.getMessage());
    }

    @Provide
    Arbitrary<String> mathNoise() {
        return Arbitraries.of("m1", "m2", "e1", "+", "-", "*", "/", "^", "(", ")", "[", "]", ",", "SUM", "IF", "FILL", "REPEAT",
                "AND", "||", "==", "<", "1", "2.5", "1e3", "\"", "\"x\"", " ", "\n", "METRICS", "avg", "%", "$", "9e", "PERIOD")
                .list().ofMaxSize(25).map(parts -> String.join("", parts));
    }

    @Property(tries = 2000)
    void anyMetricMathParsesAndEvaluatesOrFailsWellPlaced(@ForAll("mathNoise") String text) {
        try {
            MetricMath.parse(text).evaluate(MetricMath.context(Map.of("m1", new double[] {1, 2}, "m2", new double[] {3, 4}), 60));
        } catch (ParseException e) {
            assertEquals(Language.METRIC_MATH, e.language());
            assertWellPlaced(e, text);
        }
    }

    @Property(tries = 1000)
    void anyUnicodeMetricMathParsesOrFailsWellPlaced(@ForAll @StringLength(max = 60) String text) {
        try {
            MetricMath.parse(text);
        } catch (ParseException e) {
            assertWellPlaced(e, text);
        }
    }

    @Provide
    Arbitrary<String> ruleNoise() {
        return Arbitraries.of("ALARM", "OK", "INSUFFICIENT_DATA", "(", ")", "\"", "a", " ", "\n", "AND", "OR", "NOT", "TRUE",
                "FALSE", "x:alarm:y").list().ofMaxSize(20).map(parts -> String.join("", parts));
    }

    @Property(tries = 2000)
    void anyAlarmRuleParsesOrFailsWellPlaced(@ForAll("ruleNoise") String text) {
        try {
            AlarmRule.parse(text);
        } catch (ParseException e) {
            assertEquals(Language.ALARM_RULE, e.language());
            assertWellPlaced(e, text);
        }
    }
}
