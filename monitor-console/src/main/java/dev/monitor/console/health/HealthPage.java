package dev.monitor.console.health;

import dev.monitor.api.health.Status;
import dev.monitor.console.ConsoleApi;
import dev.monitor.console.ConsolePage;
import dev.monitor.core.Monitor;
import dev.monitor.core.health.CheckStatus;
import dev.monitor.core.health.ComponentStatus;
import dev.monitor.core.health.DayStatus;
import dev.monitor.core.health.HealthEvent;
import dev.monitor.core.health.HealthService;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Health: AWS's two health dashboards for this application. The service health view: each
 * component's status now and a row of its last days, each day coloured by the worst status it saw
 * (green UP, yellow DEGRADED, red DOWN or OUT_OF_SERVICE, grey unknown), with the feeds' links. The
 * account health view: the upcoming, open and closed events with their affected entities and remediation.
 *
 * <ul>
 *   <li>{@code GET /api/health/overview?days=N}: the overall status, the checks, each component with its
 *       last N days (30 unless asked, at most 366), and the events by status.</li>
 * </ul>
 */
public final class HealthPage implements ConsolePage {
    static final int DEFAULT_DAYS = 30;

    @Override
    public String id() {
        return "health";
    }

    @Override
    public String title() {
        return "Health";
    }

    @Override
    public int order() {
        return 80;
    }

    @Override
    public void install(ConsoleApi api, Monitor monitor) {
        api.get("overview", request -> overview(monitor.health(), request.integer("days", DEFAULT_DAYS, 1, 366)));
    }

    /** One component: its status now and its days. */
    record Component(String name, String status, String reason, Instant since, List<Day> days) {
    }

    /** One day of a component's row. */
    record Day(String day, String worst, String colour, List<Change> changes, List<String> events) {
    }

    record Change(Instant time, String previous, String status, String reason) {
    }

    record Check(String name, String component, List<String> groups, String status, String reason, Instant lastRun) {
    }

    record Entity(String value, String status) {
    }

    record Event(String arn, String eventTypeCode, String category, String statusCode, String component, Instant startTime,
                 Instant endTime, Instant lastUpdatedTime, String description, List<Entity> entities) {
    }

    static Map<String, Object> overview(HealthService health, int days) {
        Map<String, List<DayStatus>> history = health.history(days);
        Map<String, ComponentStatus> now = new LinkedHashMap<>();
        health.components().forEach(c -> now.put(c.component(), c));
        TreeSet<String> names = new TreeSet<>(history.keySet());
        names.addAll(now.keySet());
        List<Component> components = new ArrayList<>();
        for (String name : names) {
            ComponentStatus current = now.get(name);
            List<Day> row = new ArrayList<>();
            for (DayStatus day : history.getOrDefault(name, List.of())) {
                row.add(new Day(day.day().toString(), day.worst().name(), day.colour(),
                        day.changes().stream().map(c -> new Change(c.time(), c.previous().name(), c.status().name(), c.reason())).toList(),
                        day.events()));
            }
            components.add(new Component(name, current == null ? Status.UNKNOWN.name() : current.status().name(),
                    current == null ? null : current.reason(), current == null ? null : current.since(), row));
        }
        List<Check> checks = new ArrayList<>();
        for (CheckStatus check : health.checks()) {
            checks.add(new Check(check.name(), check.component(), check.groups().stream().sorted().toList(), check.status().name(), check.reason(),
                    check.lastRun()));
        }
        Map<String, List<Event>> events = new LinkedHashMap<>();
        for (String status : List.of("upcoming", "open", "closed")) {
            events.put(status, new ArrayList<>());
        }
        for (HealthEvent event : health.events()) {
            events.get(event.statusCode().wire()).add(new Event(event.arn(), event.eventTypeCode(), event.eventTypeCategory().wire(),
                    event.statusCode().wire(), event.component(), event.startTime(), event.endTime(), event.lastUpdatedTime(), event.description(),
                    event.entities().stream().map(e -> new Entity(e.entityValue(), e.statusCode())).toList()));
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("status", health.status().name());
        answer.put("days", days);
        answer.put("components", components);
        answer.put("checks", checks);
        answer.put("events", events);
        answer.put("feeds", Map.of("rss", "/health/feed.rss", "atom", "/health/feed.atom"));
        return answer;
    }
}
