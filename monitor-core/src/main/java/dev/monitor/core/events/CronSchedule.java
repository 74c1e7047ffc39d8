package dev.monitor.core.events;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneRules;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The fields of one EventBridge {@code cron(minutes hours day-of-month month day-of-week year)} expression, read as
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-cron-expressions.html defines them, and the next local
 * time they name in a time zone. Immutable, so safe to share between threads.
 */
final class CronSchedule {
    static final int FIRST_YEAR = 1970;
    static final int LAST_YEAR = 2199;
    /** Before this every candidate (1970-01-01T00:00 in any zone, offsets are at most 18 hours) comes later. */
    private static final Instant BEFORE_ANY = Instant.parse("1969-12-30T00:00:00Z");
    /** After this no candidate (2199-12-31T23:59 in any zone) comes later. */
    private static final Instant AFTER_ALL = Instant.parse("2200-01-02T00:00:00Z");

    private static final String[] FIELDS = {"minutes", "hours", "day-of-month", "month", "day-of-week", "year"};
    private static final String[] MONTHS =
            {"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
    /** AWS numbers the days of the week 1 (SUN) to 7 (SAT), as the cron reference's table and its 3#2 example say. */
    private static final String[] DAYS = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};

    /** How a day field picks days; ANY is its {@code ?}. */
    enum DayRule { ANY, SET, LAST_DAY, LAST_WEEKDAY, NEAREST_WEEKDAY, LAST_OF_MONTH, NTH_OF_MONTH }

    private final long minutes;
    private final int hours;
    private final int months;
    private final BitSet years;
    private final DayRule dayOfMonthRule;
    /** Days 1-31 as bits for SET; the day for NEAREST_WEEKDAY. */
    private final long dayOfMonth;
    private final DayRule dayOfWeekRule;
    /** Days of the week 1-7 as bits for SET; the day for LAST_OF_MONTH and NTH_OF_MONTH. */
    private final int dayOfWeek;
    /** The week (1-5) for NTH_OF_MONTH. */
    private final int week;

    private CronSchedule(long minutes, int hours, int months, BitSet years, DayRule dayOfMonthRule, long dayOfMonth,
            DayRule dayOfWeekRule, int dayOfWeek, int week) {
        this.minutes = minutes;
        this.hours = hours;
        this.months = months;
        this.years = years;
        this.dayOfMonthRule = dayOfMonthRule;
        this.dayOfMonth = dayOfMonth;
        this.dayOfWeekRule = dayOfWeekRule;
        this.dayOfWeek = dayOfWeek;
        this.week = week;
    }

    /** Reads the text between {@code cron(} and {@code )}; {@code expression} is the whole text, for messages. */
    static CronSchedule parse(String expression, String fieldsText) {
        if (fieldsText.isEmpty()) {
            throw invalid(expression, "cron", "expected 6 fields (minutes hours day-of-month month day-of-week year) "
                    + "but found none");
        }
        if (!singleSpaced(fieldsText)) {
            throw invalid(expression, "cron", "the 6 fields must be separated by single spaces, with none around them "
                    + "(found '" + fieldsText + "')");
        }
        String[] fields = fieldsText.split(" ");
        if (fields.length != 6) {
            throw invalid(expression, "cron", "expected 6 fields (minutes hours day-of-month month day-of-week year) "
                    + "but found " + fields.length + " in '" + fieldsText + "'");
        }
        Parser parser = new Parser(expression);
        long minutes = first(parser.list(0, fields[0], 0, 59, null));
        int hours = (int) first(parser.list(1, fields[1], 0, 23, null));
        int months = (int) first(parser.list(3, fields[3], 1, 12, MONTHS));
        BitSet yearValues = parser.list(5, fields[5], FIRST_YEAR, LAST_YEAR, null);
        BitSet years = yearValues.get(FIRST_YEAR, LAST_YEAR + 1);

        boolean domAny = fields[2].equals("?");
        boolean dowAny = fields[4].equals("?");
        DayRule domRule = DayRule.ANY;
        long dom = 0;
        if (!domAny) {
            String upper = fields[2].toUpperCase(Locale.ROOT);
            if (upper.equals("L")) {
                domRule = DayRule.LAST_DAY;
            } else if (upper.equals("LW")) {
                domRule = DayRule.LAST_WEEKDAY;
            } else if (upper.matches("[0-9]+W")) {
                domRule = DayRule.NEAREST_WEEKDAY;
                dom = parser.value(2, fields[2].substring(0, fields[2].length() - 1), 1, 31, null);
            } else if (upper.contains("L") || upper.contains("W")) {
                throw invalid(expression, "cron field day-of-month", "'L' and 'W' stand alone: use L (the last day), "
                        + "LW (the last weekday) or a day followed by W such as 15W (the weekday nearest the 15th), "
                        + "found '" + fields[2] + "'");
            } else {
                domRule = DayRule.SET;
                dom = first(parser.list(2, fields[2], 1, 31, null));
            }
        }
        DayRule dowRule = DayRule.ANY;
        int dow = 0;
        int week = 0;
        if (!dowAny) {
            String text = fields[4];
            String upper = text.toUpperCase(Locale.ROOT);
            if (upper.equals("L")) {
                // "The L wildcard in the ... Day-of-week field specifies the last day of the ... week": SAT (7).
                dowRule = DayRule.SET;
                dow = 1 << 7;
            } else if (upper.matches("[^,#L-]+L")) {
                dowRule = DayRule.LAST_OF_MONTH;
                dow = parser.value(4, text.substring(0, text.length() - 1), 1, 7, DAYS);
            } else if (upper.matches("[^,#L-]+#[^,#L-]*")) {
                int hash = text.indexOf('#');
                dowRule = DayRule.NTH_OF_MONTH;
                dow = parser.value(4, text.substring(0, hash), 1, 7, DAYS);
                String n = text.substring(hash + 1);
                if (!n.matches("[1-5]")) {
                    throw invalid(expression, "cron field day-of-week", "the week after '#' in '" + text
                            + "' must be 1-5 (the first to the fifth such day of the month)");
                }
                week = Integer.parseInt(n);
            } else if (upper.contains("L") || upper.contains("#")) {
                throw invalid(expression, "cron field day-of-week", "'L' and '#' stand alone: use L (the last day of "
                        + "the week), a day followed by L such as 6L (the last Friday of the month) or a day, '#' and "
                        + "a week such as 3#2 (the second Tuesday), found '" + text + "'");
            } else if (text.contains("/")) {
                throw invalid(expression, "cron field day-of-week", "'/' is not allowed in day-of-week (it allows "
                        + ", - * ? L #), found '" + text + "'");
            } else {
                dowRule = DayRule.SET;
                dow = (int) first(parser.list(4, text, 1, 7, DAYS));
            }
        }
        if (domAny == dowAny) {
            throw invalid(expression, "cron fields day-of-month and day-of-week", domAny
                    ? "only one of them may be '?': the other must say which days"
                    : "one of them must be '?' (found '" + fields[2] + "' and '" + fields[4] + "'): "
                            + "EventBridge does not combine a day of the month with a day of the week");
        }
        return new CronSchedule(minutes, hours, months, years, domRule, dom, dowRule, dow, week);
    }

    private static long first(BitSet bits) {
        long[] words = bits.toLongArray();
        return words.length == 0 ? 0 : words[0];
    }

    /** Words separated by single spaces, with no other white space. */
    static boolean singleSpaced(String text) {
        return text.equals(text.strip()) && !text.contains("  ")
                && text.chars().noneMatch(c -> c != ' ' && Character.isWhitespace(c));
    }

    static InvalidScheduleExpressionException invalid(String expression, String field, String reason) {
        return new InvalidScheduleExpressionException(expression, field, reason);
    }

    /**
     * The first minute after {@code after} whose local time in {@code zone} the fields name, as EventBridge Scheduler
     * handles daylight saving (https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html, "Daylight
     * savings time"): a local time that does not exist because clocks shift forward is skipped, and a local time that
     * happens twice because clocks shift back fires once, the first time. Empty when no such minute comes before the
     * year field's end (2199 at the latest).
     */
    Optional<Instant> next(Instant after, ZoneId zone) {
        if (after.isAfter(AFTER_ALL)) {
            return Optional.empty();
        }
        LocalDateTime start = after.isBefore(BEFORE_ANY) ? null
                : LocalDateTime.ofInstant(after, zone).truncatedTo(ChronoUnit.MINUTES);
        if (start == null || start.getYear() < FIRST_YEAR) {
            start = LocalDateTime.of(FIRST_YEAR, 1, 1, 0, 0);
        }
        ZoneRules rules = zone.getRules();
        for (int year = start.getYear(); year <= LAST_YEAR; year++) {
            if (!years.get(year - FIRST_YEAR)) {
                continue;
            }
            boolean sameYear = year == start.getYear();
            for (int month = sameYear ? start.getMonthValue() : 1; month <= 12; month++) {
                if ((months & 1 << month) == 0) {
                    continue;
                }
                boolean sameMonth = sameYear && month == start.getMonthValue();
                long days = days(year, month);
                for (int day = sameMonth ? start.getDayOfMonth() : 1; day <= 31; day++) {
                    if ((days & 1L << day) == 0) {
                        continue;
                    }
                    boolean sameDay = sameMonth && day == start.getDayOfMonth();
                    for (int hour = sameDay ? start.getHour() : 0; hour < 24; hour++) {
                        if ((hours & 1 << hour) == 0) {
                            continue;
                        }
                        boolean sameHour = sameDay && hour == start.getHour();
                        for (int minute = sameHour ? start.getMinute() : 0; minute < 60; minute++) {
                            if ((minutes & 1L << minute) == 0) {
                                continue;
                            }
                            Instant fire = firstInstant(rules, LocalDateTime.of(year, month, day, hour, minute));
                            // Null: skipped by spring-forward. Not after `after`: this local time's one fire
                            // came before (fall-back repeats it later).
                            if (fire != null && fire.isAfter(after)) {
                                return Optional.of(fire);
                            }
                        }
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** The earliest instant with this local time, or null when the zone's clocks skip it. */
    private static Instant firstInstant(ZoneRules rules, LocalDateTime local) {
        List<ZoneOffset> offsets = rules.getValidOffsets(local);
        Instant first = null;
        for (ZoneOffset offset : offsets) {
            Instant candidate = local.toInstant(offset);
            if (first == null || candidate.isBefore(first)) {
                first = candidate;
            }
        }
        return first;
    }

    /** The days of the month the two day fields pick in {@code year}-{@code month}, as bits 1-31. */
    long days(int year, int month) {
        int length = YearMonth.of(year, month).lengthOfMonth();
        // AWS's day of the week of the 1st: java's MONDAY (1) .. SUNDAY (7) to SUN (1) .. SAT (7).
        int firstDow = LocalDate.of(year, month, 1).getDayOfWeek().getValue() % 7 + 1;
        long picked = 0;
        switch (dayOfMonthRule) {
            case SET -> picked = dayOfMonth & ((1L << (length + 1)) - 2);
            case LAST_DAY -> picked = 1L << length;
            case LAST_WEEKDAY -> {
                int day = length;
                while (isWeekend(dowOf(firstDow, day))) {
                    day--;
                }
                picked = 1L << day;
            }
            case NEAREST_WEEKDAY -> {
                int day = (int) dayOfMonth;
                if (day <= length) {
                    int dow = dowOf(firstDow, day);
                    // The nearest weekday in the same month: never across the month's start or end.
                    if (dow == 7) {
                        day = day > 1 ? day - 1 : day + 2;
                    } else if (dow == 1) {
                        day = day < length ? day + 1 : day - 2;
                    }
                    picked = 1L << day;
                }
            }
            default -> {
                switch (dayOfWeekRule) {
                    case SET -> {
                        for (int day = 1; day <= length; day++) {
                            if ((dayOfWeek & 1 << dowOf(firstDow, day)) != 0) {
                                picked |= 1L << day;
                            }
                        }
                    }
                    case LAST_OF_MONTH -> {
                        int day = length;
                        while (dowOf(firstDow, day) != dayOfWeek) {
                            day--;
                        }
                        picked = 1L << day;
                    }
                    case NTH_OF_MONTH -> {
                        int day = 1 + (dayOfWeek - firstDow + 7) % 7 + 7 * (week - 1);
                        picked = day <= length ? 1L << day : 0;
                    }
                    default -> throw new IllegalStateException("both day fields are '?'");
                }
            }
        }
        return picked;
    }

    private static int dowOf(int firstDow, int day) {
        return (firstDow - 1 + day - 1) % 7 + 1;
    }

    private static boolean isWeekend(int dow) {
        return dow == 1 || dow == 7;
    }

    /** Reads the values of one field; every refusal names the field. */
    private static final class Parser {
        private final String expression;

        Parser(String expression) {
            this.expression = expression;
        }

        private InvalidScheduleExpressionException invalid(int field, String reason) {
            return CronSchedule.invalid(expression, "cron field " + FIELDS[field], reason);
        }

        /** A list ({@code ,}) of values, ranges ({@code -}), {@code *} and increments ({@code /}), as bits. */
        BitSet list(int field, String text, int min, int max, String[] names) {
            BitSet values = new BitSet();
            for (String special : new String[] {"?", "#"}) {
                if (text.contains(special)) {
                    throw invalid(field, "'" + special + "' is allowed only " + (special.equals("#")
                            ? "in day-of-week" : "in day-of-month and day-of-week") + ", and there only alone, found '"
                            + text + "'");
                }
            }
            if (text.startsWith(",") || text.endsWith(",") || text.contains(",,")) {
                throw invalid(field, "'" + text + "' has an empty item in its list");
            }
            for (String item : text.split(",")) {
                int slash = item.indexOf('/');
                String range = slash < 0 ? item : item.substring(0, slash);
                int from;
                int to;
                if (range.isEmpty() || range.startsWith("-") && range.length() > 1 && range.indexOf('-', 1) < 0
                        || range.endsWith("-")) {
                    throw invalid(field, "'" + item + "' is not " + Parser.noun(field) + (range.isEmpty()
                            ? ": a value or * comes before '/'" : ": a range needs a value on each side of '-'"));
                }
                if (range.equals("*")) {
                    from = min;
                    to = max;
                } else {
                    int dash = range.indexOf('-', 1);
                    from = value(field, dash < 0 ? range : range.substring(0, dash), min, max, names);
                    to = dash < 0 ? (slash < 0 ? from : max) : value(field, range.substring(dash + 1), min, max, names);
                    if (from > to) {
                        throw invalid(field, "the range '" + range + "' runs backwards: its first value must not come "
                                + "after its last");
                    }
                }
                int step = 1;
                if (slash >= 0) {
                    String increment = item.substring(slash + 1);
                    int largest = max == LAST_YEAR ? LAST_YEAR - FIRST_YEAR : max;
                    if (!increment.matches("[0-9]{1,4}") || Integer.parseInt(increment) < 1
                            || Integer.parseInt(increment) > largest) {
                        throw invalid(field, "the increment after '/' in '" + item + "' must be a whole number from 1 "
                                + "to " + largest);
                    }
                    step = Integer.parseInt(increment);
                }
                for (int v = from; v <= to; v += step) {
                    values.set(v);
                }
            }
            return values;
        }

        /** One value: a number in {@code min}-{@code max} or one of {@code names} (numbered from {@code min}). */
        int value(int field, String text, int min, int max, String[] names) {
            if (text.matches("[0-9]{1,4}")) {
                int value = Integer.parseInt(text);
                if (value >= min && value <= max) {
                    return value;
                }
            } else if (names != null) {
                for (int i = 0; i < names.length; i++) {
                    if (names[i].equalsIgnoreCase(text)) {
                        return min + i;
                    }
                }
            }
            String upper = text.toUpperCase(Locale.ROOT);
            if (upper.matches("([0-9]{0,2}|SUN|MON|TUE|WED|THU|FRI|SAT)L|L-?[0-9]*")) {
                throw invalid(field, "'L' is allowed only in day-of-month and day-of-week, and there only alone, "
                        + "found '" + text + "'");
            }
            if (upper.matches("[0-9]*W|LW")) {
                throw invalid(field, "'W' is allowed only in day-of-month, and there only alone, found '" + text + "'");
            }
            throw invalid(field, "'" + text + "' is not " + noun(field));
        }

        private static String noun(int field) {
            return switch (field) {
                case 0 -> "a minute (0-59)";
                case 1 -> "an hour (0-23)";
                case 2 -> "a day of the month (1-31)";
                case 3 -> "a month (1-12 or JAN-DEC)";
                case 4 -> "a day of the week (1-7 or SUN-SAT)";
                default -> "a year (1970-2199)";
            };
        }
    }
}
