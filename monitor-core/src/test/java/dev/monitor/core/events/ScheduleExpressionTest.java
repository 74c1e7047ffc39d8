package dev.monitor.core.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Next fire times as the EventBridge user guide defines its expressions
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-cron-expressions.html,
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-scheduled-rule-pattern.html#eb-rate-expressions) and as the EventBridge
 * Scheduler user guide handles time zones, daylight saving and one-time schedules
 * (https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html).
 */
class ScheduleExpressionTest {
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    private static List<Instant> next(String expression, String after, int count) {
        return ScheduleExpression.parse(expression).nextFireTimes(Instant.parse(after), count);
    }

    private static List<Instant> times(String... times) {
        return Arrays.stream(times).map(Instant::parse).toList();
    }

    @Test
    void theCronReferencesExamplesFireWhenItsMeaningColumnSays() {
        assertEquals(times("2026-01-01T10:00:00Z", "2026-01-02T10:00:00Z"), next("cron(0 10 * * ? *)", "2026-01-01T00:00:00Z", 2));
        assertEquals(times("2026-01-01T12:15:00Z", "2026-01-02T12:15:00Z"), next("cron(15 12 * * ? *)", "2026-01-01T12:00:00Z", 2));
        // 2026-01-02 is a Friday: Monday through Friday at 6:00 pm goes on on Monday the 5th.
        assertEquals(times("2026-01-02T18:00:00Z", "2026-01-05T18:00:00Z"), next("cron(0 18 ? * MON-FRI *)", "2026-01-02T17:00:00Z", 2));
        assertEquals(times("2026-02-01T08:00:00Z", "2026-03-01T08:00:00Z"), next("cron(0 8 1 * ? *)", "2026-01-01T08:00:00Z", 2));
        assertEquals(times("2026-01-01T00:15:00Z", "2026-01-01T00:30:00Z", "2026-01-01T00:45:00Z", "2026-01-01T01:00:00Z"),
                next("cron(0/15 * * * ? *)", "2026-01-01T00:00:00Z", 4));
        // "every 5 minutes Monday through Friday between 8:00 am and 5:55 pm": Friday's last, then Monday's first.
        assertEquals(times("2026-01-02T17:55:00Z", "2026-01-05T08:00:00Z"), next("cron(0/5 8-17 ? * MON-FRI *)", "2026-01-02T17:50:00Z", 2));
        assertEquals(times("2026-01-01T14:05:00Z", "2026-01-01T14:35:00Z", "2026-01-02T14:05:00Z"),
                next("cron(5,35 14 * * ? *)", "2026-01-01T00:00:00Z", 3));
        // "1/10 ... every tenth minute, starting from the first minute of the hour (the 11th, 21st, and 31st...)".
        assertEquals(times("2026-01-01T00:01:00Z", "2026-01-01T00:11:00Z", "2026-01-01T00:21:00Z"),
                next("cron(1/10 * * * ? *)", "2026-01-01T00:00:00Z", 3));
    }

    @Test
    void theLastFridayOfEachMonthFromTheGuidesPutRuleExampleEndsWithItsYears() {
        assertEquals(times("2022-01-28T10:15:00Z"), next("cron(15 10 ? * 6L 2019-2022)", "2022-01-01T00:00:00Z", 1));
        assertEquals(Optional.empty(), ScheduleExpression.parse("cron(15 10 ? * 6L 2019-2022)")
                .nextFireTime(Instant.parse("2022-12-30T10:15:00Z")), "2022-12-30 was the last Friday of the last year");
        assertEquals(times("2022-12-30T10:15:00Z"), next("cron(15 10 ? * 6L 2019-2022)", "2022-12-01T00:00:00Z", 5));
    }

    @Test
    void dayOfWeekNumbersOneToSevenAreSundayToSaturday() {
        // "3#2 would be the second Tuesday of the month: the 3 refers to Tuesday because it is the third day of each week".
        assertEquals(times("2026-01-13T00:00:00Z", "2026-02-10T00:00:00Z"), next("cron(0 0 ? * 3#2 *)", "2026-01-01T00:00:00Z", 2));
        assertEquals(next("cron(0 0 ? * TUE#2 *)", "2026-01-01T00:00:00Z", 6), next("cron(0 0 ? * 3#2 *)", "2026-01-01T00:00:00Z", 6));
        assertEquals(times("2026-01-04T00:00:00Z"), next("cron(0 0 ? * 1 *)", "2026-01-01T00:00:00Z", 1), "1 is Sunday");
        assertEquals(times("2026-01-03T00:00:00Z"), next("cron(0 0 ? * 7 *)", "2026-01-01T00:00:00Z", 1), "7 is Saturday");
        // "L in the Day-of-week field specifies the last day of the ... week": Saturday.
        assertEquals(times("2026-01-03T00:00:00Z", "2026-01-10T00:00:00Z"), next("cron(0 0 ? * L *)", "2026-01-01T00:00:00Z", 2));
        assertEquals(next("cron(0 0 ? * sun,mon *)", "2026-01-01T00:00:00Z", 6), next("cron(0 0 ? * 1-2 *)", "2026-01-01T00:00:00Z", 6));
    }

    @Test
    void aFifthWeekdayFiresOnlyInMonthsThatHaveOne() {
        // Thursdays: January 2026 has five (1, 8, 15, 22, 29), February four, April five (2 ... 30).
        assertEquals(times("2026-01-29T09:00:00Z", "2026-04-30T09:00:00Z", "2026-07-30T09:00:00Z"),
                next("cron(0 9 ? * THU#5 *)", "2026-01-01T00:00:00Z", 3));
    }

    @Test
    void monthEndsAndLeapYears() {
        assertEquals(times("2026-01-31T00:00:00Z", "2026-03-31T00:00:00Z", "2026-05-31T00:00:00Z"),
                next("cron(0 0 31 * ? *)", "2026-01-01T00:00:00Z", 3), "months without a 31st are passed over");
        assertEquals(times("2026-01-31T23:59:00Z", "2026-02-28T23:59:00Z", "2026-03-31T23:59:00Z", "2026-04-30T23:59:00Z"),
                next("cron(59 23 L * ? *)", "2026-01-01T00:00:00Z", 4));
        assertEquals(times("2028-02-29T00:00:00Z", "2032-02-29T00:00:00Z"), next("cron(0 0 29 2 ? *)", "2026-01-01T00:00:00Z", 2));
        assertEquals(times("2027-02-28T00:00:00Z", "2028-02-29T00:00:00Z", "2029-02-28T00:00:00Z"),
                next("cron(0 0 L FEB ? *)", "2027-01-01T00:00:00Z", 3));
        // 2100 is not a leap year (divisible by 100, not by 400).
        assertEquals(times("2096-02-29T00:00:00Z", "2104-02-29T00:00:00Z"), next("cron(0 0 29 2 ? *)", "2096-01-01T00:00:00Z", 2));
        assertEquals(List.of(), next("cron(0 0 30 2 ? *)", "2026-01-01T00:00:00Z", 1), "February never has a 30th");
        assertEquals(times("2199-12-31T23:59:00Z"), next("cron(* * * * ? *)", "2199-12-31T23:58:00Z", 5), "years end at 2199");
    }

    @Test
    void theWeekdayNearestADayStaysInItsMonth() {
        // "3W specifies the weekday closest to the third day of the month."
        assertEquals(times("2026-08-14T09:00:00Z"), next("cron(0 9 15W AUG ? 2026)", "2026-01-01T00:00:00Z", 1),
                "Saturday the 15th: Friday the 14th");
        assertEquals(times("2026-08-03T09:00:00Z"), next("cron(0 9 1W AUG ? 2026)", "2026-01-01T00:00:00Z", 1),
                "Saturday the 1st: Monday the 3rd, not Friday in July");
        assertEquals(times("2026-05-29T09:00:00Z"), next("cron(0 9 31W MAY ? 2026)", "2026-01-01T00:00:00Z", 1),
                "Sunday the 31st: Friday the 29th, not Monday in June");
        assertEquals(times("2026-11-30T09:00:00Z"), next("cron(0 9 30W NOV ? 2026)", "2026-01-01T00:00:00Z", 1),
                "a weekday is its own nearest weekday");
        assertEquals(times("2026-01-30T09:00:00Z", "2026-02-27T09:00:00Z", "2026-03-31T09:00:00Z"),
                next("cron(0 9 LW * ? 2026)", "2026-01-01T00:00:00Z", 3), "the last weekday: Jan 31 and Feb 28 are Saturdays");
        assertEquals(times("2026-05-29T09:00:00Z", "2026-07-31T09:00:00Z"), next("cron(0 9 31W * ? 2026)", "2026-04-01T00:00:00Z", 2),
                "31W does not fire in June, which has no 31st");
    }

    @Test
    void fireTimesAreStrictlyAfterTheGivenInstant() {
        ScheduleExpression daily = ScheduleExpression.parse("cron(0 12 * * ? *)");
        assertEquals(Optional.of(Instant.parse("2026-01-02T12:00:00Z")), daily.nextFireTime(Instant.parse("2026-01-01T12:00:00Z")));
        assertEquals(Optional.of(Instant.parse("2026-01-01T12:00:00Z")), daily.nextFireTime(Instant.parse("2026-01-01T11:59:59.999Z")));
        assertEquals(Optional.of(Instant.parse("2026-01-02T12:00:00Z")), daily.nextFireTime(Instant.parse("2026-01-01T12:00:00.001Z")));
        assertEquals(Optional.of(Instant.parse("1970-01-01T12:00:00Z")), daily.nextFireTime(Instant.MIN));
        assertEquals(Optional.empty(), daily.nextFireTime(Instant.MAX));
    }

    @Test
    void aRateFiresEveryPeriodFromItsStart() {
        ScheduleExpression hourly = ScheduleExpression.parse("rate(1 hour)");
        assertEquals(ScheduleExpression.Kind.RATE, hourly.kind());
        assertEquals(Optional.of(Duration.ofHours(1)), hourly.rate());
        // Without a start, the given instant is the start: the next fire is one period after the last one.
        assertEquals(Optional.of(Instant.parse("2026-01-01T10:17:30Z")), hourly.nextFireTime(Instant.parse("2026-01-01T09:17:30Z")));
        assertEquals(times("2026-01-01T10:17:30Z", "2026-01-01T11:17:30Z"), hourly.nextFireTimes(Instant.parse("2026-01-01T09:17:30Z"), 2));
        // From a rule's creation, it keeps that phase whenever it is asked.
        ScheduleExpression created = ScheduleExpression.parse("rate(5 minutes)").startingAt(Instant.parse("2026-01-01T09:01:00Z"));
        assertEquals(Optional.of(Instant.parse("2026-01-01T09:01:00Z")), created.nextFireTime(Instant.parse("2026-01-01T08:00:00Z")));
        assertEquals(Optional.of(Instant.parse("2026-01-01T10:06:00Z")), created.nextFireTime(Instant.parse("2026-01-01T10:01:00Z")));
        assertEquals(Optional.of(Instant.parse("2026-01-01T10:06:00Z")), created.nextFireTime(Instant.parse("2026-01-01T10:03:59Z")));
        assertEquals(times("2026-01-01T10:06:00Z", "2026-01-01T10:11:00Z"), created.nextFireTimes(Instant.parse("2026-01-01T10:01:00Z"), 2));
        assertEquals(Optional.of(Duration.ofDays(7)), ScheduleExpression.parse("rate(7 days)").rate());
        assertEquals(Optional.empty(), hourly.nextFireTime(Instant.MAX));
    }

    @Test
    void aDayOfARateIsTwentyFourHoursAcrossDaylightSavingChanges() {
        // "EventBridge Scheduler evaluates the rate expression 24 hours after the schedule's last invocation."
        ScheduleExpression daily = ScheduleExpression.parse("rate(1 day)", NEW_YORK).startingAt(Instant.parse("2026-03-07T12:00:00Z"));
        assertEquals(times("2026-03-08T12:00:00Z", "2026-03-09T12:00:00Z"), daily.nextFireTimes(Instant.parse("2026-03-07T12:00:00Z"), 2));
    }

    @Test
    void aLocalTimeSkippedBySpringForwardDoesNotFire() {
        // New York, 2026-03-08: 02:00 EST becomes 03:00 EDT; 02:30 does not exist that day.
        ScheduleExpression twoThirty = ScheduleExpression.parse("cron(30 2 * * ? *)", NEW_YORK);
        assertEquals(times("2026-03-07T07:30:00Z", "2026-03-09T06:30:00Z"), twoThirty.nextFireTimes(Instant.parse("2026-03-07T00:00:00Z"), 2));
        ScheduleExpression halfHourly = ScheduleExpression.parse("cron(0/30 * * * ? *)", NEW_YORK);
        assertEquals(times("2026-03-08T06:30:00Z", "2026-03-08T07:00:00Z", "2026-03-08T07:30:00Z"),
                halfHourly.nextFireTimes(Instant.parse("2026-03-08T06:00:00Z"), 3), "01:30 EST, then 03:00 and 03:30 EDT");
    }

    @Test
    void aLocalTimeRepeatedByFallBackFiresOnceTheFirstTime() {
        // New York, 2026-11-01: 02:00 EDT becomes 01:00 EST; 01:00-01:59 happens twice.
        ScheduleExpression oneThirty = ScheduleExpression.parse("cron(30 1 * * ? *)", NEW_YORK);
        assertEquals(times("2026-11-01T05:30:00Z", "2026-11-02T06:30:00Z"), oneThirty.nextFireTimes(Instant.parse("2026-11-01T00:00:00Z"), 2));
        assertEquals(Optional.of(Instant.parse("2026-11-02T06:30:00Z")), oneThirty.nextFireTime(Instant.parse("2026-11-01T06:00:00Z")),
                "asked during the repeated hour, 01:30 has already fired");
        ScheduleExpression halfHourly = ScheduleExpression.parse("cron(0/30 * * * ? *)", NEW_YORK);
        assertEquals(times("2026-11-01T05:00:00Z", "2026-11-01T05:30:00Z", "2026-11-01T07:00:00Z"),
                halfHourly.nextFireTimes(Instant.parse("2026-11-01T04:45:00Z"), 3), "01:00 and 01:30 EDT, then 02:00 EST");
    }

    @Test
    void aZonedCronNamesLocalTimes() {
        ScheduleExpression nineAm = ScheduleExpression.parse("cron(0 9 ? * MON-FRI *)", NEW_YORK);
        assertEquals(NEW_YORK, nineAm.zone());
        assertEquals(times("2026-01-02T14:00:00Z", "2026-07-01T13:00:00Z"),
                List.of(nineAm.nextFireTime(Instant.parse("2026-01-02T00:00:00Z")).orElseThrow(),
                        nineAm.nextFireTime(Instant.parse("2026-07-01T00:00:00Z")).orElseThrow()));
        assertEquals(ZoneId.of("Z"), ScheduleExpression.parse("cron(0 9 ? * MON-FRI *)").zone(), "rules evaluate in UTC");
    }

    @Test
    void aOneTimeScheduleFiresOnceAtItsLocalTime() {
        ScheduleExpression once = ScheduleExpression.parse("at(2026-06-01T09:00:00)", NEW_YORK);
        assertEquals(ScheduleExpression.Kind.AT, once.kind());
        assertEquals(times("2026-06-01T13:00:00Z"), once.nextFireTimes(Instant.parse("2026-01-01T00:00:00Z"), 3));
        assertEquals(Optional.empty(), once.nextFireTime(Instant.parse("2026-06-01T13:00:00Z")), "an at() in the past never fires");
        assertEquals(times("2026-11-01T05:30:00Z"), ScheduleExpression.parse("at(2026-11-01T01:30:00)", NEW_YORK)
                .nextFireTimes(Instant.parse("2026-01-01T00:00:00Z"), 3), "a repeated local time: the first");
        assertEquals(List.of(), ScheduleExpression.parse("at(2026-03-08T02:30:00)", NEW_YORK)
                .nextFireTimes(Instant.parse("2026-01-01T00:00:00Z"), 3), "a skipped local time does not fire");
        assertEquals(times("2026-06-01T09:00:30Z"), ScheduleExpression.parse("at(2026-06-01T09:00:30)")
                .nextFireTimes(Instant.parse("2026-01-01T00:00:00Z"), 3));
    }

    @Test
    void aStartHoldsBackCronAndAtFires() {
        ScheduleExpression daily = ScheduleExpression.parse("cron(0 12 * * ? *)").startingAt(Instant.parse("2026-01-05T12:00:00Z"));
        assertEquals(Optional.of(Instant.parse("2026-01-05T12:00:00Z")), daily.nextFireTime(Instant.parse("2026-01-01T00:00:00Z")));
        assertEquals(Optional.of(Instant.parse("2026-01-06T12:00:00Z")), daily.nextFireTime(Instant.parse("2026-01-05T12:00:00Z")));
        assertEquals(Optional.empty(), ScheduleExpression.parse("at(2026-01-01T00:00:00)").startingAt(Instant.parse("2026-02-01T00:00:00Z"))
                .nextFireTime(Instant.parse("2025-01-01T00:00:00Z")));
    }

    @Test
    void nextFireTimesRefusesANegativeCount() {
        ScheduleExpression daily = ScheduleExpression.parse("cron(0 12 * * ? *)");
        assertEquals(List.of(), daily.nextFireTimes(Instant.EPOCH, 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> daily.nextFireTimes(Instant.EPOCH, -1));
        assertTrue(e.getMessage().contains("-1"), e.getMessage());
    }

    @Test
    void valuesAreComparedByExpressionZoneAndStart() {
        assertEquals(ScheduleExpression.parse("rate(5 minutes)"), ScheduleExpression.parse("rate(5 minutes)"));
        assertEquals(ScheduleExpression.parse("rate(5 minutes)").hashCode(), ScheduleExpression.parse("rate(5 minutes)").hashCode());
        assertTrue(!ScheduleExpression.parse("rate(5 minutes)").equals(ScheduleExpression.parse("rate(5 minutes)", NEW_YORK)));
        assertEquals("cron(0 12 * * ? *) in America/New_York", ScheduleExpression.parse("cron(0 12 * * ? *)", NEW_YORK).toString());
        assertEquals("cron(0 12 * * ? *)", ScheduleExpression.parse("cron(0 12 * * ? *)").expression());
    }
}
