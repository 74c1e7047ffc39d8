package dev.monitor.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.monitor.core.events.ScheduleExpression;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/** The schedule verbs of {@code monitor events}. */
final class ScheduleCommands {
    /** How many fire times {@code next-fire-times} prints unless told. */
    static final int DEFAULT_COUNT = 10;
    /** The most it prints at once. */
    static final int MAX_COUNT = 1000;

    private ScheduleCommands() {
    }

    /** {@code {"FireTimes": ["2026-01-01T00:00:00Z", ...]}}: when a schedule expression fires next. */
    @Command(name = "next-fire-times", mixinStandardHelpOptions = true,
            description = "Prints when a schedule expression fires next, in UTC to the second: "
                    + "{\"FireTimes\": [\"2026-01-01T00:00:00Z\", ...]}. An expression EventBridge would refuse exits 252.")
    static final class NextFireTimes implements Callable<Integer> {
        /** Where "now" comes from; the default --after. */
        Clock clock = Clock.systemUTC();

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--schedule-expression", required = true, paramLabel = "EXPR",
                description = "rate(5 minutes), cron(0 12 * * ? *) or at(2026-06-01T09:00:00).")
        String expression;

        @Option(names = "--count", defaultValue = "" + DEFAULT_COUNT, paramLabel = "N",
                description = "How many fire times, 1 to " + MAX_COUNT + " (default: ${DEFAULT-VALUE}).")
        int count;

        @Option(names = "--after", paramLabel = "TIME",
                description = "Fire times strictly after this time (default: now); a rate fires every period from it. "
                        + "ISO 8601 (UTC without an offset) or epoch seconds.")
        String after;

        @Option(names = "--time-zone", paramLabel = "ZONE",
                description = "The IANA time zone cron() and at() name local times in, as EventBridge Scheduler's "
                        + "ScheduleExpressionTimezone (default: UTC, as EventBridge rules).")
        String timeZone;

        @Override
        public Integer call() throws Exception {
            List<String> problems = new ArrayList<>();
            if (count < 1 || count > MAX_COUNT) {
                problems.add("--count " + count + " is not between 1 and " + MAX_COUNT);
            }
            Instant from = after == null ? clock.instant() : Times.parse("--after", after, problems);
            ZoneId zone = ZoneOffset.UTC;
            if (timeZone != null) {
                try {
                    zone = ZoneId.of(timeZone);
                } catch (DateTimeException e) {
                    problems.add("--time-zone '" + timeZone + "' is not an IANA time zone such as America/New_York");
                }
            }
            ScheduleExpression schedule = null;
            try {
                schedule = ScheduleExpression.parse(expression, zone);
            } catch (IllegalArgumentException e) {
                problems.add(Output.problem("--schedule-expression", e));
            }
            if (!problems.isEmpty()) {
                return Output.usageError(spec, problems);
            }
            ObjectNode answer = Output.JSON.createObjectNode();
            ArrayNode times = answer.putArray("FireTimes");
            for (Instant time : schedule.nextFireTimes(from, count)) {
                times.add(DateTimeFormatter.ISO_INSTANT.format(time.truncatedTo(ChronoUnit.SECONDS)));
            }
            return Output.json(spec, answer);
        }
    }
}
