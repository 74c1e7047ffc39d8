package dev.monitor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code monitor events next-fire-times}: fire times of EventBridge schedule expressions
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-scheduled-rule-pattern.html), in UTC to the second,
 * and an expression EventBridge refuses exits 252 with the field and the reason.
 */
class ScheduleCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<String> fireTimes(CliRun cli) throws Exception {
        JsonNode answer = JSON.readTree(cli.out());
        assertEquals(List.of("FireTimes"), iterable(answer.fieldNames()));
        List<String> times = new ArrayList<>();
        answer.get("FireTimes").forEach(time -> times.add(time.asText()));
        return times;
    }

    private static List<String> iterable(java.util.Iterator<String> names) {
        List<String> list = new ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }

    @Test
    void printsTheNextFireTimesInUtcToTheSecondAsTheAwsCliLaysOutJson() throws Exception {
        CliRun cli = new CliRun();
        assertEquals(0, cli.run("events", "next-fire-times", "--schedule-expression", "cron(0 18 ? * MON-FRI *)",
                "--after", "2026-01-02T17:00:00Z", "--count", "3"), cli.err());
        assertEquals("{\n    \"FireTimes\": [\n        \"2026-01-02T18:00:00Z\",\n        \"2026-01-05T18:00:00Z\",\n"
                + "        \"2026-01-06T18:00:00Z\"\n    ]\n}\n", cli.out().replace(System.lineSeparator(), "\n"));
        assertEquals("", cli.err());
    }

    @Test
    void tenFireTimesUnlessToldAndTheTimeZoneNamesLocalTimes() throws Exception {
        CliRun cli = new CliRun();
        assertEquals(0, cli.run("events", "next-fire-times", "--schedule-expression", "cron(30 1 * * ? *)",
                "--after", "2026-10-30T00:00:00Z", "--time-zone", "America/New_York"), cli.err());
        List<String> times = fireTimes(cli);
        assertEquals(10, times.size());
        // 01:30 EDT, then on 2026-11-01 the first 01:30 only (clocks fall back at 02:00), then 01:30 EST.
        assertEquals(List.of("2026-10-30T05:30:00Z", "2026-10-31T05:30:00Z", "2026-11-01T05:30:00Z", "2026-11-02T06:30:00Z"),
                times.subList(0, 4));
    }

    @Test
    void afterIsNowUnlessGivenAndARateFiresEveryPeriodFromIt() throws Exception {
        Instant before = Instant.now();
        CliRun cli = new CliRun();
        assertEquals(0, cli.run("events", "next-fire-times", "--schedule-expression", "rate(1 hour)", "--count", "2"), cli.err());
        Instant after = Instant.now();
        List<String> times = fireTimes(cli);
        Instant first = Instant.parse(times.get(0));
        assertTrue(!first.isBefore(before.plus(Duration.ofHours(1)).minusSeconds(1)) && !first.isAfter(after.plus(Duration.ofHours(1))),
                first + " is an hour after the run");
        assertEquals(first.plus(Duration.ofHours(1)), Instant.parse(times.get(1)));

        CliRun epoch = new CliRun();
        assertEquals(0, epoch.run("events", "next-fire-times", "--schedule-expression", "rate(5 minutes)", "--count", "2",
                "--after", "1767225600"), epoch.err());
        assertEquals(List.of("2026-01-01T00:05:00Z", "2026-01-01T00:10:00Z"), fireTimes(epoch));
    }

    @Test
    void aScheduleThatEndsPrintsFewerOrNone() throws Exception {
        CliRun over = new CliRun();
        assertEquals(0, over.run("events", "next-fire-times", "--schedule-expression", "cron(15 10 ? * 6L 2002-2005)",
                "--after", "2026-01-01T00:00:00Z"), over.err());
        assertEquals("{\n    \"FireTimes\": []\n}\n", over.out().replace(System.lineSeparator(), "\n"));
        CliRun once = new CliRun();
        assertEquals(0, once.run("events", "next-fire-times", "--schedule-expression", "at(2026-06-01T09:00:00)",
                "--after", "2026-01-01T00:00:00Z", "--time-zone", "Europe/Paris"), once.err());
        assertEquals(List.of("2026-06-01T07:00:00Z"), fireTimes(once));
    }

    @Test
    void anExpressionEventBridgeRefusesExits252NamingTheFieldAndTheReason() {
        CliRun cli = new CliRun();
        assertEquals(MonitorCli.USAGE_ERROR, cli.run("events", "next-fire-times", "--schedule-expression", "cron(7 20 * * NOT *)"));
        assertEquals("", cli.out());
        assertEquals("monitor: error: --schedule-expression: Parameter ScheduleExpression is not valid: cron field day-of-week: "
                + "'NOT' is not a day of the week (1-7 or SUN-SAT)\n", cli.err().replace(System.lineSeparator(), "\n"));

        CliRun rate = new CliRun();
        assertEquals(MonitorCli.USAGE_ERROR, rate.run("events", "next-fire-times", "--schedule-expression", "rate(1 minutes)"));
        assertTrue(rate.err().contains("rate unit: 'minutes' is plural but the value is 1: use 'minute'"), rate.err());
    }

    @Test
    void badOptionsExit252NamingEach() {
        CliRun cli = new CliRun();
        assertEquals(MonitorCli.USAGE_ERROR, cli.run("events", "next-fire-times", "--schedule-expression", "rate(5 minutes)",
                "--count", "0", "--after", "yesterday", "--time-zone", "Mars/Olympus_Mons"));
        assertEquals("", cli.out());
        assertTrue(cli.err().contains("monitor: error: --count 0 is not between 1 and 1000"), cli.err());
        assertTrue(cli.err().contains("monitor: error: --after 'yesterday' is not a time"), cli.err());
        assertTrue(cli.err().contains("monitor: error: --time-zone 'Mars/Olympus_Mons' is not an IANA time zone"), cli.err());

        CliRun missing = new CliRun();
        assertEquals(MonitorCli.USAGE_ERROR, missing.run("events", "next-fire-times"));
        assertTrue(missing.err().contains("Missing required option: '--schedule-expression=EXPR'"), missing.err());
    }
}
