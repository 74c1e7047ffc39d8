package dev.monitor.core.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.monitor.core.Conformance;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every schedule expression of {@code ../shared/conformance/eventbridge-schedules.json}: AWS's PutRule accepted the
 * valid ones and answered the invalid ones with "Parameter ScheduleExpression is not valid."; so must we, and our
 * message goes on to name the field and the reason. Plus the refusals the cron reference's rules imply
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-cron-expressions.html).
 *
 * <p>{@link Conformance} finds the file: the test fails on CI without it, and is skipped elsewhere.
 */
class ScheduleConformanceTest {

    private static JsonNode cases() throws IOException {
        return Conformance.read("eventbridge-schedules.json");
    }

    @Test
    void everyExpressionAwsAcceptedIsAccepted() throws IOException {
        JsonNode valid = cases().get("valid");
        assertEquals(18, valid.size(), "the file's valid cases");
        List<String> refused = new ArrayList<>();
        for (JsonNode expression : valid) {
            try {
                ScheduleExpression schedule = ScheduleExpression.parse(expression.asText());
                assertEquals(expression.asText(), schedule.expression());
                // Each can be asked for its next fire time (the 2002-2005 and 2022 ones are over).
                schedule.nextFireTime(Instant.parse("2026-01-01T00:00:00Z"));
            } catch (InvalidScheduleExpressionException e) {
                refused.add(expression.asText() + ": " + e.getMessage());
            }
        }
        assertEquals(List.of(), refused);
    }

    @Test
    void everyExpressionAwsRefusedIsRefusedNamingTheFieldAndTheReason() throws IOException {
        JsonNode invalid = cases().get("invalid");
        assertEquals(22, invalid.size(), "the file's invalid cases");
        List<String> wrong = new ArrayList<>();
        for (JsonNode node : invalid) {
            String expression = node.asText();
            try {
                ScheduleExpression.parse(expression);
                wrong.add(expression + " was accepted");
            } catch (InvalidScheduleExpressionException e) {
                String message = e.getMessage();
                if (!message.startsWith("Parameter ScheduleExpression is not valid: " + e.field() + ": ")
                        || e.reason().isBlank() || !expression.equals(e.expression())) {
                    wrong.add(expression + ": " + message);
                }
            }
        }
        assertEquals(List.of(), wrong);
    }

    /** What each refusal of the file says: the field it names and a part of the reason. */
    @Test
    void theFilesRefusalsSayWhatIsWrong() throws IOException {
        assertFalse(cases().get("invalid").isEmpty());
        Map<String, List<String>> expected = Map.ofEntries(
                Map.entry("cron(0 1 * * * *)", List.of("cron fields day-of-month and day-of-week", "one of them must be '?'")),
                Map.entry("cron(7 20 * * NOT *)", List.of("cron field day-of-week", "'NOT' is not a day of the week (1-7 or SUN-SAT)")),
                Map.entry("cron(INVALID)", List.of("cron", "expected 6 fields")),
                Map.entry("cron(0 dummy ? * MON-FRI *)", List.of("cron field hours", "'dummy' is not an hour (0-23)")),
                Map.entry("cron(71 8 1 * ? *)", List.of("cron field minutes", "'71' is not a minute (0-59)")),
                Map.entry("rate(10 seconds)", List.of("rate unit", "'seconds' is not one of minute, minutes, hour, hours, day, days")),
                Map.entry("rate(10 years)", List.of("rate unit", "'years' is not one of")),
                Map.entry("rate(1 minutes)", List.of("rate unit", "'minutes' is plural but the value is 1: use 'minute'")),
                Map.entry("rate(1 hours)", List.of("rate unit", "use 'hour'")),
                Map.entry("rate(1 days)", List.of("rate unit", "use 'day'")),
                Map.entry("rate(10 minute)", List.of("rate unit", "'minute' is singular but the value is 10: use 'minutes'")),
                Map.entry("rate(10 hour)", List.of("rate unit", "use 'hours'")),
                Map.entry("rate(10 day)", List.of("rate unit", "use 'days'")),
                Map.entry("rate()", List.of("rate value", "missing")),
                Map.entry("rate(10)", List.of("rate unit", "missing")),
                Map.entry("rate(10 minutess)", List.of("rate unit", "'minutess' is not one of")),
                Map.entry("rate(foo minutes)", List.of("rate value", "'foo' is not a positive whole number")),
                Map.entry("rate(0 minutes)", List.of("rate value", "'0' is not positive")),
                Map.entry("rate(-10 minutes)", List.of("rate value", "'-10' is not a positive whole number")),
                Map.entry("rate(10 MINUTES)", List.of("rate unit", "'MINUTES' is not one of")),
                Map.entry("rate( 10 minutes )", List.of("rate", "separated by one space, with none around them")),
                Map.entry(" rate(10 minutes)", List.of("expression", "it has white space around it")));
        for (JsonNode node : cases().get("invalid")) {
            assertTrue(expected.containsKey(node.asText()), "a new case in the file: " + node.asText());
        }
        expected.forEach((expression, says) -> {
            InvalidScheduleExpressionException e = assertThrows(InvalidScheduleExpressionException.class,
                    () -> ScheduleExpression.parse(expression));
            assertEquals(says.get(0), e.field(), e.getMessage());
            assertTrue(e.reason().contains(says.get(1)), e.getMessage());
        });
    }

    @Test
    void refusalsTheCronReferenceImplies() {
        Map<String, List<String>> expected = Map.ofEntries(
                // "If you use the '#' character, you can define only one expression in the day-of-week field."
                Map.entry("cron(0 0 ? * 3#1,6#3 *)", List.of("cron field day-of-week", "'L' and '#' stand alone")),
                Map.entry("cron(0 0 ? * 3#6 *)", List.of("cron field day-of-week", "must be 1-5")),
                Map.entry("cron(0 0 ? * 8 *)", List.of("cron field day-of-week", "'8' is not a day of the week")),
                Map.entry("cron(0 0 ? * MON/2 *)", List.of("cron field day-of-week", "'/' is not allowed in day-of-week")),
                // "You can't use * in both the Day-of-month and Day-of-week fields."
                Map.entry("cron(0 0 ? * ? *)", List.of("cron fields day-of-month and day-of-week", "only one of them may be '?'")),
                Map.entry("cron(0 0 1 * MON *)", List.of("cron fields day-of-month and day-of-week", "one of them must be '?'")),
                Map.entry("cron(0 0 L-2 * ? *)", List.of("cron field day-of-month", "'L' and 'W' stand alone")),
                Map.entry("cron(0 0 1,L * ? *)", List.of("cron field day-of-month", "'L' and 'W' stand alone")),
                Map.entry("cron(0 0 32 * ? *)", List.of("cron field day-of-month", "'32' is not a day of the month (1-31)")),
                Map.entry("cron(0 0 0 * ? *)", List.of("cron field day-of-month", "'0' is not a day of the month")),
                Map.entry("cron(0 0 1 13 ? *)", List.of("cron field month", "'13' is not a month (1-12 or JAN-DEC)")),
                Map.entry("cron(0 0 1 JANUARY ? *)", List.of("cron field month", "'JANUARY' is not a month")),
                Map.entry("cron(0 0 1 * ? 1969)", List.of("cron field year", "'1969' is not a year (1970-2199)")),
                Map.entry("cron(0 0 1 * ? 2200)", List.of("cron field year", "'2200' is not a year (1970-2199)")),
                Map.entry("cron(0 24 1 * ? *)", List.of("cron field hours", "'24' is not an hour (0-23)")),
                Map.entry("cron(0/0 * * * ? *)", List.of("cron field minutes", "the increment after '/' in '0/0' must be a whole number from 1 to 59")),
                Map.entry("cron(5-2 * * * ? *)", List.of("cron field minutes", "the range '5-2' runs backwards")),
                Map.entry("cron(1,,2 * * * ? *)", List.of("cron field minutes", "has an empty item")),
                Map.entry("cron(? * * * ? *)", List.of("cron field minutes", "'?' is allowed only in day-of-month and day-of-week")),
                Map.entry("cron(L * * * ? *)", List.of("cron field minutes", "'L' is allowed only in day-of-month and day-of-week")),
                Map.entry("cron(0 0 1W,2 * ? *)", List.of("cron field day-of-month", "'L' and 'W' stand alone")),
                Map.entry("cron(0 0 ? * 2W *)", List.of("cron field day-of-week", "'W' is allowed only in day-of-month")),
                Map.entry("cron(0 0 1 1#2 ? *)", List.of("cron field month", "'#' is allowed only in day-of-week")),
                Map.entry("cron(0  0 1 * ? *)", List.of("cron", "separated by single spaces")),
                Map.entry("cron(0 0 1 * ?)", List.of("cron", "expected 6 fields (minutes hours day-of-month month day-of-week year) but found 5")),
                Map.entry("cron()", List.of("cron", "but found none")),
                Map.entry("cron(0 0 1 * ? *", List.of("expression", "it does not end with ')'")),
                Map.entry("every 5 minutes", List.of("expression", "is not rate(value unit), cron(fields) or at(yyyy-mm-ddThh:mm:ss)")),
                Map.entry("", List.of("expression", "it is empty")),
                Map.entry("rate(99999999999 minutes)", List.of("rate value", "is larger than 2147483647")),
                Map.entry("rate(5 minutes please)", List.of("rate", "found 3 words")),
                Map.entry("at(2026-02-30T09:00:00)", List.of("at", "'2026-02-30T09:00:00' is not a date and time")),
                Map.entry("at(2026-02-03 09:00:00)", List.of("at", "expected a date and time as yyyy-mm-ddThh:mm:ss")),
                Map.entry("at(2026-02-03T09:00)", List.of("at", "expected a date and time as yyyy-mm-ddThh:mm:ss")));
        expected.forEach((expression, says) -> {
            InvalidScheduleExpressionException e = assertThrows(InvalidScheduleExpressionException.class,
                    () -> ScheduleExpression.parse(expression), expression);
            assertEquals(says.get(0), e.field(), e.getMessage());
            assertTrue(e.reason().contains(says.get(1)), e.getMessage());
            assertTrue(e.getMessage().startsWith("Parameter ScheduleExpression is not valid: " + says.get(0) + ": "), e.getMessage());
        });
        InvalidScheduleExpressionException tooLong = assertThrows(InvalidScheduleExpressionException.class,
                () -> ScheduleExpression.parse("cron(" + "0,".repeat(130) + "0 0 1 * ? *)"));
        assertEquals("expression", tooLong.field());
        assertTrue(tooLong.reason().contains("more than the 256 EventBridge takes"), tooLong.getMessage());
        assertThrows(InvalidScheduleExpressionException.class, () -> ScheduleExpression.parse(null));
    }

    @Test
    void formsTheCronReferenceAllowsAreAccepted() {
        for (String expression : List.of("cron(0 0 L * ? *)", "cron(0 0 LW * ? *)", "cron(0 0 15W * ? *)", "cron(0 0 ? * L *)",
                "cron(0 0 ? * 6L *)", "cron(0 0 ? * FRIL *)", "cron(0 0 ? * SAT#3 *)", "cron(0 0 1-15/2 * ? *)",
                "cron(*/10 * * * ? *)", "cron(0 0 1 JAN-MAR,DEC ? *)", "cron(0 0 1 1/3 ? 2030/5)", "cron(0 0 ? * sun-sat *)",
                "cron(59 23 31 12 ? 2199)", "cron(0 0 1 * ? 1970)", "rate(2147483647 minutes)", "at(2026-06-01T09:00:00)")) {
            assertEquals(expression, ScheduleExpression.parse(expression).expression());
        }
    }
}
