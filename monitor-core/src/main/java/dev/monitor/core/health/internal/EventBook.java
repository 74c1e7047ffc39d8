package dev.monitor.core.health.internal;

import dev.monitor.api.health.Status;
import dev.monitor.core.health.HealthEvent;
import dev.monitor.core.health.HealthEvent.AffectedEntity;
import dev.monitor.core.health.HealthEvent.Category;
import dev.monitor.core.health.HealthEvent.EventStatus;
import dev.monitor.core.health.MaintenanceWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The health events of this deployment in AWS Health's model: opens an {@code issue} when a
 * component turns DEGRADED or DOWN, updates it while it stays so, closes it when the component is
 * UP again; moves each maintenance window's {@code scheduledChange} from upcoming to open to closed;
 * keeps the application's {@code accountNotification}s. Every method answers the versions it made,
 * for the engine to store and put on the bus. Guarded by the engine's lock.
 */
final class EventBook {
    static final String ISSUE = "OPERATIONAL_ISSUE";
    static final String MAINTENANCE = "SCHEDULED_MAINTENANCE";
    static final String NOTIFICATION = "NOTIFICATION";
    private static final String SCOPE = "ACCOUNT_SPECIFIC";

    private final String account;
    private final String region;
    private final Map<String, HealthEvent> events = new LinkedHashMap<>();
    /** The open issue of each component, by component. */
    private final Map<String, String> openIssues = new LinkedHashMap<>();

    EventBook(String account, String region, Collection<HealthEvent> stored) {
        this.account = account;
        this.region = region;
        for (HealthEvent event : stored) {
            events.put(event.arn(), event);
            if (event.eventTypeCategory() == Category.ISSUE && event.statusCode() == EventStatus.OPEN) {
                openIssues.put(event.component(), event.arn());
            }
        }
    }

    /** The events to show: every one in memory, the most recently updated first. */
    List<HealthEvent> all() {
        List<HealthEvent> list = new ArrayList<>(events.values());
        list.sort(java.util.Comparator.comparing(HealthEvent::lastUpdatedTime).reversed().thenComparing(HealthEvent::arn));
        return list;
    }

    /** Those still upcoming or open. */
    List<HealthEvent> live() {
        return events.values().stream().filter(e -> e.statusCode() != EventStatus.CLOSED).toList();
    }

    HealthEvent get(String arn) {
        return events.get(arn);
    }

    /** What a component's new verdict does to its issue: opens one, updates it, or closes it. */
    List<HealthEvent> component(String component, Verdict verdict, Instant now) {
        String arn = openIssues.get(component);
        HealthEvent open = arn == null ? null : events.get(arn);
        boolean impaired = verdict.status() == Status.DOWN || verdict.status() == Status.DEGRADED;
        if (impaired) {
            String description = issueDescription(component, verdict);
            if (open == null) {
                HealthEvent event = new HealthEvent(newArn(component, ISSUE), HealthEvent.serviceName(component), HealthEvent.typeCode(component, ISSUE),
                        Category.ISSUE, region, now, null, now, EventStatus.OPEN, SCOPE, component, description,
                        entities(component, verdict, "IMPAIRED", now));
                openIssues.put(component, event.arn());
                return List.of(put(event));
            }
            if (!description.equals(open.description())) {
                return List.of(put(with(open, EventStatus.OPEN, null, now, description, entities(component, verdict, "IMPAIRED", now))));
            }
            return List.of();
        }
        if (open != null && verdict.status() == Status.UP) {
            openIssues.remove(component);
            List<AffectedEntity> resolved = open.entities().stream()
                    .map(e -> new AffectedEntity(e.entityArn(), e.entityValue(), "UNIMPAIRED", now)).toList();
            String description = open.description() + "\n\n[Resolved " + HealthEventsText.time(now) + "] " + component
                    + " is UP again. No action is needed.";
            return List.of(put(with(open, EventStatus.CLOSED, now, now, description, resolved)));
        }
        return List.of();
    }

    /** Moves each window's event to where {@code now} puts it; answers the versions made. */
    List<HealthEvent> maintenance(Collection<MaintenanceWindow> windows, Instant now) {
        List<HealthEvent> changed = new ArrayList<>();
        for (MaintenanceWindow window : windows) {
            EventStatus due = now.isBefore(window.start().minus(window.notice())) ? null
                    : now.isBefore(window.start()) ? EventStatus.UPCOMING
                    : now.isBefore(window.end()) ? EventStatus.OPEN : EventStatus.CLOSED;
            if (due == null) {
                continue;
            }
            HealthEvent existing = maintenanceEvent(window);
            String entityStatus = due == EventStatus.OPEN ? "IMPAIRED" : due == EventStatus.CLOSED ? "UNIMPAIRED" : "UNKNOWN";
            List<AffectedEntity> entities = List.of(entity(window.component(), entityStatus, now));
            if (existing == null) {
                if (due == EventStatus.CLOSED && now.isAfter(window.end().plus(Duration.ofDays(1)))) {
                    continue; // declared long after it ended: nothing to tell
                }
                changed.add(put(new HealthEvent(newArn(window.component(), MAINTENANCE), HealthEvent.serviceName(window.component()),
                        HealthEvent.typeCode(window.component(), MAINTENANCE), Category.SCHEDULED_CHANGE, region, window.start(), window.end(),
                        now, due, SCOPE, window.component(), window.description(), entities)));
            } else if (existing.statusCode() != due) {
                changed.add(put(with(existing, due, window.end(), now, existing.description(), entities)));
            }
        }
        return changed;
    }

    private HealthEvent maintenanceEvent(MaintenanceWindow window) {
        for (HealthEvent event : events.values()) {
            if (event.eventTypeCategory() == Category.SCHEDULED_CHANGE && event.component().equals(window.component())
                    && event.startTime().equals(window.start())) {
                return event;
            }
        }
        return null;
    }

    HealthEvent notification(String component, String description, Instant now) {
        return put(new HealthEvent(newArn(component, NOTIFICATION), HealthEvent.serviceName(component), HealthEvent.typeCode(component, NOTIFICATION),
                Category.ACCOUNT_NOTIFICATION, region, now, null, now, EventStatus.OPEN, SCOPE, component, description,
                List.of(entity(component, "UNKNOWN", now))));
    }

    /** Closes {@code arn}; null when there is no such event or it is closed. */
    HealthEvent close(String arn, Instant now) {
        HealthEvent event = events.get(arn);
        if (event == null || event.statusCode() == EventStatus.CLOSED) {
            return null;
        }
        openIssues.values().remove(arn);
        List<AffectedEntity> entities = event.entities().stream().map(e -> new AffectedEntity(e.entityArn(), e.entityValue(),
                "IMPAIRED".equals(e.statusCode()) ? "UNIMPAIRED" : e.statusCode(), now)).toList();
        return put(with(event, EventStatus.CLOSED, now, now, event.description(), entities));
    }

    /** Forgets events closed before {@code oldest}. */
    void prune(Instant oldest) {
        events.values().removeIf(e -> e.statusCode() == EventStatus.CLOSED && e.endTime() != null && e.endTime().isBefore(oldest));
    }

    private HealthEvent put(HealthEvent event) {
        events.put(event.arn(), event);
        return event;
    }

    private static HealthEvent with(HealthEvent event, EventStatus status, Instant end, Instant now, String description,
                                    List<AffectedEntity> entities) {
        return new HealthEvent(event.arn(), event.service(), event.eventTypeCode(), event.eventTypeCategory(), event.region(),
                event.startTime(), end, now, status, event.eventScopeCode(), event.component(), description, entities);
    }

    /** AWS's event ARN: {@code arn:aws:health:REGION::event/SERVICE/EVENT_TYPE_CODE/EVENT_TYPE_PLUS_ID}. */
    private String newArn(String component, String kind) {
        String code = HealthEvent.typeCode(component, kind);
        return "arn:aws:health:" + region + "::event/" + HealthEvent.serviceName(component) + "/" + code + "/" + code + "_"
                + UUID.randomUUID();
    }

    private List<AffectedEntity> entities(String component, Verdict verdict, String status, Instant now) {
        List<AffectedEntity> entities = new ArrayList<>();
        entities.add(entity(component, status, now));
        for (String blamed : verdict.blamed()) {
            switch (verdict.cause()) {
                case CHECKS -> entities.add(entity(component + "/check/" + blamed, status, now));
                case ALARM -> entities.add(entity(component + "/alarm/" + blamed, status, now));
                // the callers of a failing dependency: whether they are impaired depends on their fallbacks
                case DEPENDENCY -> entities.add(entity(blamed, "UNKNOWN", now));
                default -> {
                }
            }
        }
        return entities;
    }

    private AffectedEntity entity(String value, String status, Instant now) {
        return new AffectedEntity("arn:aws:health:" + region + ":" + account + ":entity/" + value.replaceAll("[^A-Za-z0-9/_.-]", "-"), value,
                status, now);
    }

    /** The description of an issue: what is wrong, since when, and what to do. */
    static String issueDescription(String component, Verdict verdict) {
        String what = "The " + component + " component is " + verdict.status() + (verdict.reason() == null ? "." : ": " + verdict.reason() + ".");
        String remedy = switch (verdict.cause()) {
            case CHECKS -> "Remediation: look at what the failing check reports in the console's health page and at the component's "
                    + "recent errors in its logs and traces. A check that timed out usually means a hung connection or a slow "
                    + "dependency; restart the instance only if it does not recover.";
            case ALARM -> "Remediation: open the alarm in the console, read its reason and follow its runbook; the component "
                    + "recovers when the alarm is OK again.";
            case DEPENDENCY -> "Remediation: calls to " + component + " fail. Look at its recent traces and its own status; "
                    + "make callers use their fallback or circuit breaker, and reduce retries so that they do not add load.";
            case NONE -> "Remediation: look at the component's logs and traces.";
        };
        return what + "\n\n" + remedy;
    }
}
