package dev.monitor.core.events;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An EventBridge schedule expression and the times it fires, computed from instants only (never the wall clock), so a
 * schedule runs on whatever {@link java.time.Clock} the caller reads its instants from.
 *
 * <ul>
 * <li>{@code rate(value unit)}: every {@code value} minutes, hours or days, the unit singular for 1 and plural
 * otherwise (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-scheduled-rule-pattern.html#eb-rate-expressions,
 * the value at most 2147483647). A day is 24 hours
 * whatever the time zone, as EventBridge Scheduler counts it across daylight-saving changes. A rate fires relative to
 * its start ({@link #startingAt}): a rule's creation, as "a rate expression starts when you create the scheduled
 * event rule" says. Without a start, the instant given to {@link #nextFireTime} is taken as the start, so the next
 * fire is one period after it (after the last fire, when that is what the caller passes).
 * <li>{@code cron(minutes hours day-of-month month day-of-week year)} with {@code , - * / ? L W #}, JAN-DEC and
 * SUN-SAT (1-7 is SUN-SAT), exactly one of the day fields {@code ?}, years 1970-2199
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-cron-expressions.html). It names local times in
 * {@link #zone()} (UTC for rules, as EventBridge rules use); daylight saving is handled as EventBridge Scheduler
 * documents (https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html): a local time the clocks
 * skip when they shift forward does not fire, and a local time that happens twice when they shift back fires once,
 * the first time.
 * <li>{@code at(yyyy-mm-ddThh:mm:ss)}: EventBridge Scheduler's one-time schedule, at that local time in the zone
 * (the first time when it happens twice; never when the clocks skip it, as for cron).
 * </ul>
 *
 * <p>Where the cron reference is silent this follows Quartz, whose syntax it documents: names and letters in any case,
 * {@code LW} for the last weekday of the month, {@code nW} never crossing into another month (and not firing in a
 * month without day n), {@code L} alone in day-of-week for Saturday. It refuses what the reference does not
 * describe: a backwards range such as {@code 22-2}, {@code L-3}, {@code /} in day-of-week, {@code L}, {@code W} or
 * {@code #} inside a list, an increment larger than the field (59 minutes, 23 hours, 31 days, 12 months, 229 years),
 * fields not separated by single spaces.
 *
 * <p>Immutable, so safe to share between threads. Parsing is the only costly step; a next fire time costs a walk over
 * the matching days, not over minutes.
 */
public final class ScheduleExpression {
    /** What kind of schedule an expression is. */
    public enum Kind {
        /** {@code rate(value unit)}: recurring at a fixed period. */
        RATE,
        /** {@code cron(fields)}: recurring at the local times the fields name. */
        CRON,
        /** {@code at(yyyy-mm-ddThh:mm:ss)}: once (EventBridge Scheduler only). */
        AT
    }

    /** PutRule and CreateSchedule refuse longer expressions (their ScheduleExpression is at most 256 characters). */
    static final int MAX_LENGTH = 256;
    private static final Pattern AT = Pattern.compile("(\\d{4})-(\\d{2})-(\\d{2})T(\\d{2}):(\\d{2}):(\\d{2})");

    private final String expression;
    private final ZoneId zone;
    private final Kind kind;
    private final Duration period;
    private final Instant start;
    private final CronSchedule cron;
    private final LocalDateTime at;

    private ScheduleExpression(String expression, ZoneId zone, Kind kind, Duration period, Instant start,
            CronSchedule cron, LocalDateTime at) {
        this.expression = expression;
        this.zone = zone;
        this.kind = kind;
        this.period = period;
        this.start = start;
        this.cron = cron;
        this.at = at;
    }

    /** The expression in UTC, as EventBridge rules evaluate schedules. */
    public static ScheduleExpression parse(String expression) {
        return parse(expression, ZoneOffset.UTC);
    }

    /**
     * The expression evaluated in {@code zone} (EventBridge Scheduler's {@code ScheduleExpressionTimezone}).
     *
     * @throws InvalidScheduleExpressionException when EventBridge would refuse it; the message names the part and
     *     the rule
     */
    public static ScheduleExpression parse(String expression, ZoneId zone) {
        Objects.requireNonNull(zone, "zone");
        if (expression == null || expression.isEmpty()) {
            throw invalid(expression, "expression", "it is empty: expected rate(value unit), cron(fields) or "
                    + "at(yyyy-mm-ddThh:mm:ss)");
        }
        if (expression.length() > MAX_LENGTH) {
            throw invalid(expression, "expression", "it is " + expression.length() + " characters long, more than the "
                    + MAX_LENGTH + " EventBridge takes");
        }
        if (expression.startsWith("rate(") && expression.endsWith(")")) {
            return new ScheduleExpression(expression, zone, Kind.RATE, rate(expression, body(expression, "rate(")),
                    null, null, null);
        }
        if (expression.startsWith("cron(") && expression.endsWith(")")) {
            return new ScheduleExpression(expression, zone, Kind.CRON, null, null,
                    CronSchedule.parse(expression, body(expression, "cron(")), null);
        }
        if (expression.startsWith("at(") && expression.endsWith(")")) {
            return new ScheduleExpression(expression, zone, Kind.AT, null, null, null,
                    at(expression, body(expression, "at(")));
        }
        String hint = !expression.equals(expression.strip()) ? " (it has white space around it)"
                : expression.contains("(") && !expression.endsWith(")") ? " (it does not end with ')')" : "";
        throw invalid(expression, "expression", "'" + expression + "' is not rate(value unit), cron(fields) or "
                + "at(yyyy-mm-ddThh:mm:ss)" + hint);
    }

    private static String body(String expression, String opening) {
        return expression.substring(opening.length(), expression.length() - 1);
    }

    private static Duration rate(String expression, String body) {
        if (body.isEmpty()) {
            throw invalid(expression, "rate value", "missing: expected a positive whole number and a unit, as in "
                    + "rate(5 minutes)");
        }
        if (!CronSchedule.singleSpaced(body)) {
            throw invalid(expression, "rate", "the value and the unit must be separated by one space, with none "
                    + "around them, as in rate(5 minutes) (found '" + body + "')");
        }
        String[] parts = body.split(" ");
        if (!parts[0].matches("[0-9]+")) {
            throw invalid(expression, "rate value", "'" + parts[0] + "' is not a positive whole number");
        }
        if (parts[0].length() > 10 || Long.parseLong(parts[0]) > Integer.MAX_VALUE) {
            throw invalid(expression, "rate value", "'" + parts[0] + "' is larger than " + Integer.MAX_VALUE);
        }
        long value = Long.parseLong(parts[0]);
        if (value == 0) {
            throw invalid(expression, "rate value", "'" + parts[0] + "' is not positive");
        }
        if (parts.length == 1) {
            throw invalid(expression, "rate unit", "missing: expected minute(s), hour(s) or day(s) after the value");
        }
        if (parts.length > 2) {
            throw invalid(expression, "rate", "expected a value and a unit but found " + parts.length + " words in '"
                    + body + "'");
        }
        String unit = parts[1];
        String singular = unit.endsWith("s") ? unit.substring(0, unit.length() - 1) : unit;
        Duration one = switch (singular) {
            case "minute" -> Duration.ofMinutes(1);
            case "hour" -> Duration.ofHours(1);
            case "day" -> Duration.ofDays(1);
            default -> throw invalid(expression, "rate unit", "'" + unit + "' is not one of minute, minutes, hour, "
                    + "hours, day, days");
        };
        boolean plural = !unit.equals(singular);
        if (value == 1 && plural) {
            throw invalid(expression, "rate unit", "'" + unit + "' is plural but the value is 1: use '" + singular
                    + "'");
        }
        if (value != 1 && !plural) {
            throw invalid(expression, "rate unit", "'" + unit + "' is singular but the value is " + value + ": use '"
                    + unit + "s'");
        }
        return one.multipliedBy(value);
    }

    private static LocalDateTime at(String expression, String body) {
        Matcher matcher = AT.matcher(body);
        if (!matcher.matches()) {
            throw invalid(expression, "at", "expected a date and time as yyyy-mm-ddThh:mm:ss, as in "
                    + "at(2026-06-01T09:00:00), found '" + body + "'");
        }
        try {
            return LocalDateTime.of(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)),
                    Integer.parseInt(matcher.group(3)), Integer.parseInt(matcher.group(4)),
                    Integer.parseInt(matcher.group(5)), Integer.parseInt(matcher.group(6)));
        } catch (DateTimeException e) {
            throw invalid(expression, "at", "'" + body + "' is not a date and time: " + e.getMessage());
        }
    }

    private static InvalidScheduleExpressionException invalid(String expression, String field, String reason) {
        return CronSchedule.invalid(expression, field, reason);
    }

    /**
     * This schedule starting at {@code start} (EventBridge Scheduler's {@code StartDate}; a rule's creation): a rate
     * fires at {@code start} and every period after it; a cron or at schedule fires only at or after {@code start}.
     */
    public ScheduleExpression startingAt(Instant start) {
        Objects.requireNonNull(start, "start");
        return new ScheduleExpression(expression, zone, kind, period, start, cron, at);
    }

    /**
     * The first fire time strictly after {@code after}; empty when there is none: an {@code at} time that has
     * passed (or that the zone's clocks skip), a cron expression whose years are over.
     */
    public Optional<Instant> nextFireTime(Instant after) {
        Objects.requireNonNull(after, "after");
        try {
            return switch (kind) {
                case RATE -> Optional.of(nextRate(after));
                case CRON -> cron.next(start == null || !start.isAfter(after) ? after : start.minusNanos(1), zone);
                case AT -> atInstant().filter(fire -> fire.isAfter(after) && (start == null || !fire.isBefore(start)));
            };
        } catch (DateTimeException | ArithmeticException beyondTime) {
            return Optional.empty(); // the next fire would be past the end of time (Instant.MAX)
        }
    }

    private Instant nextRate(Instant after) {
        if (start == null) {
            return after.plus(period);
        }
        if (after.isBefore(start)) {
            return start;
        }
        long periods = Duration.between(start, after).dividedBy(period) + 1;
        return start.plus(period.multipliedBy(periods));
    }

    private Optional<Instant> atInstant() {
        List<ZoneOffset> offsets = zone.getRules().getValidOffsets(at);
        if (offsets.isEmpty()) {
            return Optional.empty();
        }
        ZoneOffsetTransition transition = zone.getRules().getTransition(at);
        // Of the two offsets of a repeated local time, the one before the transition gives the first instant.
        return Optional.of(at.toInstant(transition != null ? transition.getOffsetBefore() : offsets.get(0)));
    }

    /**
     * The next {@code count} fire times after {@code after}, in order; fewer when the schedule ends.
     *
     * @throws IllegalArgumentException when {@code count} is negative
     */
    public List<Instant> nextFireTimes(Instant after, int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative, was " + count);
        }
        List<Instant> times = new ArrayList<>(Math.min(count, 1000));
        Instant previous = Objects.requireNonNull(after, "after");
        ScheduleExpression anchored = kind == Kind.RATE && start == null ? startingAt(after.plus(period)) : this;
        while (times.size() < count) {
            Optional<Instant> next = anchored.nextFireTime(previous);
            if (next.isEmpty()) {
                break;
            }
            previous = next.get();
            times.add(previous);
        }
        return times;
    }

    /** The expression as given, such as {@code cron(0 12 * * ? *)}. */
    public String expression() {
        return expression;
    }

    /** The zone the expression names local times in; UTC unless one was given. */
    public ZoneId zone() {
        return zone;
    }

    public Kind kind() {
        return kind;
    }

    /** The period of a {@code rate} expression; empty for the others. */
    public Optional<Duration> rate() {
        return Optional.ofNullable(period);
    }

    /** The start set by {@link #startingAt}, if any. */
    public Optional<Instant> start() {
        return Optional.ofNullable(start);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ScheduleExpression that && expression.equals(that.expression) && zone.equals(that.zone)
                && Objects.equals(start, that.start);
    }

    @Override
    public int hashCode() {
        return Objects.hash(expression, zone, start);
    }

    @Override
    public String toString() {
        return expression + (zone.equals(ZoneOffset.UTC) ? "" : " in " + zone)
                + (start == null ? "" : " from " + start);
    }
}
