package dev.monitor.core.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.Predicate;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Next fire times of random valid cron expressions, in zones with and without daylight saving (30-minute shifts
 * included), from random instants and instants near the zones' clock changes, checked against a brute-force walk
 * over the minutes that follow. The walk reads the expression's meaning from the cron reference on its own
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-cron-expressions.html): a minute fires when its local
 * time matches every field and it is the first instant with that local time, which is how EventBridge Scheduler
 * treats clock changes (https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html: a time skipped
 * by spring-forward does not run, a time repeated by fall-back runs once). To stay fast the walk jumps over whole
 * local days that do not match, and stops at the first fire or two years on.
 */
class CronScheduleProperties {
    private static final List<ZoneId> ZONES = List.of(ZoneId.of("UTC"), ZoneId.of("America/New_York"),
            ZoneId.of("Europe/London"), ZoneId.of("Australia/Lord_Howe"), ZoneId.of("America/Sao_Paulo"),
            ZoneId.of("Asia/Kolkata"), ZoneId.of("Pacific/Chatham"), ZoneId.of("America/Santiago"));
    private static final String[] DAYS = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};
    private static final String[] MONTHS = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};

    /** A generated expression, with its own reading of what each field allows. */
    record Case(String expression, ZoneId zone, Instant after, BitSet minutes, BitSet hours, BitSet months, BitSet years,
            Predicate<LocalDate> days) {
        @Override
        public String toString() {
            return expression + " in " + zone + " after " + after;
        }
    }

    @Property(tries = 400)
    void nextFireTimesEqualABruteForceWalkOverTheMinutes(@ForAll("cases") Case c) {
        ScheduleExpression schedule = ScheduleExpression.parse(c.expression(), c.zone());
        Instant after = c.after();
        for (int i = 0; i < 3; i++) {
            Optional<Instant> fast = schedule.nextFireTime(after);
            Instant horizon = after.plus(Duration.ofDays(731));
            Optional<Instant> brute = bruteForce(c, after, horizon);
            if (fast.isPresent() && fast.get().isAfter(horizon)) {
                assertEquals(Optional.empty(), brute, c + ": the walk found a fire before the next one");
                return;
            }
            assertEquals(brute, fast, c.toString());
            if (fast.isEmpty()) {
                return;
            }
            after = fast.get();
        }
    }

    @Property(tries = 200)
    void nextFireTimesAreTheNextFireTimeRepeated(@ForAll("cases") Case c) {
        ScheduleExpression schedule = ScheduleExpression.parse(c.expression(), c.zone());
        List<Instant> times = schedule.nextFireTimes(c.after(), 4);
        Instant previous = c.after();
        for (Instant time : times) {
            assertEquals(Optional.of(time), schedule.nextFireTime(previous), c.toString());
            assertTrue(time.isAfter(previous));
            assertEquals(0, time.getEpochSecond() % 60, "fires on whole minutes");
            previous = time;
        }
        if (times.size() < 4) {
            assertEquals(Optional.empty(), schedule.nextFireTime(previous));
        }
    }

    @Property(tries = 200)
    void aRateFiresEveryPeriodAfterItsStart(@ForAll("rates") String rate, @ForAll("instants") Instant start,
            @ForAll("instants") Instant after) {
        ScheduleExpression schedule = ScheduleExpression.parse(rate).startingAt(start);
        Duration period = schedule.rate().orElseThrow();
        Instant fire = schedule.nextFireTime(after).orElseThrow();
        assertTrue(fire.isAfter(after));
        assertTrue(!fire.isBefore(start));
        assertEquals(Duration.ZERO, Duration.ofNanos(Duration.between(start, fire).toNanos() % period.toNanos()));
        assertTrue(fire.equals(start) || !fire.minus(period).isAfter(after), "no fire was left out between");
        assertEquals(Optional.of(after.plus(period)), ScheduleExpression.parse(rate).nextFireTime(after));
    }

    /** Any one field of a valid expression made out of range or a word is refused, naming that field and the value. */
    @Property(tries = 200)
    void aBadFieldIsRefusedNamingTheFieldAndTheValue(@ForAll("cases") Case c, @ForAll("fieldIndexes") int field,
            @ForAll("badValues") String bad) {
        String[] fields = c.expression().substring("cron(".length(), c.expression().length() - 1).split(" ");
        int target = fields[field].equals("?") ? (field == 2 ? 4 : 2) : field;
        String[] names = {"minutes", "hours", "day-of-month", "month", "day-of-week", "year"};
        String value = bad.equals("max+1") ? String.valueOf(new int[] {60, 24, 32, 13, 8, 2200}[target]) : bad;
        fields[target] = value;
        String expression = "cron(" + String.join(" ", fields) + ")";
        InvalidScheduleExpressionException e = assertThrows(InvalidScheduleExpressionException.class, () -> ScheduleExpression.parse(expression, c.zone()), expression);
        assertEquals("cron field " + names[target], e.field(), e.getMessage());
        assertTrue(e.reason().contains("'" + value + "'"), e.getMessage());
        assertTrue(e.getMessage().startsWith("Parameter ScheduleExpression is not valid: cron field " + names[target] + ": "));
    }

    @Provide
    Arbitrary<Integer> fieldIndexes() {
        return Arbitraries.integers().between(0, 5);
    }

    @Provide
    Arbitrary<String> badValues() {
        return Arbitraries.of("max+1", "NOPE", "-1", "1-", "99999");
    }

    static Optional<Instant> bruteForce(Case c, Instant after, Instant horizon) {
        Instant t = after.truncatedTo(ChronoUnit.MINUTES).plus(1, ChronoUnit.MINUTES);
        Instant end = horizon.isBefore(Instant.parse("2200-01-02T00:00:00Z")) ? horizon : Instant.parse("2200-01-02T00:00:00Z");
        while (!t.isAfter(end)) {
            LocalDateTime local = LocalDateTime.ofInstant(t, c.zone());
            LocalDate date = local.toLocalDate();
            boolean day = date.getYear() >= 1970 && date.getYear() <= 2199 && c.years().get(date.getYear())
                    && c.months().get(date.getMonthValue()) && c.days().test(date);
            if (!day) {
                t = date.plusDays(1).atStartOfDay(c.zone()).toInstant();
                continue;
            }
            if (c.hours().get(local.getHour()) && c.minutes().get(local.getMinute())
                    && local.atZone(c.zone()).withEarlierOffsetAtOverlap().toInstant().equals(t)) {
                return Optional.of(t);
            }
            t = t.plus(1, ChronoUnit.MINUTES);
        }
        return Optional.empty();
    }

    @Provide
    Arbitrary<String> rates() {
        return Arbitraries.of("rate(1 minute)", "rate(7 minutes)", "rate(1 hour)", "rate(25 hours)", "rate(1 day)", "rate(9 days)");
    }

    @Provide
    Arbitrary<Instant> instants() {
        return Arbitraries.longs().between(Instant.parse("2020-01-01T00:00:00Z").getEpochSecond(),
                Instant.parse("2040-01-01T00:00:00Z").getEpochSecond()).map(Instant::ofEpochSecond);
    }

    @Provide
    Arbitrary<Case> cases() {
        return Arbitraries.randomValue(CronScheduleProperties::randomCase);
    }

    static Case randomCase(Random random) {
        ZoneId zone = ZONES.get(random.nextInt(ZONES.size()));
        Instant after = randomStart(random, zone);
        int startYear = LocalDateTime.ofInstant(after, zone).getYear();

        BitSet minutes = new BitSet();
        String minuteText = numeric(random, 0, 59, minutes, null);
        BitSet hours = new BitSet();
        // Every hour a third of the time, so that fires fall in the hours a clock change skips or repeats.
        String hourText = random.nextInt(3) == 0 ? all(hours, 0, 23) : numeric(random, 0, 23, hours, null);
        BitSet months = new BitSet();
        String monthText = random.nextInt(3) == 0 ? numeric(random, 1, 12, months, MONTHS) : all(months, 1, 12);
        BitSet years = new BitSet();
        String yearText;
        switch (random.nextInt(6)) {
            case 0 -> {
                int from = Math.max(1970, startYear - random.nextInt(3));
                int to = Math.min(2199, from + random.nextInt(4));
                years.set(from, to + 1);
                yearText = from + "-" + to;
            }
            case 1 -> {
                int year = Math.min(2199, startYear + random.nextInt(2));
                years.set(year);
                yearText = String.valueOf(year);
            }
            default -> yearText = all(years, 1970, 2199);
        }
        String dom;
        String dow;
        Predicate<LocalDate> days;
        if (random.nextBoolean()) {
            dow = "?";
            switch (random.nextInt(6)) {
                case 0 -> {
                    dom = "L";
                    days = d -> d.plusDays(1).getMonth() != d.getMonth();
                }
                case 1 -> {
                    dom = "LW";
                    days = d -> isWeekday(d) && weekdaysAfterInMonth(d) == 0;
                }
                case 2 -> {
                    int n = random.nextInt(10) < 7 ? 1 + random.nextInt(31) : (random.nextBoolean() ? 1 : 28 + random.nextInt(4));
                    dom = n + "W";
                    days = d -> d.equals(nearestWeekday(d, n));
                }
                default -> {
                    BitSet values = new BitSet();
                    dom = numeric(random, 1, 31, values, null);
                    days = d -> values.get(d.getDayOfMonth());
                }
            }
        } else {
            dom = "?";
            switch (random.nextInt(6)) {
                case 0 -> {
                    dow = "L";
                    days = d -> d.getDayOfWeek() == DayOfWeek.SATURDAY;
                }
                case 1 -> {
                    int n = 1 + random.nextInt(7);
                    dow = (random.nextBoolean() ? String.valueOf(n) : DAYS[n - 1]) + "L";
                    days = d -> awsDayOfWeek(d) == n && d.plusWeeks(1).getMonth() != d.getMonth();
                }
                case 2 -> {
                    int n = 1 + random.nextInt(7);
                    int k = 1 + random.nextInt(5);
                    dow = (random.nextBoolean() ? String.valueOf(n) : DAYS[n - 1]) + "#" + k;
                    days = d -> awsDayOfWeek(d) == n && (d.getDayOfMonth() - 1) / 7 + 1 == k;
                }
                default -> {
                    BitSet values = new BitSet();
                    dow = numericWithoutStep(random, 1, 7, values, DAYS);
                    days = d -> values.get(awsDayOfWeek(d));
                }
            }
        }
        String expression = "cron(" + String.join(" ", minuteText, hourText, dom, monthText, dow, yearText) + ")";
        return new Case(expression, zone, after, minutes, hours, months, years, days);
    }

    /**
     * A random instant in 2020-2040; a third of the time within three days before one of the zone's clock changes and
     * a third within three hours of one.
     */
    private static Instant randomStart(Random random, ZoneId zone) {
        Instant uniform = Instant.ofEpochSecond(Instant.parse("2020-01-01T00:00:00Z").getEpochSecond()
                + (long) (random.nextDouble() * Duration.ofDays(365L * 20).toSeconds()));
        int near = random.nextInt(3);
        ZoneOffsetTransition transition = zone.getRules().nextTransition(uniform);
        if (near > 0 && transition != null) {
            int seconds = near == 1 ? 3 * 24 * 3600 : 3 * 3600;
            return transition.getInstant().minusSeconds(random.nextInt(seconds)).plusSeconds(near == 2 ? 1800 : 0);
        }
        return uniform;
    }

    private static String all(BitSet values, int min, int max) {
        values.set(min, max + 1);
        return "*";
    }

    /** A field's text and, in {@code values}, what it allows: *, a value, a range, an increment or a list. */
    private static String numeric(Random random, int min, int max, BitSet values, String[] names) {
        switch (random.nextInt(7)) {
            case 0 -> {
                int step = 1 + random.nextInt(max);
                for (int v = min; v <= max; v += step) {
                    values.set(v);
                }
                return "*/" + step;
            }
            case 1 -> {
                int from = min + random.nextInt(max - min + 1);
                int step = 1 + random.nextInt(max);
                for (int v = from; v <= max; v += step) {
                    values.set(v);
                }
                return from + "/" + step;
            }
            case 2 -> {
                int from = min + random.nextInt(max - min + 1);
                int to = from + random.nextInt(max - from + 1);
                // at most the field's largest value, the parser's rule for increments (0-23/24 is refused)
                int step = 1 + random.nextInt(Math.max(1, Math.min(to - from + 1, max)));
                for (int v = from; v <= to; v += step) {
                    values.set(v);
                }
                return name(from, min, names, random) + "-" + name(to, min, names, random) + "/" + step;
            }
            default -> {
                return numericWithoutStep(random, min, max, values, names);
            }
        }
    }

    private static String numericWithoutStep(Random random, int min, int max, BitSet values, String[] names) {
        switch (random.nextInt(4)) {
            case 0 -> {
                return all(values, min, max);
            }
            case 1 -> {
                int from = min + random.nextInt(max - min + 1);
                int to = from + random.nextInt(max - from + 1);
                values.set(from, to + 1);
                return name(from, min, names, random) + "-" + name(to, min, names, random);
            }
            case 2 -> {
                List<String> items = new ArrayList<>();
                for (int i = 0, n = 2 + random.nextInt(3); i < n; i++) {
                    int v = min + random.nextInt(max - min + 1);
                    values.set(v);
                    items.add(name(v, min, names, random));
                }
                return String.join(",", items);
            }
            default -> {
                int v = min + random.nextInt(max - min + 1);
                values.set(v);
                return name(v, min, names, random);
            }
        }
    }

    private static String name(int value, int min, String[] names, Random random) {
        return names != null && random.nextBoolean() ? names[value - min] : String.valueOf(value);
    }

    private static int awsDayOfWeek(LocalDate date) {
        return date.getDayOfWeek() == DayOfWeek.SUNDAY ? 1 : date.getDayOfWeek().getValue() + 1;
    }

    private static boolean isWeekday(LocalDate date) {
        return date.getDayOfWeek() != DayOfWeek.SATURDAY && date.getDayOfWeek() != DayOfWeek.SUNDAY;
    }

    private static int weekdaysAfterInMonth(LocalDate date) {
        int count = 0;
        for (LocalDate d = date.plusDays(1); d.getMonth() == date.getMonth(); d = d.plusDays(1)) {
            count += isWeekday(d) ? 1 : 0;
        }
        return count;
    }

    /** The weekday of {@code date}'s month closest to day {@code n}, or null when the month has no day {@code n}. */
    private static LocalDate nearestWeekday(LocalDate date, int n) {
        if (n > date.lengthOfMonth()) {
            return null;
        }
        LocalDate best = null;
        for (LocalDate d = date.withDayOfMonth(1); d.getMonth() == date.getMonth(); d = d.plusDays(1)) {
            if (isWeekday(d) && (best == null || Math.abs(d.getDayOfMonth() - n) < Math.abs(best.getDayOfMonth() - n))) {
                best = d;
            }
        }
        return best;
    }
}
