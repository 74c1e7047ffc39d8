package dev.monitor.core.alarms.expressions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monitor.core.alarms.AlarmState;
import dev.monitor.core.syntax.ParseException;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** Composite alarm rules as PutCompositeAlarm's AlarmRule documents them. */
class AlarmRuleTest {

    @Test
    void theDocumentedExamples() {
        AlarmRule rule = AlarmRule.parse("ALARM(CPUUtilizationTooHigh) AND NOT ALARM(DeploymentInProgress)");
        assertEquals(Set.of("CPUUtilizationTooHigh", "DeploymentInProgress"), rule.alarms());
        assertTrue(rule.evaluate(Map.of("CPUUtilizationTooHigh", AlarmState.ALARM, "DeploymentInProgress", AlarmState.OK)));
        assertFalse(rule.evaluate(Map.of("CPUUtilizationTooHigh", AlarmState.ALARM, "DeploymentInProgress", AlarmState.ALARM)));

        AlarmRule grouped = AlarmRule.parse("(ALARM(\"a b\") OR OK(c)) AND INSUFFICIENT_DATA(arn:aws:cloudwatch:us-east-1:123:alarm:d)");
        assertEquals(Set.of("a b", "c", "d"), grouped.alarms());
        assertTrue(grouped.evaluate(Map.of("a b", AlarmState.OK, "c", AlarmState.OK, "d", AlarmState.INSUFFICIENT_DATA)));
        assertTrue(AlarmRule.parse("TRUE").evaluate(Map.of()));
        assertFalse(AlarmRule.parse("NOT TRUE OR FALSE").evaluate(Map.of()));
    }

    @Test
    void errorsNameThePositionAndTheLimits() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AlarmRule.parse("ALARM(a) AND"));
        assertTrue(e.getMessage().contains("column 13"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> AlarmRule.parse("ALARM(a) XOR OK(b)"));
        assertTrue(e.getMessage().contains("column 10") && e.getMessage().contains("AND, OR"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> AlarmRule.parse("x".repeat(10_241)));
        assertTrue(e.getMessage().contains("10240"), e.getMessage());
        StringBuilder many = new StringBuilder("ALARM(a0)");
        for (int i = 1; i <= 100; i++) {
            many.append(" OR ALARM(a").append(i).append(')');
        }
        e = assertThrows(IllegalArgumentException.class, () -> AlarmRule.parse(many.toString()));
        assertTrue(e.getMessage().contains("101 alarms"), e.getMessage());
    }

    @Provide
    Arbitrary<String> noise() {
        return Arbitraries.of("ALARM", "OK", "INSUFFICIENT_DATA", "(", ")", "\"", "a", " ", "AND", "OR", "NOT", "TRUE",
                "FALSE", "x:alarm:y").list().ofMaxSize(20).map(parts -> String.join("", parts));
    }

    @Property(tries = 2000)
    void anyInputParsesOrFailsWithAClearError(@ForAll("noise") String text) {
        try {
            AlarmRule.parse(text).evaluate(Map.of());
        } catch (IllegalArgumentException e) {
            assertTrue(e instanceof ParseException && e.getMessage().startsWith("alarm rule '"), e.getMessage());
        }
    }

    /** Hostile nesting is refused by a limit, never a StackOverflowError. */
    @Test
    void deeplyNestedRulesAreRefusedNamingTheLimit() {
        IllegalArgumentException parens = assertThrows(IllegalArgumentException.class,
                () -> AlarmRule.parse("(".repeat(20_000) + "ALARM(a)" + ")".repeat(20_000)));
        assertTrue(parens.getMessage().contains("AlarmRule has 40008 characters; at most 10240 are allowed"), parens.getMessage());
        IllegalArgumentException nots = assertThrows(IllegalArgumentException.class,
                () -> AlarmRule.parse("NOT ".repeat(5_000) + "ALARM(a)"));
        assertTrue(nots.getMessage().contains("AlarmRule has 20008 characters; at most 10240 are allowed"), nots.getMessage());

        IllegalArgumentException deepNots = assertThrows(IllegalArgumentException.class,
                () -> AlarmRule.parse("NOT ".repeat(2_000) + "ALARM(a)"));
        assertTrue(deepNots.getMessage().contains("column 404: AlarmRule nests NOT and parentheses more than 100 levels deep; "
                + "at most 100 levels are allowed"), deepNots.getMessage());
        IllegalArgumentException deepParens = assertThrows(IllegalArgumentException.class,
                () -> AlarmRule.parse("(".repeat(5_000) + "ALARM(a)" + ")".repeat(5_000)));
        assertTrue(deepParens.getMessage().contains("column 101: AlarmRule nests NOT and parentheses more than 100 levels deep; "
                + "at most 100 levels are allowed"), deepParens.getMessage());
        assertTrue(AlarmRule.parse("NOT ".repeat(49) + "(".repeat(51) + "ALARM(a)" + ")".repeat(51))
                .evaluate(Map.of("a", AlarmState.OK)), "100 levels are allowed");
    }
}
