package dev.monitor.core.health.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monitor.api.health.Status;
import dev.monitor.core.files.DataLayout;
import dev.monitor.core.health.DayStatus;
import dev.monitor.core.health.HealthEvent;
import dev.monitor.core.health.StatusChange;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Not API (public for the CLI and the console): reads what a monitor's health wrote under {@code <data-dir>/health}: the status changes of its
 * components, day by day, and every version of its health events. The monitor, the CLI and the
 * console read the same files through this class, so what the application wrote can be looked at
 * after it stopped.
 *
 * <p>A line that is not what the monitor writes (a file cut short by a crash) is skipped: the others
 * are still read. Stateless; each call reads the files again.
 */
public final class HealthFiles {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final DataLayout layout;

    public HealthFiles(DataLayout layout) {
        this.layout = layout;
    }

    /** A component's status stated in the files: a change, or a snapshot written at the start of a day or a run. */
    record Point(Instant time, String component, Status previous, Status status, String reason, boolean snapshot) {
    }

    /** Every status change in the files, oldest first (snapshots left out). */
    public List<StatusChange> changes() {
        List<StatusChange> changes = new ArrayList<>();
        for (Point point : points()) {
            if (!point.snapshot()) {
                changes.add(new StatusChange(point.time(), point.component(), point.previous(), point.status(), point.reason()));
            }
        }
        return changes;
    }

    List<Point> points() {
        List<Point> points = new ArrayList<>();
        for (Path file : files("changes")) {
            forEachLine(file, node -> points.add(new Point(Instant.parse(node.path("time").asText()), node.path("component").asText(),
                    Status.valueOf(node.path("previous").asText("UNKNOWN")), Status.valueOf(node.path("status").asText()),
                    node.hasNonNull("reason") ? node.path("reason").asText() : null, node.path("snapshot").asBoolean(false))));
        }
        points.sort(Comparator.comparing(Point::time));
        return points;
    }

    /** The latest version of every event in the files, the most recently updated first. */
    public List<HealthEvent> events() {
        Map<String, HealthEvent> latest = new LinkedHashMap<>();
        for (Path file : files("events")) {
            forEachLine(file, node -> {
                HealthEvent event = HealthEventJson.fromStored(node);
                latest.merge(event.arn(), event, (a, b) -> b.lastUpdatedTime().isBefore(a.lastUpdatedTime()) ? a : b);
            });
        }
        List<HealthEvent> events = new ArrayList<>(latest.values());
        events.sort(Comparator.comparing(HealthEvent::lastUpdatedTime).reversed().thenComparing(HealthEvent::arn));
        return events;
    }

    /**
     * Each component's last {@code days} days up to {@code today} (UTC), oldest first: the worst
     * status it had at any moment of each day, with that day's changes and the events active then.
     * A day starts in the status the component ended the day before with.
     */
    public Map<String, List<DayStatus>> history(LocalDate today, int days) {
        return history(points(), events(), today, days);
    }

    static Map<String, List<DayStatus>> history(List<Point> points, List<HealthEvent> events, LocalDate today, int days) {
        if (days < 1) {
            throw new IllegalArgumentException("days must be at least 1, not " + days);
        }
        LocalDate first = today.minusDays(days - 1L);
        Map<String, List<Point>> byComponent = new TreeMap<>();
        for (Point point : points) {
            byComponent.computeIfAbsent(point.component(), k -> new ArrayList<>()).add(point);
        }
        for (HealthEvent event : events) {
            byComponent.computeIfAbsent(event.component(), k -> new ArrayList<>());
        }
        Map<String, List<DayStatus>> out = new LinkedHashMap<>();
        byComponent.forEach((component, list) -> {
            List<DayStatus> row = new ArrayList<>(days);
            Status carried = Status.UNKNOWN;
            int i = 0;
            while (i < list.size() && day(list.get(i).time()).isBefore(first)) {
                carried = list.get(i++).status();
            }
            for (LocalDate day = first; !day.isAfter(today); day = day.plusDays(1)) {
                Instant start = day.atStartOfDay(ZoneOffset.UTC).toInstant();
                List<StatusChange> changes = new ArrayList<>();
                // a change at the very start of the day replaces the status carried over before the day is in it
                int atStart = i;
                while (atStart < list.size() && list.get(atStart).time().equals(start)) {
                    carried = list.get(atStart++).status();
                }
                Status worst = carried;
                while (i < list.size() && day(list.get(i).time()).equals(day)) {
                    Point point = list.get(i++);
                    worst = worst.worst(point.status());
                    if (i > atStart) {
                        carried = point.status();
                    }
                    if (!point.snapshot()) {
                        changes.add(new StatusChange(point.time(), component, point.previous(), point.status(), point.reason()));
                    }
                }
                row.add(new DayStatus(day, worst, changes, eventsOn(events, component, day)));
            }
            out.put(component, row);
        });
        return out;
    }

    private static List<String> eventsOn(List<HealthEvent> events, String component, LocalDate day) {
        Instant start = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant end = start.plusSeconds(86_400);
        TreeSet<String> arns = new TreeSet<>();
        for (HealthEvent event : events) {
            if (event.component().equals(component) && event.statusCode() != HealthEvent.EventStatus.UPCOMING
                    && event.startTime().isBefore(end)
                    && (event.endTime() == null || event.statusCode() != HealthEvent.EventStatus.CLOSED || !event.endTime().isBefore(start))) {
                arns.add(event.arn());
            }
        }
        return List.copyOf(arns);
    }

    static LocalDate day(Instant time) {
        return LocalDate.ofInstant(time, ZoneOffset.UTC);
    }

    /** The files of {@code kind} in day order. */
    private List<Path> files(String kind) {
        TreeMap<LocalDate, Path> files = new TreeMap<>();
        try (Stream<Path> list = Files.list(layout.health())) {
            list.forEach(file -> {
                LocalDate day = DataLayout.healthFileDay(kind, file.getFileName().toString());
                if (day != null) {
                    files.put(day, file);
                }
            });
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + layout.health() + ": " + e.getMessage(), e);
        }
        return List.copyOf(files.values());
    }

    private static void forEachLine(Path file, java.util.function.Consumer<JsonNode> action) {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    action.accept(JSON.readTree(line));
                } catch (IOException | RuntimeException e) {
                    // a line cut short by a crash, or not ours: the others are still read
                }
            }
        } catch (NoSuchFileException e) {
            // deleted by retention while listed
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
