package dev.monitor.core.health.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.monitor.api.health.Status;
import dev.monitor.core.health.DayStatus;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Each day's worst status is the worst the component had in that day, however the changes fall: every status set during
 * the day, and the status it began with (the last set before it) unless a change at its very first instant replaced it.
 */
class HistoryProperties {
    private static final LocalDate TODAY = LocalDate.parse("2026-12-10");
    private static final Instant FIRST = LocalDate.parse("2026-12-01").atStartOfDay(ZoneOffset.UTC).toInstant();

    @Provide
    Arbitrary<List<HealthFiles.Point>> points() {
        Arbitrary<HealthFiles.Point> point = Combinators.combine(
                Arbitraries.oneOf(Arbitraries.longs().between(0, 10L * 86_400 - 1),
                        Arbitraries.longs().between(0, 9).map(day -> day * 86_400)), // changes at midnight, exactly
                Arbitraries.of(Status.class), Arbitraries.of(true, false, false))
                .as((second, status, snapshot) -> new HealthFiles.Point(FIRST.plusSeconds(second), "payments", Status.UNKNOWN, status, null, snapshot));
        return point.list().ofMaxSize(30).map(list -> {
            List<HealthFiles.Point> sorted = new ArrayList<>(list);
            sorted.sort(Comparator.comparing(HealthFiles.Point::time));
            return sorted;
        });
    }

    @Property
    void eachDayIsTheWorstStatusOfAnyInstantOfIt(@ForAll("points") List<HealthFiles.Point> points) {
        int days = 7;
        Map<String, List<DayStatus>> history = HealthFiles.history(points, List.of(), TODAY, days);
        if (points.isEmpty()) {
            assertEquals(Map.of(), history);
            return;
        }
        List<DayStatus> row = history.get("payments");
        assertEquals(days, row.size());
        for (DayStatus day : row) {
            Instant start = day.day().atStartOfDay(ZoneOffset.UTC).toInstant();
            Instant end = start.plusSeconds(86_400);
            // what the day saw: every status set in it, and the one it began with unless a change at its first instant replaced it
            Status worst = points.stream().anyMatch(p -> p.time().equals(start)) ? Status.UNKNOWN : statusAt(points, start);
            for (HealthFiles.Point point : points) {
                if (!point.time().isBefore(start) && point.time().isBefore(end)) {
                    worst = worst.worst(point.status());
                }
            }
            assertEquals(worst, day.worst(), day.day().toString());
            assertEquals(points.stream().filter(p -> !p.snapshot() && HealthFiles.day(p.time()).equals(day.day())).count(), day.changes().size());
        }
    }

    /** The status of the last point at or before {@code time}, as a person reading the files in order would say. */
    private static Status statusAt(List<HealthFiles.Point> points, Instant time) {
        Status status = Status.UNKNOWN;
        for (HealthFiles.Point point : points) {
            if (!point.time().isAfter(time)) {
                status = point.status();
            }
        }
        return status;
    }
}
