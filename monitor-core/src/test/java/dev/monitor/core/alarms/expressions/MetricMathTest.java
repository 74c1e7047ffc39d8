package dev.monitor.core.alarms.expressions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monitor.core.syntax.ParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** Metric math as the CloudWatch guide's "Metric math syntax and functions" defines it; N is a missing value. */
class MetricMathTest {
    private static final double N = Double.NaN;

    private static double[] eval(String expression, Map<String, double[]> metrics) {
        MetricMath.Value value = MetricMath.parse(expression).evaluate(MetricMath.context(metrics, 60));
        return ((MetricMath.Series) value).values();
    }

    private static Map<String, double[]> metrics(Object... idsAndValues) {
        Map<String, double[]> metrics = new LinkedHashMap<>();
        for (int i = 0; i < idsAndValues.length; i += 2) {
            metrics.put((String) idsAndValues[i], (double[]) idsAndValues[i + 1]);
        }
        return metrics;
    }

    @Test
    void comparisonTableOfTheGuide() {
        Map<String, double[]> m = metrics("metric1", new double[] {30, 20, 0, 0}, "metric2", new double[] {20, N, 20, N});
        assertArrayEquals(new double[] {0, 0, 1, 0}, eval("(metric1 < metric2)", m));
        assertArrayEquals(new double[] {1, 0, 0, 0}, eval("(metric1 >= 30)", m));
        assertArrayEquals(new double[] {1, 0, 0, 0}, eval("(metric1 > 15 AND metric2 > 15)", m));
        assertArrayEquals(new double[] {1, 0, 0, 0}, eval("metric1 > 15 && metric2 > 15", m));
    }

    @Test
    void ifTablesOfTheGuide() {
        Map<String, double[]> m = metrics("metric1", new double[] {1, 1, 0, 0, N}, "metric2", new double[] {30, N, 0, 0, 30},
                "metric3", new double[] {0, 0, 20, N, 20});
        assertArrayEquals(new double[] {30, 0, 20, N, N}, eval("IF(metric1, metric2, metric3)", m));
        assertArrayEquals(new double[] {5, 5, 20, N, N}, eval("IF(metric1, 5, metric3)", m));
        assertArrayEquals(new double[] {30, 0, 5, 5, N}, eval("IF(metric1, metric2, 5)", m));
        assertArrayEquals(new double[] {N, N, N, N, N}, eval("IF(0, metric2)", m));
    }

    @Test
    void arithmeticTreatsMissingAsZeroBetweenSeriesAndDropsDivisionsByZero() {
        Map<String, double[]> m = metrics("errors", new double[] {1, N, 4, N}, "requests", new double[] {10, 5, 0, N});
        assertArrayEquals(new double[] {10, 0, N, N}, eval("100 * errors / requests", m));
        assertArrayEquals(new double[] {11, 5, 4, N}, eval("errors + requests", m));
        assertArrayEquals(new double[] {2, N, 5, N}, eval("errors + 1", m));
        assertArrayEquals(new double[] {-1, N, -4, N}, eval("-errors", m));
        assertArrayEquals(new double[] {1, N, 16, N}, eval("errors ^ 2", m));
    }

    @Test
    void functions() {
        Map<String, double[]> m = metrics("a", new double[] {1, N, 4, -3}, "b", new double[] {2, 2, N, 1});
        assertArrayEquals(new double[] {1, N, 4, 3}, eval("ABS(a)", m));
        assertArrayEquals(new double[] {1 - 2.0 / 3, N, 4 - 2.0 / 3, -3 - 2.0 / 3}, eval("a - AVG(a)", m));
        assertArrayEquals(new double[] {1.5, 1, 2, -1}, eval("AVG([a, b])", m), "missing counts as 0 in an array's AVG");
        assertArrayEquals(new double[] {3, 2, 4, -2}, eval("SUM([a, b])", m));
        assertArrayEquals(new double[] {2, 2, 4, 1}, eval("MAX([a, b])", m));
        assertArrayEquals(new double[] {1, 2, 4, -3}, eval("MIN(METRICS())", m));
        assertArrayEquals(new double[] {2, N, 5, -2}, eval("a + METRIC_COUNT(METRICS())/2", m));
        assertArrayEquals(new double[] {N, N, 3, -7}, eval("DIFF(a)", m));
        assertArrayEquals(new double[] {N, N, 3 / 120.0, -7 / 60.0}, eval("RATE(a)", m));
        assertArrayEquals(new double[] {1, N, 5, 2}, eval("RUNNING_SUM(a)", m));
        assertArrayEquals(new double[] {1, 0, 4, -3}, eval("FILL(a, 0)", m));
        assertArrayEquals(new double[] {1, 1, 4, -3}, eval("FILL(a, REPEAT)", m));
        assertArrayEquals(new double[] {1, 2.5, 4, -3}, eval("FILL(a, LINEAR)", m));
        assertArrayEquals(new double[] {1, 2, 4, -3}, eval("FILL(a, b)", m));
        assertArrayEquals(new double[] {1, N, 4, -3}, eval("CEIL(a)", m));
        assertArrayEquals(new double[] {0, N, 1, -1}, eval("FLOOR(a / 3)", m));
        assertArrayEquals(new double[] {2, 2, N, 1}, eval("LAST([a, b])", m));
        assertArrayEquals(new double[] {1 / 60.0, N, 4 / 60.0, -3 / 60.0}, eval("a / PERIOD(a)", m));
        assertEquals(Math.sqrt(26.0 / 3 - Math.pow(2.0 / 3, 2)), eval("a * 0 + STDDEV(a)", m)[0], 1e-12);
        assertArrayEquals(new double[] {1, N, 4, -3}, eval("FIRST(METRICS(\"a\"))", m));
    }

    @Test
    void parseErrorsNameThePosition() {
        ParseException e = assertThrows(ParseException.class, () -> MetricMath.parse("m1 + * m2"));
        assertEquals(6, e.column());
        assertTrue(e.getMessage().contains("expected a number"), e.getMessage());
        e = assertThrows(ParseException.class, () -> MetricMath.parse("avg(m1)"));
        assertTrue(e.getMessage().contains("upper case"), e.getMessage());
        e = assertThrows(ParseException.class, () -> MetricMath.parse("SUM(m1"));
        assertEquals(7, e.column());
        e = assertThrows(ParseException.class, () -> MetricMath.parse("m1 m2"));
        assertEquals(4, e.column());
        e = assertThrows(ParseException.class, () -> MetricMath.parse("ABS(m1, m2)").evaluate(
                MetricMath.context(metrics("m1", new double[] {1}, "m2", new double[] {2}), 60)));
        assertTrue(e.getMessage().contains("ABS takes 1 argument"), e.getMessage());
    }

    @Provide
    Arbitrary<String> noise() {
        Arbitrary<String> tokens = Arbitraries.of("m1", "m2", "e1", "+", "-", "*", "/", "^", "(", ")", "[", "]", ",",
                "SUM", "IF", "FILL", "REPEAT", "AND", "||", "==", "<", "1", "2.5", "1e3", "\"", "\"x\"", " ", "METRICS",
                "ANOMALY_DETECTION_BAND", "avg", "%", "$", "9e");
        return tokens.list().ofMaxSize(25).map(parts -> String.join("", parts));
    }

    @Property(tries = 3000)
    void anyInputParsesOrFailsWithAPositionedError(@ForAll("noise") String text) {
        try {
            MetricMath.Expression expression = MetricMath.parse(text);
            expression.evaluate(MetricMath.context(metrics("m1", new double[] {1, N}, "m2", new double[] {N, 2}), 60));
        } catch (ParseException e) {
            assertTrue(e.column() >= 1 && e.column() <= Math.max(1, text.length() + 1), e.getMessage());
        }
    }

    @Property(tries = 500)
    void arbitraryUnicodeNeverThrowsAnythingElse(@ForAll String text) {
        try {
            MetricMath.parse(text);
        } catch (ParseException e) {
            assertTrue(e.getMessage().startsWith("metric math expression '"), e.getMessage());
        }
    }

    /** Hostile nesting is refused by a limit, never a StackOverflowError. */
    @Test
    void deeplyNestedExpressionsAreRefusedNamingTheLimit() {
        ParseException parens = assertThrows(ParseException.class,
                () -> MetricMath.parse("(".repeat(20_000) + "m1" + ")".repeat(20_000)));
        assertTrue(parens.getMessage().contains("an expression may have at most 1024 characters"), parens.getMessage());
        ParseException deep = assertThrows(ParseException.class, () -> MetricMath.parse("(".repeat(500) + "m1" + ")".repeat(500)));
        assertEquals(101, deep.column());
        assertTrue(deep.getMessage().contains("column 101: expression is nested more than 100 levels deep"), deep.getMessage());
        ParseException minus = assertThrows(ParseException.class, () -> MetricMath.parse("-".repeat(1000) + "1"));
        assertEquals(100, minus.column());
        assertTrue(minus.getMessage().contains("column 100: expression is nested more than 100 levels deep"), minus.getMessage());
        ParseException powers = assertThrows(ParseException.class, () -> MetricMath.parse("2^".repeat(500) + "2"));
        assertTrue(powers.getMessage().contains("expression is nested more than 100 levels deep"), powers.getMessage());
        MetricMath.parse("(".repeat(99) + "m1" + ")".repeat(99));
    }
}
