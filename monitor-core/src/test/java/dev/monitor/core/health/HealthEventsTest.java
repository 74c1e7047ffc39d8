package dev.monitor.core.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monitor.api.health.HealthResult;
import dev.monitor.api.health.Status;
import dev.monitor.core.Await;
import dev.monitor.core.Monitor;
import dev.monitor.core.QuietMonitor;
import dev.monitor.core.events.Rule;
import dev.monitor.core.events.Target;
import dev.monitor.core.health.HealthEvent.EventStatus;
import dev.monitor.testing.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Health events in AWS Health's model (https://docs.aws.amazon.com/health/latest/APIReference/API_Event.html,
 * https://docs.aws.amazon.com/health/latest/APIReference/API_AffectedEntity.html): opened, updated and
 * closed with the right times, and put on the default bus as "AWS Health Event"s in EventBridge's shape
 * (https://docs.aws.amazon.com/health/latest/ug/aws-health-events-eventbridge-schema.html), where a rule matches them.
 */
class HealthEventsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** API_Event.html: arn:aws:health:event-region::event/SERVICE/EVENT_TYPE_CODE/EVENT_TYPE_PLUS_ID, and its pattern. */
    private static final Pattern EVENT_ARN = Pattern.compile("arn:aws(-[a-z]+(-[a-z]+)?)?:health:[^:]*:[^:]*:event(?:/[\\w-]+){3}");
    @TempDir
    Path dir;
    private final ManualClock clock = ManualClock.at("2026-12-03T10:00:00Z");
    private final AtomicReference<HealthResult> db = new AtomicReference<>(HealthResult.up());

    private Monitor monitor() {
        return QuietMonitor.builder(dir, clock).account("123456789012", "eu-west-1").health(HealthChecksTest.noBuiltins()).build();
    }

    private void run(Monitor monitor, String time, HealthResult result) throws Exception {
        clock.set(Instant.parse(time));
        db.set(result);
        HealthChecksTest.engine(monitor).tick();
        Await.until(Duration.ofSeconds(10), () -> clock.instant().equals(HealthChecksTest.check(monitor, "payments-db").lastRun()),
                () -> "the run at " + time + " did not end");
    }

    @Test
    void aCheckGoingDownOpensAnIssueThatIsUpdatedThenClosedWhenItRecovers() throws Exception {
        List<String> paged = new CopyOnWriteArrayList<>();
        try (Monitor monitor = monitor()) {
            monitor.events().putRule(Rule.builder("page-on-health").eventPattern(
                    "{\"source\": [\"aws.health\"], \"detail-type\": [\"AWS Health Event\"], \"detail\": {\"eventTypeCategory\": [\"issue\"]}}")
                    .target(Target.handler("pager", paged::add)).build());
            monitor.health().register("payments-db", CheckOptions.defaults().withComponent("payments").withInterval(Duration.ofSeconds(1)), db::get);
            run(monitor, "2026-12-03T10:00:00Z", HealthResult.up());
            assertTrue(monitor.health().events().isEmpty());

            run(monitor, "2026-12-03T10:05:00Z", HealthResult.down("connection refused"));
            HealthEvent open = monitor.health().events().get(0);
            assertTrue(EVENT_ARN.matcher(open.arn()).matches(), open.arn());
            assertTrue(open.arn().startsWith("arn:aws:health:eu-west-1::event/PAYMENTS/MONITOR_PAYMENTS_OPERATIONAL_ISSUE/"
                    + "MONITOR_PAYMENTS_OPERATIONAL_ISSUE_"), open.arn());
            assertEquals("PAYMENTS", open.service());
            assertEquals(HealthEvent.Category.ISSUE, open.eventTypeCategory());
            assertEquals(EventStatus.OPEN, open.statusCode());
            assertEquals("ACCOUNT_SPECIFIC", open.eventScopeCode());
            assertEquals(Instant.parse("2026-12-03T10:05:00Z"), open.startTime());
            assertNull(open.endTime());
            assertEquals(open.startTime(), open.lastUpdatedTime());
            assertEquals(List.of("payments IMPAIRED", "payments/check/payments-db IMPAIRED"),
                    open.entities().stream().map(e -> e.entityValue() + " " + e.statusCode()).toList());
            assertTrue(open.description().startsWith("The payments component is DOWN: check payments-db is DOWN: connection refused."),
                    open.description());
            assertTrue(open.description().contains("Remediation:"), open.description());

            run(monitor, "2026-12-03T10:07:00Z", HealthResult.down("connection refused"));
            assertEquals(open, monitor.health().events().get(0), "nothing new: no new version");
            run(monitor, "2026-12-03T10:08:00Z", HealthResult.degraded("pool exhausted, 30% of queries fail"));
            HealthEvent updated = monitor.health().events().get(0);
            assertEquals(open.arn(), updated.arn());
            assertEquals(open.startTime(), updated.startTime());
            assertEquals(Instant.parse("2026-12-03T10:08:00Z"), updated.lastUpdatedTime());
            assertTrue(updated.description().startsWith("The payments component is DEGRADED"), updated.description());

            run(monitor, "2026-12-03T10:30:00Z", HealthResult.up());
            HealthEvent closed = monitor.health().events().get(0);
            assertEquals(open.arn(), closed.arn());
            assertEquals(EventStatus.CLOSED, closed.statusCode());
            assertEquals(Instant.parse("2026-12-03T10:30:00Z"), closed.endTime());
            assertEquals(closed.endTime(), closed.lastUpdatedTime());
            assertEquals(List.of("UNIMPAIRED", "UNIMPAIRED"), closed.entities().stream().map(HealthEvent.AffectedEntity::statusCode).toList());
            assertEquals(1, monitor.health().events().size());

            assertTrue(monitor.events().flush(Duration.ofSeconds(10)));
            Await.until(Duration.ofSeconds(10), () -> paged.size() == 3, () -> "paged " + paged.size() + " times");
            JsonNode first = JSON.readTree(paged.get(0));
            assertEquals("AWS Health Event", first.path("detail-type").asText());
            assertEquals("aws.health", first.path("source").asText());
            assertEquals("123456789012", first.path("account").asText());
            assertEquals("eu-west-1", first.path("region").asText());
            assertEquals("2026-12-03T10:05:00Z", first.path("time").asText(), "yyyy-mm-ddThh:mm:ssZ");
            assertEquals("[\"payments\",\"payments/check/payments-db\"]", first.path("resources").toString());
            JsonNode detail = first.path("detail");
            assertEquals(open.arn(), detail.path("eventArn").asText());
            assertEquals("MONITOR_PAYMENTS_OPERATIONAL_ISSUE", detail.path("eventTypeCode").asText());
            assertEquals("issue", detail.path("eventTypeCategory").asText());
            assertEquals("open", detail.path("statusCode").asText());
            assertEquals("eu-west-1", detail.path("eventRegion").asText());
            assertEquals("Thu, 3 Dec 2026 10:05:00 GMT", detail.path("startTime").asText());
            assertEquals("en_US", detail.path("eventDescription").get(0).path("language").asText());
            assertEquals(open.description(), detail.path("eventDescription").get(0).path("latestDescription").asText());
            assertEquals("IMPAIRED", detail.path("affectedEntities").get(0).path("status").asText());
            assertEquals("123456789012", detail.path("affectedAccount").asText());
            JsonNode last = JSON.readTree(paged.get(2)).path("detail");
            assertEquals("closed", last.path("statusCode").asText());
            assertEquals("Thu, 3 Dec 2026 10:30:00 GMT", last.path("endTime").asText());
        }
    }

    @Test
    void aMaintenanceWindowIsUpcomingWithNoticeThenOpenThenClosed() throws Exception {
        try (Monitor monitor = monitor()) {
            Instant start = Instant.parse("2026-12-03T11:00:00Z");
            MaintenanceWindow window = new MaintenanceWindow("payments", start, start.plus(Duration.ofMinutes(30)), Duration.ofMinutes(30),
                    "The payments database moves to a larger instance; card payments are refused during the window.");
            assertNull(monitor.health().scheduleMaintenance(window), "an hour ahead: before its 30-minute notice");
            HealthChecksTest.engine(monitor).tick();
            assertTrue(monitor.health().events().isEmpty());

            clock.set(Instant.parse("2026-12-03T10:30:00Z"));
            HealthChecksTest.engine(monitor).tick();
            HealthEvent upcoming = monitor.health().events().get(0);
            assertEquals(HealthEvent.Category.SCHEDULED_CHANGE, upcoming.eventTypeCategory());
            assertEquals("MONITOR_PAYMENTS_SCHEDULED_MAINTENANCE", upcoming.eventTypeCode());
            assertEquals(EventStatus.UPCOMING, upcoming.statusCode());
            assertEquals(start, upcoming.startTime(), "a scheduled change's start is when the work starts");
            assertEquals(start.plus(Duration.ofMinutes(30)), upcoming.endTime());
            assertEquals(Instant.parse("2026-12-03T10:30:00Z"), upcoming.lastUpdatedTime());
            assertEquals("UNKNOWN", upcoming.entities().get(0).statusCode());

            clock.set(start);
            HealthChecksTest.engine(monitor).tick();
            HealthEvent open = monitor.health().events().get(0);
            assertEquals(upcoming.arn(), open.arn());
            assertEquals(EventStatus.OPEN, open.statusCode());
            assertEquals("IMPAIRED", open.entities().get(0).statusCode());

            clock.set(start.plus(Duration.ofMinutes(31)));
            HealthChecksTest.engine(monitor).tick();
            HealthEvent closed = monitor.health().events().get(0);
            assertEquals(EventStatus.CLOSED, closed.statusCode());
            assertEquals(start.plus(Duration.ofMinutes(30)), closed.endTime());
            assertEquals("UNIMPAIRED", closed.entities().get(0).statusCode());
            assertEquals(1, monitor.health().events().size());
        }
    }

    @Test
    void theApplicationsNotificationsAreOpenUntilClosed() throws Exception {
        try (Monitor monitor = monitor()) {
            HealthEvent notice = monitor.health().notify("checkout", "Card payments by Visa are delayed by the provider; "
                    + "orders are taken and charged later. No action is needed.");
            assertEquals(HealthEvent.Category.ACCOUNT_NOTIFICATION, notice.eventTypeCategory());
            assertEquals("MONITOR_CHECKOUT_NOTIFICATION", notice.eventTypeCode());
            assertEquals(EventStatus.OPEN, notice.statusCode());
            clock.advance(Duration.ofMinutes(5));
            assertTrue(monitor.health().closeEvent(notice.arn()));
            assertFalse(monitor.health().closeEvent(notice.arn()), "closed already");
            assertEquals(clock.instant(), monitor.health().events().get(0).endTime());
            IllegalArgumentException blank = assertThrows(IllegalArgumentException.class, () -> monitor.health().notify("checkout", " "));
            assertEquals("a notification about 'checkout' needs a description", blank.getMessage());
        }
    }

    @Test
    void anAlarmInAlarmMarksItsComponent() throws Exception {
        try (Monitor monitor = monitor()) {
            HealthChecksTest.engine(monitor).alarmChanged(AlarmChanges.change("PaymentsErrors", dev.monitor.core.alarms.AlarmState.ALARM, clock.instant()));
            assertTrue(monitor.health().components().isEmpty(), "an alarm bound to no component marks none");
            monitor.health().bindAlarm("PaymentsErrors", "payments", Status.DEGRADED);
            HealthChecksTest.engine(monitor).tick();
            assertEquals(Status.DEGRADED, monitor.health().components().get(0).status(), "bound while in ALARM: it marks the component at once");
            ComponentStatus payments = monitor.health().components().get(0);
            assertEquals(Status.DEGRADED, payments.status());
            assertEquals("alarm PaymentsErrors is in ALARM", payments.reason());
            assertEquals("payments/alarm/PaymentsErrors", monitor.health().events().get(0).entities().get(1).entityValue());
            clock.advance(Duration.ofMinutes(3));
            HealthChecksTest.engine(monitor).alarmChanged(AlarmChanges.change("PaymentsErrors", dev.monitor.core.alarms.AlarmState.OK, clock.instant()));
            assertEquals(Status.UP, monitor.health().components().get(0).status(), "the alarm is OK again");
            assertEquals(HealthEvent.EventStatus.CLOSED, monitor.health().events().get(0).statusCode());
        }
    }
}
